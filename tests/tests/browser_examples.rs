//! The todo example in real headless Chromium: add, toggle, filter, clear, remove and edit,
//! each step followed by the convergence oracle (the live DOM, hydration IDs aside, equals a
//! fresh server render of a model `TodoApp` driven by the same events) and, at the end, no
//! console errors. Takes the screenshot `docs/todo.png`.
//!
//! Run with `cargo test -p hjx-tests --test browser_examples`.

mod browser_support;

use browser_support::{Browser, with_browser};
use hjx_examples::todo::TodoApp;
use hjx_runtime::{HydrationId, Live};
use hjx_tests::client::TestServer;
use hjx_tests::model::Model;
use serde_json::json;

async fn open_todo(browser: &Browser) -> TestServer {
    let server = TestServer::start(Live::new().mount::<TodoApp>("/")).await;
    browser.goto(&format!("http://{}/", server.addr)).await;
    browser
        .wait_for("document.documentElement.classList.contains('hjx-connected')")
        .await;
    server
}

/// Clicks the element `css` inside the todo row titled `title`.
async fn click_in_row(browser: &Browser, title: &str, css: &str) {
    let found = browser
        .js(
            "const row = [...document.querySelectorAll('.todo-list li')] \
               .find(li => (li.querySelector('label') || {}).textContent === arguments[0]); \
             const el = row && row.querySelector(arguments[1]); \
             if (el) el.click(); \
             return !!el;",
            vec![json!(title), json!(css)],
        )
        .await;
    assert_eq!(found, json!(true), "no `{css}` in the row `{title}`");
}

/// Adds a todo as a user does: types it into the new-todo input and presses Enter.
async fn add(browser: &Browser, model: &mut Model<TodoApp>, title: &str) {
    browser
        .type_into(".new-todo", &format!("{title}\u{E007}"))
        .await;
    model.input(model.hid("class=\"new-todo\""), title);
    model.submit(model.hid("class=\"new\""), &[("title", title)]);
    browser
        .converges_to(&model.html(), &format!("adding {title:?}"))
        .await;
}

/// Opens the edit input of the row `title` on both sides, then types `typed` into it (the
/// browser sends an input event a key); returns the edit input's hydration ID in the model,
/// whose draft is now `title` + `typed` (keys that end it, Enter or Escape, aside).
async fn edit(
    browser: &Browser,
    model: &mut Model<TodoApp>,
    title: &str,
    typed: &str,
) -> HydrationId {
    click_in_row(browser, title, ".edit-button").await;
    model.click(model.row_hid(title, "class=\"edit-button\""));
    browser
        .converges_to(&model.html(), &format!("editing {title:?}"))
        .await;
    browser.type_into(".edit", typed).await;
    let text: String = typed
        .chars()
        .filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c))
        .collect();
    let edit = model.hid("class=\"edit\"");
    model.input(edit, &format!("{title}{text}"));
    edit
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn todo_add_toggle_filter_clear_remove_converge_without_console_errors() {
    with_browser(|browser| async move {
        let _server = open_todo(&browser).await;
        let mut model = Model::<TodoApp>::default();
        browser
            .converges_to(&model.html(), "the first render")
            .await;

        for title in ["Buy milk", "Write <tests> & docs", "Ship it"] {
            add(&browser, &mut model, title).await;
        }

        click_in_row(&browser, "Write <tests> & docs", ".toggle").await;
        model.check(
            model.row_hid("Write &lt;tests&gt; &amp; docs", "class=\"toggle\""),
            true,
        );
        browser.converges_to(&model.html(), "toggling one").await;

        let png = browser.client.screenshot().await.expect("screenshot");
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/todo.png");
        std::fs::write(&docs, png).expect("write docs/todo.png");

        for filter in ["Active", "Completed", "All"] {
            browser
                .js(
                    "[...document.querySelectorAll('.filters button')] \
                       .find(b => b.textContent === arguments[0]).click();",
                    vec![json!(filter)],
                )
                .await;
            model.click(model.hid(&format!(">{filter}<")));
            browser.converges_to(&model.html(), filter).await;
        }

        browser.click(".toggle-all input").await;
        model.check(model.hid("type=\"checkbox\""), true);
        browser.converges_to(&model.html(), "toggle all").await;
        browser.click(".toggle-all input").await;
        model.check(model.hid("type=\"checkbox\""), false);
        browser.converges_to(&model.html(), "toggle all back").await;

        click_in_row(&browser, "Buy milk", ".toggle").await;
        model.check(model.row_hid("Buy milk", "class=\"toggle\""), true);
        browser
            .converges_to(&model.html(), "toggling another")
            .await;
        browser.click(".clear-completed").await;
        model.click(model.hid("class=\"clear-completed\""));
        browser.converges_to(&model.html(), "clear completed").await;

        click_in_row(&browser, "Ship it", ".destroy").await;
        model.click(model.row_hid("Ship it", "class=\"destroy\""));
        browser.converges_to(&model.html(), "removing").await;
        assert!(model.html().contains("Write &lt;tests&gt; &amp; docs"));
        assert!(model.html().contains(">1 item left<"));

        assert_eq!(browser.console_errors().await, Vec::<String>::new());
        browser
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn todo_edit_with_binding_saves_on_enter_and_button_and_cancels_on_escape() {
    with_browser(|browser| async move {
        let _server = open_todo(&browser).await;
        let mut model = Model::<TodoApp>::default();
        for title in ["Buy milk", "Ship it"] {
            add(&browser, &mut model, title).await;
        }

        // Edit, type more, Enter: saved.
        let input = edit(&browser, &mut model, "Ship it", " today\u{E007}").await;
        model.key(input, "Enter");
        browser
            .converges_to(&model.html(), "saving with Enter")
            .await;
        assert!(model.html().contains(">Ship it today<"));

        // Edit, type, Escape: unchanged.
        let input = edit(&browser, &mut model, "Buy milk", " and eggs\u{E00C}").await;
        model.key(input, "Escape");
        browser
            .converges_to(&model.html(), "cancelling with Escape")
            .await;
        assert!(model.html().contains(">Buy milk<"));

        // Edit, type, the Save button: saved.
        edit(&browser, &mut model, "Buy milk", " and bread").await;
        browser
            .wait_for("document.querySelector('.edit').value === 'Buy milk and bread'")
            .await;
        browser.click(".save").await;
        model.click(model.hid("class=\"save\""));
        browser
            .converges_to(&model.html(), "saving with the button")
            .await;
        assert!(model.html().contains(">Buy milk and bread<"));

        assert_eq!(browser.console_errors().await, Vec::<String>::new());
        browser
    })
    .await;
}
