//! Live navigation in real headless Chromium, on the tracker: links to live routes open over
//! the page's socket with no page load (a value set on `window` survives), push history, set
//! the title and scroll to the top; back and forward restore the earlier pages; a handler's
//! navigation after a create is live too; modified clicks, `target` links and links to routes
//! that are not live behave as the browser does.
//!
//! Run with `cargo test -p hjx-tests --test browser_navigation`.

mod browser_support;
mod layout_app;

use browser_support::{Browser, with_browser};
use hjx_tests::client::TestServer;
use hjx_tests::tracker::{TempDb, serve};
use serde_json::json;

/// Whether the page's socket is up.
const CONNECTED: &str = "document.documentElement.classList.contains('hjx-connected')";

/// Whether this document is the one the test marked: no page load happened since.
const SAME_DOCUMENT: &str = "window.marked === true";

async fn path(browser: &Browser) -> serde_json::Value {
    browser.js("return location.pathname", vec![]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_back_and_forward_navigate_over_the_socket() {
    let db = TempDb::new();
    let store = db.open().await;
    for n in 1..=40 {
        store
            .create_item(&format!("Chore {n}"), "Something to do.", "Cy")
            .await
            .expect("seed");
    }
    let server = serve(store.clone()).await;
    let base = format!("http://{}", server.addr);

    with_browser(|browser| async move {
        browser.goto(&format!("{base}/signin?next=/")).await;
        browser.type_into("input[name=name]", "Ada").await;
        browser.click("button[type=submit]").await;
        browser.wait_for("location.pathname === '/'").await;
        browser.wait_for(CONNECTED).await;
        browser
            .js("window.marked = true; history.scrollRestoration = 'manual';", vec![])
            .await;
        let start = browser.js("return history.length", vec![]).await;

        // A link opens its page over the socket: new title, history pushed, top of the page.
        browser.js("window.scrollTo(0, 400)", vec![]).await;
        browser.click("a.new").await;
        browser.wait_for("location.pathname === '/items/new'").await;
        browser.wait_for("document.title === 'New item · Tracker'").await;
        browser.wait_for("document.querySelector('input[name=title]')").await;
        assert_eq!(browser.wait_for(SAME_DOCUMENT).await, json!(true));
        assert_eq!(browser.js("return window.scrollY", vec![]).await, json!(0));
        assert_eq!(
            browser.js("return history.length", vec![]).await,
            json!(start.as_u64().expect("a number") + 1)
        );

        // The new page is live: a created item opens its page through the handler's navigate.
        browser.type_into("input[name=title]", "Walk the dog").await;
        browser.click("button[type=submit]").await;
        browser.wait_for("location.pathname === '/items/41'").await;
        browser
            .wait_for("document.querySelector('h1').textContent === 'Walk the dog'")
            .await;
        assert_eq!(browser.wait_for(SAME_DOCUMENT).await, json!(true));
        assert_eq!(
            browser.js("return document.title", vec![]).await,
            json!("Walk the dog · Tracker")
        );

        // Back and forward restore the earlier pages, still in the same document.
        browser.js("history.back()", vec![]).await;
        browser.wait_for("location.pathname === '/items/new'").await;
        browser.wait_for("document.querySelector('input[name=title]')").await;
        browser.js("history.back()", vec![]).await;
        browser.wait_for("location.pathname === '/'").await;
        browser
            .wait_for("document.querySelector('ul.items a').textContent === 'Walk the dog'")
            .await;
        browser.js("history.forward()", vec![]).await;
        browser.wait_for("location.pathname === '/items/new'").await;
        browser.wait_for("document.title === 'New item · Tracker'").await;
        assert_eq!(browser.wait_for(SAME_DOCUMENT).await, json!(true));
        browser.js("history.back()", vec![]).await;
        browser.wait_for("location.pathname === '/'").await;
        browser.wait_for("document.querySelector('ul.items a')").await;

        // A search moves the URL with it, in one history entry; a link to another query of
        // the page runs the search in the same session (its elements stay), and back too.
        let entries = browser.js("return history.length", vec![]).await;
        browser.type_into("input[name=q]", "Chore 1").await;
        browser
            .wait_for("location.search === '?q=Chore%201' && document.querySelectorAll('ul.items a').length === 11")
            .await;
        assert_eq!(browser.js("return history.length", vec![]).await, entries);
        browser
            .js(
                "document.querySelector('input[name=q]').kept = true; \
                 const a = document.createElement('a'); a.href = '/?q=Chore%204'; a.id = 'two'; \
                 document.querySelector('[data-hjx-root]').after(a); a.click();",
                vec![],
            )
            .await;
        browser
            .wait_for("location.search === '?q=Chore%204' && document.querySelectorAll('ul.items a').length === 2")
            .await;
        assert_eq!(
            browser
                .js("return document.querySelector('input[name=q]').kept === true", vec![])
                .await,
            json!(true),
            "no remount"
        );
        browser.js("history.back()", vec![]).await;
        browser
            .wait_for("location.search === '?q=Chore%201' && document.querySelectorAll('ul.items a').length === 11")
            .await;
        assert_eq!(browser.wait_for(SAME_DOCUMENT).await, json!(true));

        // A modified click and a `target` link are left to the browser: not prevented.
        let left_alone = browser
            .js(
                "const seen = []; \
                 const look = (e) => { seen.push(e.defaultPrevented); e.preventDefault(); }; \
                 addEventListener('click', look); \
                 const a = document.querySelector('ul.items a'); \
                 a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ctrlKey: true })); \
                 a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, metaKey: true })); \
                 a.target = '_blank'; \
                 a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })); \
                 a.removeAttribute('target'); \
                 removeEventListener('click', look); \
                 return seen;",
                vec![],
            )
            .await;
        assert_eq!(left_alone, json!([false, false, false]));
        assert_eq!(path(&browser).await, json!("/"));

        // A link to a route of the app that is not live loads it: a new document (here the
        // client script itself, served as a file).
        browser
            .js(
                "const a = document.createElement('a'); \
                 a.href = document.querySelector('script[data-sid]').src; \
                 document.body.append(a); a.click();",
                vec![],
            )
            .await;
        browser
            .wait_for("location.pathname.startsWith('/hjx/client-')")
            .await;
        browser.wait_for("window.marked === undefined").await;
        browser
    })
    .await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_layout_keeps_its_state_and_a_slow_navigation_shows_the_progress_bar() {
    let server = TestServer::start(layout_app::live()).await;
    let base = format!("http://{}", server.addr);
    with_browser(|browser| async move {
        browser.goto(&format!("{base}/")).await;
        browser.wait_for(CONNECTED).await;
        // The socket stays up through every navigation: the page never reconnects.
        browser
            .js(
                "window.marked = true; window.dropped = 0; \
                 new MutationObserver(() => { \
                   if (!document.documentElement.classList.contains('hjx-connected')) window.dropped++; \
                 }).observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });",
                vec![],
            )
            .await;
        for n in 1..=3 {
            browser.click("button.bump").await;
            browser
                .wait_for(&format!("document.querySelector('button.bump').textContent === 'clicks {n}'"))
                .await;
        }
        browser.click("button.like").await;
        browser
            .wait_for("document.querySelector('button.like').textContent === 'likes 1'")
            .await;

        // Slow frames: the bar shows while the navigation is on its way, and goes with it.
        browser.js("hjxLatency(600)", vec![]).await;
        browser.click("a.to-about").await;
        browser.wait_for("document.querySelector('.hjx-progress')").await;
        browser.wait_for("document.querySelector('h1').textContent === 'About'").await;
        browser.wait_for("!document.querySelector('.hjx-progress')").await;
        browser.js("hjxLatency(0)", vec![]).await;
        assert_eq!(
            browser.js("return document.querySelector('button.bump').textContent", vec![]).await,
            json!("clicks 3"),
            "the layout kept its state"
        );
        browser.click("button.bump").await;
        browser
            .wait_for("document.querySelector('button.bump').textContent === 'clicks 4'")
            .await;
        browser.js("history.back()", vec![]).await;
        browser
            .wait_for("location.pathname === '/' && document.querySelector('button.like')")
            .await;
        assert_eq!(
            browser.js("return [document.querySelector('button.bump').textContent, document.querySelector('button.like').textContent]", vec![]).await,
            json!(["clicks 4", "likes 0"])
        );
        assert_eq!(browser.wait_for(SAME_DOCUMENT).await, json!(true));
        assert_eq!(browser.js("return window.dropped", vec![]).await, json!(0));
        assert_eq!(browser.console_errors().await, Vec::<String>::new());
        browser
    })
    .await;
    server.shutdown().await;
}
