//! Form recovery in real headless Chromium: the server restarts while a form is half typed;
//! the page reconnects to the new server, which does not know its session, reloads once into a
//! fresh session, and puts back what was typed — a bound input (whose value reaches the new
//! session, so the server-rendered greeting follows), an unbound textarea, a checkbox, a
//! select — and never a password.
//!
//! Run with `cargo test -p hjx-tests --test browser_recovery`.

mod browser_support;

use browser_support::with_browser;
use hjx_runtime::{Live, hjx};
use hjx_tests::client::TestServer;
use serde_json::json;

hjx! {
    component Draft

    state:
      name = ""

    layout:
      form:
        input (name="name" bind value <-> name)
        textarea (name="notes")
        input (name="agree" type="checkbox")
        select (name="size"):
          option (value="s"): "S"
          option (value="m"): "M"
        input (name="secret" type="password")
        p.greeting: "Hello, {{name}}"
}

/// The fields' values as the page holds them.
const VALUES: &str = "const f = (n) => document.querySelector('[name=' + n + ']'); \
    return [f('name').value, f('notes').value, f('agree').checked, f('size').value, f('secret').value];";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_typed_form_survives_a_server_restart() {
    with_browser(|browser| async move {
        let first = TestServer::start(Live::new().mount::<Draft>("/")).await;
        let addr = first.addr;
        browser.goto(&format!("http://{addr}/")).await;
        browser
            .wait_for("document.documentElement.classList.contains('hjx-connected')")
            .await;
        browser.type_into("input[name=name]", "Ada").await;
        browser
            .type_into("textarea[name=notes]", "two lines\nof notes")
            .await;
        browser.click("input[name=agree]").await;
        browser
            .js(
                "const s = document.querySelector('select'); s.value = 'm';",
                vec![],
            )
            .await;
        browser.type_into("input[name=secret]", "hunter2").await;
        browser
            .wait_for("document.querySelector('p.greeting').textContent === 'Hello, Ada'")
            .await;
        // Marks this document: a reload starts a new one without the mark.
        browser.js("window.before = true;", vec![]).await;

        first.shutdown().await;
        let second = TestServer::start_at(Live::new().mount::<Draft>("/"), addr).await;

        // The page reconnects, finds its session gone, reloads once, and restores.
        browser.wait_for("!window.before").await;
        browser
            .wait_for("document.documentElement.classList.contains('hjx-connected')")
            .await;
        browser
            .wait_for("document.querySelector('[name=notes]').value !== ''")
            .await;
        assert_eq!(
            browser.js(VALUES, vec![]).await,
            json!(["Ada", "two lines\nof notes", true, "m", ""])
        );
        // The bound value reached the new session: its render greets Ada.
        browser
            .wait_for("document.querySelector('p.greeting').textContent === 'Hello, Ada'")
            .await;
        assert_eq!(
            browser
                .js("return sessionStorage.getItem('hjx-typed')", vec![])
                .await,
            json!(null),
            "restored once, then forgotten"
        );
        second.shutdown().await;
        browser
    })
    .await;
}
