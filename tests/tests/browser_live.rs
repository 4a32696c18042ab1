//! The whole stack in real headless Chromium: components written with `hjx!`, served by the
//! runtime on 127.0.0.1:0, driven through the bundled client. Pins the end-to-end
//! behaviour: counter, shared dashboard on two pages, chat between two pages, convergence
//! (invariant 1), escaping (invariant 3) and reconnect after a server-side socket kill.
//!
//! Run with `cargo test -p hjx-tests --test browser_live`.

mod browser_support;

use std::sync::{Arc, Mutex};

use browser_support::{Browser, with_browser};
use hjx_runtime::{
    Component, Event, EventKind, EventPayload, HydrationId, Live, Mountable, SharedStore, hjx,
};
use hjx_tests::client::TestServer;
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

// The example app's Counter, found by its markup: the count's text and the `+` button.
const COUNT: &str = ".counter > span";
const INCREMENT: &str = ".counter > button";

hjx! {
    component Dashboard

    shared:
      ticks = 0
      clicks = 0

    script:
      fn init_shared(store: SharedStore<Self>) {
          let ticker = store.clone();
          store.spawn(async move {
              let mut interval = tokio::time::interval(std::time::Duration::from_millis(250));
              loop {
                  interval.tick().await;
                  ticker.set(|shared| shared.set_ticks(shared.ticks + 1));
              }
          });
      }

    layout:
      view.dashboard:
        text.title: "HJX dashboard"
        view.cards:
          view.card:
            text.label: "Server ticks"
            text.value (id="ticks"): "{{ticks}}"
          view.card:
            text.label: "Clicks, all pages"
            text.value (id="clicks"): "{{clicks}}"
        button (id="click" on click -> click): "Click"

    style:
      .dashboard { font-family: sans-serif; padding: 24px; max-width: 560px; }
      .title { display: block; font-size: 28px; font-weight: bold; margin-bottom: 16px; }
      .cards { display: flex; gap: 16px; margin-bottom: 16px; }
      .card { flex: 1; border: 1px solid #ccd; border-radius: 8px; padding: 16px; background: #f6f7fb; }
      .label { display: block; color: #556; font-size: 14px; }
      .value { display: block; font-size: 40px; font-weight: bold; color: #224; }
      button { font-size: 18px; padding: 8px 20px; border-radius: 6px; }

    handlers:
      click:
        set clicks = clicks + 1
}

hjx! {
    component Chat

    state:
      draft = ""

    shared:
      log = ""

    layout:
      view.chat:
        text (id="log"): "{{log}}"
        form (id="send" on submit -> send):
          input (id="draft" name="message" bind value <-> draft)

    handlers:
      send:
        set log = format!("{}[{}]", log, draft)
        set draft = String::new()
}

hjx! {
    component Mixer

    state:
      count = 0
      steps = 0
      label = ""
      flag = false

    layout:
      view.mixer (title="n{{count}}"):
        text (id="count"): "{{count}} after {{steps}} clicks"
        button (id="inc" on click -> inc): "+"
        button (id="dec" on click -> dec): "-"
        button (id="reset" on click -> reset): "0"
        input (id="label" bind value <-> label)
        input (id="flag" type="checkbox" bind checked <-> flag)
        text (id="shout" class="len{{label.len()}}"): "{{label.to_uppercase()}}"
        if (flag):
          text (id="on"): "on {{count}}"
        else:
          text (id="off" title="{{label}}"): "off"

    handlers:
      inc:
        set count = count + 1
        set steps = steps + 1
      dec:
        set count = count - 2
        set steps = steps + 1
      reset:
        set count = 0
        set label = String::new()
        set steps = steps + 1
}

hjx! {
    component Echo

    state:
      said = ""

    layout:
      view.echo:
        input (id="say" on change -> say(event.value))
        text (id="text"): "{{said}}"
        text (id="attr" title="{{said}}" data-x="{{said}}"): "attr"

    handlers:
      say(text: String):
        set said = text
}

async fn serve<C: Mountable<()>>() -> TestServer {
    TestServer::start(Live::new().mount::<C>("/")).await
}

fn url(server: &TestServer) -> String {
    format!("http://{}/", server.addr)
}

async fn text(browser: &Browser, css: &str) -> String {
    let value = browser
        .js(
            "return document.querySelector(arguments[0]).textContent;",
            vec![json!(css)],
        )
        .await;
    value.as_str().unwrap_or_default().to_owned()
}

async fn wait_text(browser: &Browser, css: &str, expected: &str) {
    browser
        .wait_for(&format!(
            "document.querySelector({}) && document.querySelector({0}).textContent === {}",
            json!(css),
            json!(expected)
        ))
        .await;
}

async fn wait_connected(browser: &Browser) {
    browser
        .wait_for("document.documentElement.classList.contains('hjx-connected')")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counter_click_updates_the_text_without_reload_or_console_errors() {
    with_browser(|browser| async move {
        let server = serve::<hjx_examples::counter::Counter>().await;
        browser.goto(&url(&server)).await;
        wait_connected(&browser).await;
        assert_eq!(text(&browser, COUNT).await, "Count: 0");
        browser.js("window.samePage = true;", vec![]).await;
        browser.click(INCREMENT).await;
        wait_text(&browser, COUNT, "Count: 1").await;
        browser.click(INCREMENT).await;
        wait_text(&browser, COUNT, "Count: 2").await;
        assert_eq!(
            browser.js("return window.samePage === true;", vec![]).await,
            json!(true),
            "no reload"
        );
        assert_eq!(browser.console_errors().await, Vec::<String>::new());
        browser
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_two_pages_see_the_ticks_and_each_others_clicks() {
    with_browser(|browser| async move {
        let server = serve::<Dashboard>().await;
        let c = &browser.client;
        browser.goto(&url(&server)).await;
        wait_connected(&browser).await;
        let first = c.window().await.expect("window");
        let second = c.new_window(true).await.expect("new tab").handle;
        c.switch_to_window(second.clone()).await.expect("switch");
        browser.goto(&url(&server)).await;
        wait_connected(&browser).await;

        // Both pages see the init_shared ticker move.
        for window in [&first, &second] {
            c.switch_to_window(window.clone()).await.expect("switch");
            let ticks: i64 = text(&browser, "#ticks").await.parse().expect("a number");
            browser
                .wait_for(&format!(
                    "+document.querySelector('#ticks').textContent > {ticks}"
                ))
                .await;
        }
        // A click on one page shows on the other, both ways.
        c.switch_to_window(first.clone()).await.expect("switch");
        browser.click("#click").await;
        c.switch_to_window(second.clone()).await.expect("switch");
        wait_text(&browser, "#clicks", "1").await;
        browser.click("#click").await;
        c.switch_to_window(first.clone()).await.expect("switch");
        wait_text(&browser, "#clicks", "2").await;

        let png = c.screenshot().await.expect("screenshot");
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/dashboard.png");
        std::fs::write(&docs, png).expect("write docs/dashboard.png");
        assert_eq!(browser.console_errors().await, Vec::<String>::new());
        browser
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_message_typed_in_one_page_shows_in_the_other() {
    with_browser(|browser| async move {
        let server = serve::<Chat>().await;
        let c = &browser.client;
        browser.goto(&url(&server)).await;
        wait_connected(&browser).await;
        let first = c.window().await.expect("window");
        let second = c.new_window(true).await.expect("new tab").handle;
        c.switch_to_window(second.clone()).await.expect("switch");
        browser.goto(&url(&server)).await;
        wait_connected(&browser).await;

        c.switch_to_window(first.clone()).await.expect("switch");
        browser.type_into("#draft", "hello from one\u{E007}").await; // Enter submits
        wait_text(&browser, "#log", "[hello from one]").await;
        browser
            .wait_for("document.querySelector('#draft').value === ''")
            .await;

        c.switch_to_window(second.clone()).await.expect("switch");
        wait_text(&browser, "#log", "[hello from one]").await;
        browser.type_into("#draft", "and back\u{E007}").await;
        c.switch_to_window(first.clone()).await.expect("switch");
        wait_text(&browser, "#log", "[hello from one][and back]").await;
        browser
    })
    .await;
}

/// Compares the live component DOM with `expected` (a server render): the markup (both
/// parsed and serialized by the browser, so quoting does not matter) and the form state
/// that lives in properties. Returns `true` or a description of the difference.
const SAME_AS_RENDER: &str = r#"
const root = document.querySelector('[data-hjx-root]');
const t = document.createElement('template');
t.innerHTML = arguments[0];
// Attribute order carries no meaning (a patch appends a new attribute last): sort it.
const canon = (parent) => {
  const copy = parent.cloneNode(true);
  for (const el of (copy.content || copy).querySelectorAll('*')) {
    const attrs = [...el.attributes].map(a => [a.name, a.value]).sort();
    for (const [name] of attrs) el.removeAttribute(name);
    for (const [name, value] of attrs) el.setAttribute(name, value);
  }
  const box = document.createElement('div');
  box.append(...(copy.content || copy).childNodes);
  return box.innerHTML;
};
const live = canon(root), render = canon(t.content);
if (live !== render) return 'DOM:    ' + live + '\nrender: ' + render;
for (const input of root.querySelectorAll('input')) {
  if (!/checkbox|radio/.test(input.type) && input.value !== (input.getAttribute('value') || '')) return 'value of #' + input.id + ': ' + input.value;
  if (input.checked !== input.hasAttribute('checked')) return 'checked of #' + input.id;
}
return true;
"#;

/// A small deterministic generator, so a failing sequence can be replayed from its seed.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn convergence_dom_equals_a_fresh_render_after_random_event_sequences() {
    with_browser(|browser| async move {
        let server = serve::<Mixer>().await;
        browser.goto(&url(&server)).await;
        wait_connected(&browser).await;
        let sequences: u64 = std::env::var("HJX_CONVERGENCE_SEQUENCES").ok().and_then(|n| n.parse().ok()).unwrap_or(200);
        let seed = std::env::var("HJX_CONVERGENCE_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(0x5eed_1234_u64);
        println!("convergence: {sequences} sequences, seed {seed}");
        let mut rng = XorShift(seed);
        let mut model = Mixer::default();
        let hid = |css: &'static str| {
            let browser = &browser;
            async move {
                let hid = browser.js("return +document.querySelector(arguments[0]).dataset.hid;", vec![json!(css)]).await;
                HydrationId(hid.as_u64().expect("a hydration id") as u32)
            }
        };
        let mut events = 0;
        for sequence in 0..sequences {
            for _ in 0..=rng.below(5) {
                events += 1;
                let event = match rng.below(6) {
                    0 | 1 => {
                        let css = ["#inc", "#dec", "#reset"][rng.below(3) as usize];
                        browser.click(css).await;
                        Event { hid: hid(css).await, kind: EventKind::Click, payload: EventPayload::None }
                    }
                    2 | 3 => {
                        let keys = ["a", "<", "&", "\"", "é", "Z", " ", "\u{E003}"];
                        let typed: String = (0..=rng.below(3)).map(|_| keys[rng.below(keys.len() as u64) as usize]).collect();
                        browser.type_into("#label", &typed).await;
                        let value = browser.js("return document.querySelector('#label').value;", vec![]).await;
                        let value = value.as_str().unwrap_or_default().to_owned();
                        Event { hid: hid("#label").await, kind: EventKind::Input, payload: EventPayload::Value(value) }
                    }
                    _ => {
                        browser.click("#flag").await;
                        let checked = browser.js("return document.querySelector('#flag').checked;", vec![]).await;
                        Event {
                            hid: hid("#flag").await,
                            kind: EventKind::Change,
                            payload: EventPayload::Checked(checked == json!(true)),
                        }
                    }
                };
                model.handle(&mut (), &event).expect("a bound event");
            }
            let expected = model.render_to_string(&());
            let deadline = std::time::Instant::now() + browser_support::PATIENCE;
            loop {
                let verdict = browser.js(SAME_AS_RENDER, vec![json!(expected)]).await;
                if verdict == json!(true) {
                    break;
                }
                assert!(
                    std::time::Instant::now() < deadline,
                    "sequence {sequence} (seed {seed}): the DOM does not converge to the render\n{}",
                    verdict.as_str().unwrap_or_default()
                );
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
        }
        println!("convergence: {events} events checked");
        assert_eq!(browser.console_errors().await, Vec::<String>::new());
        browser
    })
    .await;
}

/// Payloads from the OWASP XSS filter evasion cheat sheet; each would set `window.xss` if it
/// ever ran.
const XSS_PAYLOADS: &[&str] = &[
    "<script>window.xss=1</script>",
    "<SCRIPT SRC=data:text/javascript,window.xss=1></SCRIPT>",
    "<IMG SRC=x onerror=\"window.xss=1\">",
    "<img src=x onerror=window.xss=1//",
    "<svg/onload=window.xss=1>",
    "\"><script>window.xss=1</script>",
    "'><img src=x onerror=window.xss=1>",
    "\" onmouseover=\"window.xss=1\" autofocus onfocus=\"window.xss=1",
    "<BODY ONLOAD=window.xss=1>",
    "<iframe src=\"javascript:window.parent.xss=1\"></iframe>",
    "<<SCRIPT>window.xss=1//<</SCRIPT>",
    "<a href=\"jav&#x09;ascript:window.xss=1\">x</a>",
    "<details open ontoggle=window.xss=1>",
    "</span><img src=x onerror=window.xss=1>",
    "&lt;script&gt;window.xss=1&lt;/script&gt;",
    "<style>@import'javascript:window.xss=1';</style>",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn escaping_owasp_payloads_show_as_text_and_never_run() {
    with_browser(|browser| async move {
        let server = serve::<Echo>().await;
        browser.goto(&url(&server)).await;
        wait_connected(&browser).await;
        for payload in XSS_PAYLOADS {
            // A real change event carrying the payload, as a paste would send it.
            browser
                .js(
                    "const i = document.querySelector('#say'); i.value = arguments[0]; \
                     i.dispatchEvent(new Event('change', { bubbles: true }));",
                    vec![json!(payload)],
                )
                .await;
            wait_text(&browser, "#text", payload).await;
            let shown = browser
                .js(
                    "const a = document.querySelector('#attr'); \
                     return [document.querySelector('#text').children.length, a.title, a.dataset.x, a.attributes.length];",
                    vec![],
                )
                .await;
            let attrs = shown[3].clone();
            assert_eq!(shown, json!([0, payload, payload, attrs]), "payload {payload} stays text");
        }
        // Event handlers such as onerror run asynchronously: give them a moment by waiting on
        // a full round trip (one more payload), then check none ran.
        wait_text(&browser, "#text", XSS_PAYLOADS[XSS_PAYLOADS.len() - 1]).await;
        assert_eq!(browser.js("return window.xss === undefined;", vec![]).await, json!(true), "no script ran");
        browser
    })
    .await;
}

/// A TCP relay in front of the app, so a test can cut every connection as a crashed server or
/// network would, while the app (and its sessions) live on.
struct Relay {
    addr: std::net::SocketAddr,
    links: Arc<Mutex<Vec<JoinHandle<()>>>>,
    accept: JoinHandle<()>,
}

impl Relay {
    async fn start(target: std::net::SocketAddr) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind relay");
        let addr = listener.local_addr().expect("relay addr");
        let links: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let accept = tokio::spawn({
            let links = links.clone();
            async move {
                while let Ok((mut inbound, _)) = listener.accept().await {
                    let link = tokio::spawn(async move {
                        if let Ok(mut outbound) = TcpStream::connect(target).await {
                            let _ =
                                tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                        }
                    });
                    links.lock().expect("links").push(link);
                }
            }
        });
        Relay {
            addr,
            links,
            accept,
        }
    }

    /// Drops every open connection (both sockets close, no WebSocket close frame).
    fn cut(&self) {
        for link in self.links.lock().expect("links").drain(..) {
            link.abort();
        }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.accept.abort();
        self.cut();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnect_after_the_socket_is_killed_resumes_the_session() {
    with_browser(|browser| async move {
        let server = serve::<hjx_examples::counter::Counter>().await;
        let relay = Relay::start(server.addr).await;
        browser.goto(&format!("http://{}/", relay.addr)).await;
        wait_connected(&browser).await;
        browser.click(INCREMENT).await;
        wait_text(&browser, COUNT, "Count: 1").await;
        browser
            .js(
                "window.classLog = []; window.samePage = true; \
                 new MutationObserver(() => classLog.push(document.documentElement.className)) \
                   .observe(document.documentElement, { attributes: true });",
                vec![],
            )
            .await;

        relay.cut();
        browser
            .wait_for("window.classLog.some(c => c.includes('hjx-disconnected'))")
            .await;
        wait_connected(&browser).await;
        let log: Value = browser.js("return window.classLog;", vec![]).await;
        let log: Vec<&str> = log
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let down = log
            .iter()
            .position(|c| c.contains("hjx-disconnected"))
            .expect("disconnected");
        let up = log
            .iter()
            .rposition(|c| c.contains("hjx-connected"))
            .expect("connected");
        assert!(down < up, "disconnected → connected: {log:?}");

        // The same session resumed: the count goes on from 1, and the page never reloaded.
        assert_eq!(text(&browser, COUNT).await, "Count: 1");
        browser.click(INCREMENT).await;
        wait_text(&browser, COUNT, "Count: 2").await;
        assert_eq!(
            browser.js("return window.samePage === true;", vec![]).await,
            json!(true)
        );
        browser
    })
    .await;
}
