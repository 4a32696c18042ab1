//! Durable sessions in real headless Chromium: the server stops (writing its snapshot) and a
//! new one starts on the same address with the same data directory; the page's socket
//! reconnects by itself and carries on with no reload — a value set on `window` before the
//! restart is still there, the counter continues from its value, the shared total too, and a
//! typed draft is still typed.
//!
//! Run with `cargo test -p hjx-tests --test browser_restart`.

mod browser_support;

use std::time::Duration;

use browser_support::with_browser;
use hjx_runtime::{Config, Live, hjx};
use hjx_tests::client::TestServer;

hjx! {
    component Tally

    state:
      count = 0
      draft = ""

    shared:
      total = 0

    layout:
      button.bump (on click -> bump): "Count {{count}}"
      p.total: "Total {{total}}"
      input.draft (bind value <-> draft)
      p.echo: "Draft: {{draft}}"

    handlers:
      bump:
        set count = count + 1
        set total = total + 1
}

fn app(dir: &std::path::Path) -> Live {
    Live::with_config(
        Config::default()
            .data_dir(dir)
            .snapshot_every(Duration::ZERO),
    )
    .mount::<Tally>("/")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_carries_on_across_a_restart_without_reloading() {
    let dir = std::env::temp_dir().join(format!("hjx-browser-restart-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let data = dir.clone();
    with_browser(|browser| async move {
        let first = TestServer::start(app(&data)).await;
        let addr = first.addr;
        browser.goto(&format!("http://{addr}/")).await;
        browser
            .wait_for("document.documentElement.classList.contains('hjx-connected')")
            .await;
        for count in 1..=7 {
            browser.click("button.bump").await;
            browser
                .wait_for(&format!(
                    "document.querySelector('button.bump').textContent === 'Count {count}'"
                ))
                .await;
        }
        browser.type_into("input.draft", "half a thought").await;
        browser
            .wait_for("document.querySelector('p.echo').textContent === 'Draft: half a thought'")
            .await;
        browser
            .js(
                "window.__kept = 42; document.querySelector('button.bump').dataset.old = '1';",
                vec![],
            )
            .await;

        first.shutdown().await;
        let second = TestServer::start_at(app(&data), addr).await;
        // The socket reconnects by itself and the restored session sends one RESYNC (new
        // elements, no `data-old`); the page is the same one (no reload: `__kept` is there).
        browser
            .wait_for(
                "document.documentElement.classList.contains('hjx-connected') \
                 && !document.querySelector('button.bump').dataset.old && window.__kept === 42",
            )
            .await;
        browser.click("button.bump").await;
        browser
            .wait_for("document.querySelector('button.bump').textContent === 'Count 8'")
            .await;
        let state = browser
            .js(
                "return [window.__kept, document.querySelector('p.total').textContent, \
                 document.querySelector('input.draft').value, \
                 document.querySelector('p.echo').textContent];",
                vec![],
            )
            .await;
        assert_eq!(
            state,
            serde_json::json!([42, "Total 8", "half a thought", "Draft: half a thought"])
        );
        second.shutdown().await;
        browser
    })
    .await;
    let _ = std::fs::remove_dir_all(&dir);
}
