//! The composition example in real headless Chromium: typing into a child's bound input, the
//! child's `changed` event updating the page, buttons (children) emitting `pressed`, a card
//! folding its own body, and props following the page's fields. After each step the live DOM,
//! hydration IDs aside, equals a fresh server render of a model driven by the same events, and
//! at the end the console has no errors. Takes the screenshot `docs/composition.png`.
//!
//! Run with `cargo test -p hjx-tests --test browser_composition`.

mod browser_support;

use browser_support::with_browser;
use hjx_examples::composition::Composition;
use hjx_runtime::Live;
use hjx_tests::client::TestServer;
use hjx_tests::model::Model;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn composition_children_bind_emit_and_fold_converging_without_console_errors() {
    with_browser(|browser| async move {
        let server = TestServer::start(Live::new().mount::<Composition>("/")).await;
        browser.goto(&format!("http://{}/", server.addr)).await;
        browser
            .wait_for("document.documentElement.classList.contains('hjx-connected')")
            .await;
        let mut model = Model::<Composition>::default();
        browser.converges_to(&model.html(), "the first render").await;
        // The children's styles reach the page, scoped to each child.
        let styled = browser
            .js(
                "return getComputedStyle(document.querySelector('.btn-primary')).backgroundColor;",
                vec![],
            )
            .await;
        assert_eq!(styled, json!("rgb(37, 99, 235)"));
        // The page's `class="highlight"` merges onto the Card's root, and the page's rule for
        // it wins over the Card's own border.
        let border = browser
            .js(
                "return getComputedStyle(document.querySelector('section.card.highlight')).borderTopColor;",
                vec![],
            )
            .await;
        assert_eq!(border, json!("rgb(37, 99, 235)"));

        // Typing into the TextInput child: its binding, then `changed` to the page.
        browser.type_into(".field input", "Ada").await;
        model.input(model.hid("placeholder=\"Ada Lovelace\""), "Ada");
        browser.converges_to(&model.html(), "typing a name").await;
        assert!(model.html().contains("Hello, Ada!"));

        // Save is a Button child in the first card's footer slot; the page clears the name,
        // and the input follows through its `value` prop.
        browser.click(".btn-primary").await;
        model.click(model.hid("class=\"btn btn-primary\""));
        browser.converges_to(&model.html(), "saving").await;
        assert!(model.html().contains("Saved names (1)"));
        let typed = browser
            .js("return document.querySelector('.field input').value;", vec![])
            .await;
        assert_eq!(typed, json!(""));

        browser.type_into(".field input", "Grace").await;
        model.input(model.hid("placeholder=\"Ada Lovelace\""), "Grace");
        browser.converges_to(&model.html(), "typing again").await;
        browser.click(".btn-ghost").await;
        model.click(model.hid("class=\"btn btn-ghost\""));
        browser.converges_to(&model.html(), "clearing").await;

        // A card folds its own body (the page's slot content goes with it), then unfolds.
        browser.click(".fold").await;
        model.click(model.hid("class=\"fold\""));
        browser.converges_to(&model.html(), "folding").await;
        assert!(!model.html().contains("field-label"));
        browser.click(".fold").await;
        model.click(model.hid("class=\"fold\""));
        browser.converges_to(&model.html(), "unfolding").await;

        // The unfolded input still works: its child got fresh hydration IDs.
        browser.type_into(".field input", "Linus").await;
        model.input(model.hid("placeholder=\"Ada Lovelace\""), "Linus");
        browser.converges_to(&model.html(), "typing after unfolding").await;
        browser.click(".btn-primary").await;
        model.click(model.hid("class=\"btn btn-primary\""));
        browser.converges_to(&model.html(), "saving again").await;

        let png = browser.client.screenshot().await.expect("screenshot");
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/composition.png");
        std::fs::write(&docs, png).expect("write docs/composition.png");

        browser.click(".btn-danger").await;
        model.click(model.hid("class=\"btn btn-danger\""));
        browser.converges_to(&model.html(), "forgetting").await;
        assert!(model.html().contains("Nothing saved yet."));

        assert_eq!(browser.console_errors().await, Vec::<String>::new());
        browser
    })
    .await;
}
