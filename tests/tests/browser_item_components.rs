//! Components inside a keyed `for` in real headless Chromium: a card per item, each counting
//! its own clicks; reversing the list moves the cards with their counts, dropping an item
//! drops its card, adding one adds a fresh card, and a card's `done` reaches the page's
//! handler with its item. After each step the live DOM, hydration IDs aside, equals a fresh
//! server render of a model driven by the same events, and the console has no errors.
//!
//! Run with `cargo test -p hjx-tests --test browser_item_components`.

mod browser_support;
mod item_board;

use browser_support::with_browser;
use hjx_runtime::Live;
use hjx_tests::client::TestServer;
use hjx_tests::model::Model;
use item_board::Board;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cards_in_a_keyed_list_keep_their_counts_converging_without_console_errors() {
    with_browser(|browser| async move {
        let server = TestServer::start(Live::new().mount::<Board>("/")).await;
        browser.goto(&format!("http://{}/", server.addr)).await;
        browser
            .wait_for("document.documentElement.classList.contains('hjx-connected')")
            .await;
        let mut model = Model::<Board>::default();
        browser
            .converges_to(&model.html(), "the first render")
            .await;

        // The second card counts twice, the third once.
        for _ in 0..2 {
            browser.click("li:nth-child(2) .bump").await;
            model.click(model.hid_after(">two<", "class=\"bump"));
            browser.converges_to(&model.html(), "counting on two").await;
        }
        browser.click("li:nth-child(3) .bump").await;
        model.click(model.hid_after(">three<", "class=\"bump"));
        browser
            .converges_to(&model.html(), "counting on three")
            .await;

        // Reversed: the cards move with their counts.
        browser.click(".reverse").await;
        model.click(model.hid("class=\"reverse\""));
        browser.converges_to(&model.html(), "reversing").await;
        assert!(model.html().contains("count 2"));

        // A moved card still counts.
        browser.click("li:nth-child(1) .bump").await;
        model.click(model.hid_after(">three<", "class=\"bump"));
        browser
            .converges_to(&model.html(), "counting after the move")
            .await;

        // Dropping "three" drops its card; a new item gets a fresh card.
        browser.click(".drop").await;
        model.click(model.hid("class=\"drop\""));
        browser.converges_to(&model.html(), "dropping").await;
        browser.click(".add").await;
        model.click(model.hid("class=\"add\""));
        browser.converges_to(&model.html(), "adding").await;
        browser.click("li:nth-child(3) .bump").await;
        model.click(model.hid_after(">task 4<", "class=\"bump"));
        browser
            .converges_to(&model.html(), "counting on the new card")
            .await;

        // A card's `done` runs the page's handler with its item.
        browser.click("li:nth-child(1) .finish").await;
        model.click(model.hid_after(">two<", "class=\"finish"));
        browser.converges_to(&model.html(), "finishing").await;
        assert!(model.html().contains("finished 1"));

        assert_eq!(browser.console_errors().await, Vec::<String>::new());
        browser
    })
    .await;
}
