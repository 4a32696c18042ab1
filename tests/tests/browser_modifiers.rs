//! Event modifiers in real headless Chromium: a debounced input sends one event per pause,
//! with the latest value; a key filter keeps other keys off the wire; modifier keys reach the
//! handler; a window-level shortcut fires wherever the focus is; dblclick, mouseenter and
//! mouseleave are sent; the page title follows the field it reads.
//!
//! Run with `cargo test -p hjx-tests --test browser_modifiers`.

mod browser_support;

use browser_support::with_browser;
use hjx_runtime::{Head, Live, hjx};
use hjx_tests::client::TestServer;
use serde_json::json;

hjx! {
    component Keys

    state:
      query = ""
      searches = 0
      saves = 0
      stored = ""
      closes = 0
      opens = 0
      hovers = 0

    script:
      fn head(&self) -> Head {
          Head::title(format!("{} searches", self.searches))
      }

    layout:
      view:
        input.search (on input.debounce(300) -> search(event.value))
        input.draft (on keydown.enter -> save on keydown.ctrl.s -> store(event.key, event.ctrl))
        button.open (on dblclick -> open on mouseenter -> hover on mouseleave -> hover): "open"
        view.shortcuts (on keydown.window.escape -> close)
        p.state: "{{searches}} {{query}}|{{saves}}|{{stored}}|{{closes}}|{{opens}}|{{hovers}}"

    handlers:
      search(q: String):
        set query = q
        set searches = searches + 1
      save:
        set saves = saves + 1
      store(key: String, ctrl: bool):
        set stored = format!("{key}:{ctrl}")
      close:
        set closes = closes + 1
      open:
        set opens = opens + 1
      hover:
        set hovers = hovers + 1
}

/// The state line the page shows.
const STATE: &str = "document.querySelector('p.state').textContent";

/// Counts the frames the page's socket sends, from now on, in `window.sent`.
const COUNT_SENT: &str = "window.sent = 0; const send = WebSocket.prototype.send; \
    WebSocket.prototype.send = function (data) { window.sent++; return send.call(this, data); };";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modifiers_shape_what_reaches_the_server() {
    with_browser(|browser| async move {
        let server = TestServer::start(Live::new().mount::<Keys>("/")).await;
        browser.goto(&format!("http://{}/", server.addr)).await;
        browser
            .wait_for("document.documentElement.classList.contains('hjx-connected')")
            .await;
        browser.js(COUNT_SENT, vec![]).await;

        // Typing fast sends one event, after the pause, with the whole text.
        browser.type_into("input.search", "hello").await;
        browser
            .wait_for(&format!("{STATE}.startsWith('1 hello|')"))
            .await;
        browser.type_into("input.search", " world").await;
        browser
            .wait_for(&format!("{STATE}.startsWith('2 hello world|')"))
            .await;
        assert_eq!(browser.js("return window.sent", vec![]).await, json!(2));

        // Keys the filter does not name never reach the wire; Enter does.
        browser.type_into("input.draft", "abc").await;
        browser.type_into("input.draft", "\u{E007}").await; // WebDriver's Enter
        browser
            .wait_for(&format!("{STATE}.split('|')[1] === '1'"))
            .await;
        assert_eq!(browser.js("return window.sent", vec![]).await, json!(3));

        // Modifier keys travel with the key.
        browser
            .js(
                "document.querySelector('input.draft').dispatchEvent(new KeyboardEvent('keydown', \
                 { key: 's', ctrlKey: true, bubbles: true }));",
                vec![],
            )
            .await;
        browser
            .wait_for(&format!("{STATE}.split('|')[2] === 's:true'"))
            .await;

        // A window-level shortcut fires with the focus anywhere.
        browser
            .js(
                "document.activeElement.blur(); document.body.dispatchEvent(new KeyboardEvent( \
                 'keydown', { key: 'Escape', bubbles: true }));",
                vec![],
            )
            .await;
        browser
            .wait_for(&format!("{STATE}.split('|')[3] === '1'"))
            .await;

        // dblclick, mouseenter, mouseleave.
        browser
            .js(
                "const b = document.querySelector('button.open'); \
                 b.dispatchEvent(new MouseEvent('dblclick', { bubbles: true })); \
                 b.dispatchEvent(new MouseEvent('mouseenter')); \
                 b.dispatchEvent(new MouseEvent('mouseleave'));",
                vec![],
            )
            .await;
        browser.wait_for(&format!("{STATE}.endsWith('|1|2')")).await;
        assert_eq!(browser.console_errors().await, Vec::<String>::new());
        server.shutdown().await;
        browser
    })
    .await;
}
