//! Latency feedback in real headless Chromium, with the latency simulator at 300 ms: the
//! element that sent an event carries `hjx-loading` and `aria-busy` until its answer (a REPLY
//! with its changes, or an ACK when it changed nothing) and not after; a submit button with
//! `data-busy-text` shows that text and is disabled meanwhile, then comes back.
//!
//! Run with `cargo test -p hjx-tests --test browser_feedback`.

mod browser_support;

use browser_support::with_browser;
use hjx_runtime::{Live, hjx};
use hjx_tests::client::TestServer;
use serde_json::json;

hjx! {
    component Slow

    state:
      count = 0
      saved = ""

    layout:
      view:
        button.add (on click -> add): "{{count}}"
        button.noop (on click -> nothing): "nothing"
        form (on submit -> save(form)):
          input (name="title")
          button.save (type="submit" data-busy-text="Saving…"): "Save"
        p.saved: "{{saved}}"

    handlers:
      add:
        set count = count + 1
      nothing:
        log "nothing changes"
      save(form: Vec<(String, String)>):
        set saved = form.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>().join(",")
}

/// The busy state of the element matching `css`: its class and `aria-busy`.
fn busy(css: &str) -> String {
    format!(
        "(() => {{ const el = document.querySelector('{css}'); \
         return [el.classList.contains('hjx-loading'), el.getAttribute('aria-busy')]; }})()"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sender_is_busy_until_its_answer_with_300_ms_of_simulated_latency() {
    with_browser(|browser| async move {
        let server = TestServer::start(Live::new().mount::<Slow>("/")).await;
        browser
            .goto(&format!("http://{}/?hjx-latency=300", server.addr))
            .await;
        browser
            .wait_for("document.documentElement.classList.contains('hjx-connected')")
            .await;

        // A click with a change: busy while in flight, then the REPLY clears it.
        browser.js("document.querySelector('button.add').click()", vec![]).await;
        assert_eq!(browser.js(&format!("return {}", busy("button.add")), vec![]).await, json!([true, "true"]));
        // The simulator holds the frame 300 ms each way: no answer can have come 200 ms on.
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert_eq!(
            browser.js(&format!("return [{}, document.querySelector('button.add').textContent]", busy("button.add")), vec![]).await,
            json!([[true, "true"], "0"])
        );
        browser.wait_for("document.querySelector('button.add').textContent === '1'").await;
        browser.wait_for(&format!("!{}[0]", busy("button.add"))).await;
        assert_eq!(browser.js(&format!("return {}", busy("button.add")), vec![]).await, json!([false, null]));

        // A click that changes nothing: the ACK clears it.
        browser.js("document.querySelector('button.noop').click()", vec![]).await;
        assert_eq!(browser.js(&format!("return {}", busy("button.noop")), vec![]).await, json!([true, "true"]));
        browser.wait_for(&format!("!{}[0]", busy("button.noop"))).await;

        // A submit: the button shows its busy text, disabled, and comes back after.
        browser.type_into("input[name=title]", "draft").await;
        browser.js("document.querySelector('button.save').click()", vec![]).await;
        assert_eq!(
            browser.js("const b = document.querySelector('button.save'); return [b.textContent, b.disabled]", vec![]).await,
            json!(["Saving…", true])
        );
        browser.wait_for("document.querySelector('p.saved').textContent === 'draft'").await;
        browser
            .wait_for("document.querySelector('button.save').textContent === 'Save' && !document.querySelector('button.save').disabled")
            .await;
        assert_eq!(browser.console_errors().await, Vec::<String>::new());
        server.shutdown().await;
        browser
    })
    .await;
}
