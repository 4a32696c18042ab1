//! Streams in real headless Chromium: appends land at the end and prepends at the start, a
//! replace changes one item in place, a remove takes one item away, a limit trims the oldest,
//! and a clear empties the list, with the items the server no longer keeps still on the page.
//!
//! Run with `cargo test -p hjx-tests --test browser_streams`.

mod browser_support;

use browser_support::with_browser;
use hjx_runtime::Live;
use hjx_tests::client::TestServer;
use hjx_tests::streams::Feed;

/// The items the page shows, joined by `|`.
const ITEMS: &str = "[...document.querySelectorAll('ul li')].map(li => li.textContent).join('|')";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_streams_edits_reach_the_page() {
    with_browser(|browser| async move {
        let server = TestServer::start(Live::new().mount::<Feed>("/")).await;
        browser.goto(&format!("http://{}/", server.addr)).await;
        browser
            .wait_for("document.documentElement.classList.contains('hjx-connected')")
            .await;
        let shows = |items: &str| format!("{ITEMS} === '{items}'");
        browser.wait_for(&shows("1: line 1|2: line 2")).await;
        browser.click("button.add").await;
        browser.wait_for(&shows("1: line 1|2: line 2|3: line 3")).await;
        browser.click("button.first").await;
        browser
            .wait_for(&shows("0: zero|1: line 1|2: line 2|3: line 3"))
            .await;
        browser.click("button.edit").await;
        browser
            .wait_for(&shows("0: zero|1: edited <b>|2: line 2|3: line 3"))
            .await;
        // A fifth item is past the limit of 4: the first goes.
        browser.click("button.add").await;
        browser
            .wait_for(&shows("1: edited <b>|2: line 2|3: line 3|4: line 4"))
            .await;
        browser.click("button.drop").await;
        browser
            .wait_for(&shows("1: edited <b>|3: line 3|4: line 4"))
            .await;
        browser.click("button.wipe").await;
        browser.wait_for(&shows("")).await;
        browser.click("button.add").await;
        browser.wait_for(&shows("5: line 5")).await;
        // The shared stream, past its limit of 2.
        for _ in 0..3 {
            browser.click("button.post").await;
        }
        browser
            .wait_for("[...document.querySelectorAll('ol li')].map(li => li.textContent).join('|') === 'news 2|news 3'")
            .await;
        assert!(browser.console_errors().await.is_empty());
        server.shutdown().await;
        browser
    })
    .await;
}
