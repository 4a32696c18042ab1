//! The tracker example in real headless Chromium, three browsers at once: sign in, create an
//! item (after a refused submit that keeps what was typed), search for it as you type, open it,
//! and comment from two browsers at once; both see both comments, and a third browser on
//! another item sees none.
//!
//! Run with `cargo test -p hjx-tests --test browser_tracker`.

mod browser_support;

use browser_support::{Browser, with_browsers};
use hjx_tests::tracker::{TempDb, serve};
use serde_json::json;

/// Whether the page's socket is up.
const CONNECTED: &str = "document.documentElement.classList.contains('hjx-connected')";

/// Signs in as `name` from whatever page sent the browser to `/signin`.
async fn sign_in(browser: &Browser, name: &str) {
    browser
        .wait_for("location.pathname === '/signin' && document.querySelector('input[name=name]')")
        .await;
    browser.type_into("input[name=name]", name).await;
    browser.click("button[type=submit]").await;
    browser
        .wait_for(&format!(
            "location.pathname !== '/signin' && document.body.textContent.includes('Signed in as {name}')"
        ))
        .await;
    browser.wait_for(CONNECTED).await;
}

/// The comments the page shows, as `author: text`.
async fn comments(browser: &Browser) -> serde_json::Value {
    browser
        .js(
            "return [...document.querySelectorAll('ol.comments li')] \
               .map(li => li.querySelector('.author').textContent + ': ' + li.querySelector('.text').textContent);",
            vec![],
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_create_search_open_and_comment_from_two_browsers() {
    let db = TempDb::new();
    let store = db.open().await;
    store
        .create_item("Unrelated chore", "Someone else's item.", "Cy")
        .await
        .expect("seed");
    let server = serve(store.clone()).await;
    let base = format!("http://{}", server.addr);

    with_browsers(3, |browsers| async move {
        let [ada, bob, cy] = <[Browser; 3]>::try_from(browsers)
            .ok()
            .expect("three browsers");

        // Any page sends a new visitor to /signin, and back after.
        ada.goto(&format!("{base}/")).await;
        sign_in(&ada, "Ada").await;
        assert_eq!(ada.js("return location.pathname", vec![]).await, json!("/"));
        assert_eq!(
            ada.js(
                "return document.querySelector('.count').textContent",
                vec![]
            )
            .await,
            json!("1 items")
        );

        // A refused item keeps what was typed; a good one opens its page.
        ada.click("a.new").await;
        ada.wait_for("location.pathname === '/items/new'").await;
        ada.wait_for(CONNECTED).await;
        ada.type_into("textarea[name=body]", "It should find this.")
            .await;
        ada.click("button[type=submit]").await;
        ada.wait_for("document.body.textContent.includes('Give the item a title.')")
            .await;
        assert_eq!(
            ada.js(
                "return document.querySelector('textarea[name=body]').value",
                vec![]
            )
            .await,
            json!("It should find this.")
        );
        ada.type_into("input[name=title]", "Search needs a clear button")
            .await;
        ada.click("button[type=submit]").await;
        ada.wait_for("location.pathname === '/items/2'").await;
        ada.wait_for(CONNECTED).await;
        assert_eq!(
            ada.js("return document.querySelector('h1').textContent", vec![])
                .await,
            json!("Search needs a clear button")
        );

        // Search as you type, from the list.
        ada.click("a.home").await;
        ada.wait_for("location.pathname === '/'").await;
        ada.wait_for(CONNECTED).await;
        ada.wait_for("document.querySelector('.count').textContent === '2 items'")
            .await;
        ada.type_into("input[name=q]", "clear butt").await;
        ada.wait_for("document.querySelector('.count').textContent === '1 items'")
            .await;
        assert_eq!(
            ada.js(
                "return [...document.querySelectorAll('ul.items a')].map(a => a.textContent)",
                vec![]
            )
            .await,
            json!(["Search needs a clear button"])
        );
        ada.type_into("input[name=q]", "zz").await;
        ada.wait_for("document.querySelector('.count').textContent === '0 items'")
            .await;
        ada.js(
            "const q = document.querySelector('input[name=q]'); q.value = 'needs'; \
                q.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![],
        )
        .await;
        ada.wait_for("document.querySelectorAll('ul.items a').length === 1")
            .await;
        ada.click("ul.items a").await;
        ada.wait_for("location.pathname === '/items/2'").await;
        ada.wait_for(CONNECTED).await;

        // Bob opens the same item, Cy another one.
        bob.goto(&format!("{base}/items/2")).await;
        sign_in(&bob, "Bob").await;
        assert_eq!(
            bob.js("return location.pathname", vec![]).await,
            json!("/items/2")
        );
        cy.goto(&format!("{base}/items/1")).await;
        sign_in(&cy, "Cy").await;

        // Ada and Bob comment at once.
        ada.type_into("textarea[name=comment]", "Agreed, with an icon.")
            .await;
        bob.type_into("textarea[name=comment]", "I can take it.")
            .await;
        ada.click("button[type=submit]").await;
        bob.click("button[type=submit]").await;
        for browser in [&ada, &bob] {
            browser
                .wait_for("document.querySelectorAll('ol.comments li').length === 2")
                .await;
            let mut shown: Vec<String> =
                serde_json::from_value(comments(browser).await).expect("strings");
            shown.sort();
            assert_eq!(shown, ["Ada: Agreed, with an icon.", "Bob: I can take it."]);
            browser
                .wait_for("document.querySelector('textarea[name=comment]').value === ''")
                .await;
        }

        // Cy, on item 1, sees none of them: a round trip of Cy's own comes back with nothing.
        cy.click("button[type=submit]").await;
        cy.wait_for("document.body.textContent.includes('Write a comment first.')")
            .await;
        assert_eq!(comments(&cy).await, json!([]));

        for browser in [&ada, &bob, &cy] {
            assert_eq!(browser.console_errors().await, Vec::<String>::new());
        }
        vec![ada, bob, cy]
    })
    .await;
    assert_eq!(store.comments(2).await.expect("query").len(), 2);
    assert!(store.comments(1).await.expect("query").is_empty());
    server.shutdown().await;
}
