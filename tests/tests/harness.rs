//! The test harness for users (`hjx_runtime::harness`), on the example apps: pages opened with
//! their state, path and cookies, driven by clicks, typing and typed forms, async work settled,
//! live navigation and redirects followed, pushed events observed, two sessions against one
//! app, and finds that fail saying what the page holds.

use hjx_examples::tracker::{self, TempDb, USER_COOKIE};
use hjx_runtime::harness::{Refused, TestApp};
use hjx_runtime::{Config, Live};

fn counter() -> TestApp {
    TestApp::new(&Live::new().mount::<hjx_examples::counter::Counter>("/"))
}

#[tokio::test]
async fn a_click_changes_what_the_page_shows() {
    let app = counter();
    let mut page = app.open("/").await.expect("the counter opens");
    assert!(page.contains("Count: 0"));
    page.click("button").await;
    page.click("button").await;
    assert_eq!(page.text(".counter"), "Count: 2+");
    assert_eq!(page.url(), "/");
}

#[tokio::test]
#[should_panic(
    expected = "no element matches `button.save`; the page's <button> elements: `+` (button)"
)]
async fn a_failing_find_says_what_the_page_holds() {
    let mut page = counter().open("/").await.expect("the counter opens");
    page.click("button.save").await;
}

#[tokio::test]
#[should_panic(expected = "no `button` has the text `Save`; the texts of `button`: `+`")]
async fn a_find_by_text_says_which_texts_there_are() {
    let mut page = counter().open("/").await.expect("the counter opens");
    page.click_text("button", "Save").await;
}

#[tokio::test]
async fn routes_that_refuse_say_how() {
    let db = TempDb::new();
    let app = TestApp::new(&tracker::live(Config::default(), db.open().await));
    assert_eq!(
        app.open("/").await.map(|_| ()),
        Err(Refused::Redirect("/signin?next=/".to_owned()))
    );
    let signed_in = |path: &str| app.request(path).cookie(USER_COOKIE, "Ada");
    assert_eq!(
        signed_in("/items/99").open().await.map(|_| ()),
        Err(Refused::Status(404))
    );
    assert_eq!(
        app.open("/nowhere").await.map(|_| ()),
        Err(Refused::NotLive("/nowhere".to_owned()))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tracker_searches_creates_navigates_and_comments_across_two_sessions() {
    let db = TempDb::new();
    let store = db.open().await;
    store
        .create_item("Paint the fence", "White.", "Bo")
        .await
        .expect("seed");
    let app = TestApp::new(&tracker::live(Config::default(), store));
    let mut ada = app
        .request("/")
        .cookie(USER_COOKIE, "Ada")
        .open()
        .await
        .expect("the list opens");
    assert_eq!(ada.texts("ul.items a"), ["Paint the fence"]);

    // Search as you type: async work, settled; the URL follows.
    ada.fill("input[name=q]", "sink").await;
    ada.settle().await;
    assert_eq!(ada.text(".count"), "0 items");
    assert_eq!(ada.url(), "/?q=sink");

    // Live navigation by link; a refused typed form keeps what was typed.
    ada.click_link("a.new").await;
    assert_eq!(ada.url(), "/items/new");
    ada.fill("textarea[name=body]", "Keep me.").await;
    ada.submit("form", &[]).await;
    assert!(ada.contains("Give the item a title."), "{}", ada.html());
    assert_eq!(ada.value("textarea[name=body]"), "Keep me.");

    // A good one is saved in async work, which then sends the page to the new item.
    ada.submit("form", &[("title", "Fix the sink")]).await;
    ada.settle().await;
    assert_eq!(ada.url(), "/items/2");
    assert_eq!(ada.text("h1"), "Fix the sink");

    // A second session on the same item sees Ada's comment arrive.
    let mut bob = app
        .request("/items/2")
        .cookie(USER_COOKIE, "Bob")
        .open()
        .await
        .expect("the item opens");
    ada.submit("form", &[("comment", "On it.")]).await;
    ada.settle().await;
    bob.wait_until(|page| page.contains("On it.")).await;
    assert_eq!(bob.texts("ol.comments .author"), ["Ada"]);
    assert_eq!(app.session_count(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_pushed_to_the_page_are_observed() {
    let app = TestApp::new(&hjx_examples::gallery::live());
    let mut page = app.open("/").await.expect("the gallery opens");
    page.fill("input.title", "Hills").await;
    page.click("button.save").await;
    assert_eq!(page.events_named::<u64>("saved"), [1]);
    assert_eq!(page.texts(".sketches .caption"), ["Hills"]);
}

#[tokio::test]
async fn todo_mvc_adds_edits_filters_and_clears_through_its_components() {
    let app = TestApp::new(&Live::new().mount::<hjx_examples::todo::TodoApp>("/"));
    let mut page = app.open("/").await.expect("the todo app opens");
    assert!(page.contains("Nothing to do yet."));

    // The new-todo box is a component: typing and submitting reach the app through its event.
    for title in ["Buy milk", "Walk the dog", "Write tests"] {
        page.fill("input.new-todo", title).await;
        page.submit("form.new", &[]).await;
    }
    assert_eq!(
        page.texts(".todo-list label"),
        ["Buy milk", "Walk the dog", "Write tests"]
    );
    assert_eq!(page.text(".todo-count"), "3 items left");
    assert_eq!(page.value("input.new-todo"), "", "the box is cleared");

    // Toggle, edit with the keyboard, filter, clear.
    page.check(".todo-list li:nth-child(2) input.toggle", true)
        .await;
    assert_eq!(page.text(".todo-count"), "2 items left");
    page.click(".todo-list li:first-child button.edit-button")
        .await;
    page.fill("input.edit", "Buy oat milk").await;
    page.keydown("input.edit", "Enter").await;
    assert_eq!(page.texts(".todo-list label")[0], "Buy oat milk");
    page.click_text(".filters button", "Completed").await;
    assert_eq!(page.texts(".todo-list label"), ["Walk the dog"]);
    page.click("button.clear-completed").await;
    page.click_text(".filters button", "All").await;
    assert_eq!(
        page.texts(".todo-list label"),
        ["Buy oat milk", "Write tests"]
    );
}

#[tokio::test]
async fn todo_mvc_cuts_a_title_past_its_bound() {
    use hjx_examples::todo::MAX_TITLE;

    let app = TestApp::new(&Live::new().mount::<hjx_examples::todo::TodoApp>("/"));
    let mut page = app.open("/").await.expect("the todo app opens");
    page.fill("input.new-todo", &"t".repeat(MAX_TITLE * 3))
        .await;
    page.submit("form.new", &[]).await;
    assert_eq!(page.text(".todo-list label"), "t".repeat(MAX_TITLE));
}
