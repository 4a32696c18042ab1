//! The tracker example: its behaviour through the test harness (a refused item says why beside
//! its field; search as you type), and over real sockets what only the wire shows: sign-in by
//! cookie, forged and empty submits, bad ids as 404 pages, an unwritable database, comments
//! that reach every page on their item and no other, and data that survives a restart.

use hjx_examples::tracker::{self, Db, USER_COOKIE};
use hjx_runtime::Config;
use hjx_runtime::harness::TestApp;
use hjx_tests::client::{Client, Frame, Page, TestServer, carries, get, post_form};
use hjx_tests::tracker::{TempDb, serve, signed_in_as};

/// `GET path` as `user`, with the session's socket connected.
async fn open(server: &TestServer, path: &str, user: &str) -> (Page, Client) {
    let (name, cookie) = signed_in_as(user);
    server.open_with(path, &[(name, cookie.as_str())]).await
}

/// `GET path` as `user`.
async fn get_as(server: &TestServer, path: &str, user: &str) -> Page {
    let (name, cookie) = signed_in_as(user);
    get(server.addr, path, &[(name, cookie.as_str())]).await
}

/// The next frame that is PATCHES or NAVIGATE.
async fn next_change(client: &mut Client) -> Frame {
    client
        .until(|frame| matches!(frame, Frame::Patches { .. } | Frame::Navigate { .. }))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_but_signin_asks_for_a_name_kept_in_a_cookie() {
    let db = TempDb::new();
    let server = serve(db.open().await).await;
    for (path, next) in [
        ("/", "/"),
        ("/items/new", "/items/new"),
        ("/items/1", "/items/1"),
    ] {
        let page = get(server.addr, path, &[]).await;
        assert_eq!(page.status, 303, "{path}");
        assert_eq!(
            page.header("location"),
            Some(&*format!("/signin?next={next}"))
        );
    }
    let form = get(server.addr, "/signin?next=/items/new", &[]).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains(r#"action="/signin""#), "{}", form.body);
    assert!(form.body.contains(r#"value="/items/new""#));

    let empty = post_form(server.addr, "/signin", &[], "name=+&next=%2Fitems%2Fnew").await;
    assert_eq!(empty.status, 303);
    assert_eq!(
        empty.header("location"),
        Some("/signin?error=empty&next=/items/new")
    );
    assert_eq!(empty.header("set-cookie"), None);
    let again = get(server.addr, "/signin?error=empty&next=/items/new", &[]).await;
    assert!(again.body.contains("Type a name to sign in."));

    let long = post_form(
        server.addr,
        "/signin",
        &[],
        &format!("name={}", "x".repeat(41)),
    )
    .await;
    assert_eq!(long.header("location"), Some("/signin?error=long&next=/"));

    let ok = post_form(
        server.addr,
        "/signin",
        &[],
        "name=Zo%C3%AB+K&next=%2Fitems%2Fnew",
    )
    .await;
    assert_eq!(ok.status, 303);
    assert_eq!(ok.header("location"), Some("/items/new"));
    let cookie = ok.header("set-cookie").expect("a cookie");
    assert!(cookie.starts_with("tracker_user=Zo%C3%AB%20K;"), "{cookie}");
    let value = cookie.split(';').next().expect("name=value");
    let page = get(server.addr, "/items/new", &[("Cookie", value)]).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Signed in as Zoë K"), "{}", page.body);

    // Only paths of this site are followed after signing in.
    let away = post_form(
        server.addr,
        "/signin",
        &[],
        "name=Ada&next=%2F%2Fevil.example",
    )
    .await;
    assert_eq!(away.header("location"), Some("/"));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_created_item_opens_its_page_and_heads_the_list() {
    let db = TempDb::new();
    let server = serve(db.open().await).await;
    let (page, mut client) = open(&server, "/items/new", "Ada").await;
    let form = page.hid("<form");
    for title in ["First", "Second"] {
        client
            .submit(
                form,
                &[
                    ("title", &format!("  {title}  ")),
                    ("body", "Steps:\n1. <b>go</b>"),
                ],
            )
            .await;
        let mut frames = Vec::new();
        let url = loop {
            match next_change(&mut client).await {
                Frame::Navigate { url, replace, .. } => {
                    assert!(!replace);
                    break url;
                }
                other => frames.push(other),
            }
        };
        let item = get_as(&server, &url, "Ada").await;
        assert_eq!(item.status, 200, "{url}");
        assert!(
            item.body.contains(&format!(">{title}</h1>")),
            "{}",
            item.body
        );
        assert!(item.body.contains("Steps:\n1. &lt;b&gt;go&lt;/b&gt;"));
        assert!(item.body.contains("opened by Ada"));
    }
    let list = get_as(&server, "/", "Ada").await;
    let second = list.body.find(">Second<").expect("second listed");
    let first = list.body.find(">First<").expect("first listed");
    assert!(second < first, "newest first");
    assert!(list.body.contains("2 items"));
    assert!(list.body.contains(r#"href="/items/2""#));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_item_says_why_beside_its_field_and_keeps_what_was_typed() {
    let db = TempDb::new();
    let store = db.open().await;
    let app = TestApp::new(&tracker::live(Config::default(), store.clone()));
    let mut page = app
        .request("/items/new")
        .cookie(USER_COOKIE, "Ada")
        .open()
        .await
        .expect("the form opens");
    page.fill("textarea[name=body]", "kept").await;
    page.submit("form", &[("title", "   ")]).await;
    assert_eq!(page.text(".error"), "Give the item a title.");
    page.submit("form", &[("title", &"t".repeat(300))]).await;
    assert_eq!(
        page.text(".error"),
        "A title has at most 200 characters; this one has 300."
    );
    assert_eq!(page.value("textarea[name=body]"), "kept");
    assert!(store.items("").await.expect("query").is_empty());
    // A good one is stored, and the page goes to it.
    page.submit("form", &[("title", "Fine")]).await;
    page.settle().await;
    assert_eq!(page.url(), "/items/1");
    assert_eq!(store.items("").await.expect("query").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_or_empty_submit_is_refused_and_stores_nothing() {
    let db = TempDb::new();
    let store = db.open().await;
    let server = serve(store.clone()).await;
    let (page, mut client) = open(&server, "/items/new", "Ada").await;
    let form = page.hid("<form");

    // A forged submit: a field the form does not have.
    client
        .submit(form, &[("title", "Fine"), ("body", ""), ("admin", "1")])
        .await;
    let forged = next_change(&mut client).await;
    assert!(
        carries(
            &forged,
            "This form was sent with fields it does not have: `admin`"
        ),
        "{forged:?}"
    );
    // A submit with no fields at all: each missing one is named.
    client.submit(form, &[]).await;
    let missing = next_change(&mut client).await;
    assert!(carries(&missing, "is required"), "{missing:?}");

    assert!(
        store.items("").await.expect("query").is_empty(),
        "nothing stored"
    );
    // The session lives: a good submit is stored and goes to its page.
    client
        .submit(form, &[("title", "Fine"), ("body", "")])
        .await;
    loop {
        if let Frame::Navigate { url, .. } = next_change(&mut client).await {
            assert_eq!(url, "/items/1");
            break;
        }
    }
    assert_eq!(store.items("").await.expect("query").len(), 1);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_or_unknown_id_is_a_404_page() {
    let db = TempDb::new();
    let store = db.open().await;
    store.create_item("Only", "", "Ada").await.expect("insert");
    let server = serve(store).await;
    for path in [
        "/items/abc",
        "/items/2",
        "/items/0",
        "/items/-1",
        "/items/1.5",
        "/items/%FF",
    ] {
        let page = get_as(&server, path, "Ada").await;
        assert_eq!(page.status, 404, "{path}");
        assert!(
            page.body.contains("There is nothing at this address."),
            "{path}"
        );
    }
    let page = get_as(&server, "/items/1", "Ada").await;
    assert_eq!(page.status, 200);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unwritable_database_is_a_failed_state_and_the_session_lives() {
    let db = TempDb::new();
    let writable = db.open().await;
    writable
        .create_item("Read me", "", "Ada")
        .await
        .expect("insert");
    writable.close().await;
    let read_only = Db::open_read_only(db.path()).await.expect("open read-only");
    let server = serve(read_only).await;

    let (page, mut client) = open(&server, "/items/new", "Ada").await;
    client
        .submit(page.hid("<form"), &[("title", "New"), ("body", "")])
        .await;
    let failed = client
        .until(|frame| carries(frame, "The item could not be saved:"))
        .await;
    assert!(carries(&failed, "readonly"), "{failed:?}");

    let (item, mut reader) = open(&server, "/items/1", "Ada").await;
    assert!(item.body.contains(">Read me</h1>"));
    let comment_form = item.hid("<form");
    reader.submit(comment_form, &[("comment", "hello")]).await;
    let failed = reader
        .until(|frame| carries(frame, "The comment could not be saved:"))
        .await;
    assert!(carries(&failed, "readonly"), "{failed:?}");
    // The session lives: its next event is served.
    reader.submit(comment_form, &[("comment", " ")]).await;
    let next = next_change(&mut reader).await;
    assert!(carries(&next, "Write a comment first."), "{next:?}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_updates_the_list_as_you_type() {
    let db = TempDb::new();
    let store = db.open().await;
    for title in ["Fix the login bug", "Add a dark mode", "Dark mode flickers"] {
        store.create_item(title, "", "Ada").await.expect("insert");
    }
    store
        .create_item("Slow pages", "only in 50%_off mode", "Ada")
        .await
        .expect("insert");
    let app = TestApp::new(&tracker::live(Config::default(), store));
    let mut page = app
        .request("/?q=login")
        .cookie(USER_COOKIE, "Ada")
        .open()
        .await
        .expect("the list opens");
    assert_eq!(page.text(".count"), "1 items");
    assert_eq!(page.value("input[name=q]"), "login");
    for (typed, count) in [
        ("dark", "2 items"),
        ("50%_", "1 items"),
        ("50%x", "0 items"),
        ("", "4 items"),
    ] {
        page.fill("input[name=q]", typed).await;
        page.settle().await;
        assert_eq!(page.text(".count"), count, "after typing `{typed}`");
    }
    assert_eq!(
        page.texts("ul.items a"),
        [
            "Slow pages",
            "Dark mode flickers",
            "Add a dark mode",
            "Fix the login bug"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_reaches_every_page_on_its_item_and_no_other() {
    let db = TempDb::new();
    let store = db.open().await;
    store.create_item("One", "", "Ada").await.expect("insert");
    store.create_item("Two", "", "Ada").await.expect("insert");
    let server = serve(store.clone()).await;
    let (page, mut ada) = open(&server, "/items/1", "Ada").await;
    let (_, mut bob) = open(&server, "/items/1", "Bob").await;
    let (other, mut cy) = open(&server, "/items/2", "Cy").await;
    let form = page.hid("<form");
    let draft = page.hid("<textarea");

    ada.input(draft, "First!").await;
    ada.submit(form, &[("comment", "First!")]).await;
    // Ada's box is cleared once the comment is stored, and the comment appears with its
    // author, in whichever order the two frames come.
    let (mut cleared, mut shown) = (false, false);
    while !(cleared && shown) {
        let frame = next_change(&mut ada).await;
        cleared |= matches!(&frame, Frame::Patches { texts, .. }
            if texts.contains(&(draft, "value=".to_owned())));
        shown |= carries(
            &frame,
            "<strong class=\"author\" data-hid=\"16\">Ada</strong>",
        ) && carries(&frame, "First!");
    }
    bob.until(|frame| carries(frame, "First!")).await;

    // Cy, on item 2, got nothing: the next frame Cy gets answers Cy's own event.
    cy.submit(other.hid("<form"), &[("comment", "")]).await;
    let own = next_change(&mut cy).await;
    assert!(carries(&own, "Write a comment first."), "{own:?}");
    assert!(!carries(&own, "First!"), "{own:?}");

    let comments = store.comments(1).await.expect("query");
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].author, "Ada");
    assert!(store.comments(2).await.expect("query").is_empty());
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everything_written_survives_a_restart() {
    let db = TempDb::new();
    let first = db.open().await;
    let server = serve(first.clone()).await;
    let (page, mut client) = open(&server, "/items/new", "Ada").await;
    client
        .submit(page.hid("<form"), &[("title", "Durable"), ("body", "kept")])
        .await;
    client
        .until(|frame| matches!(frame, Frame::Navigate { .. }))
        .await;
    let (item, mut reader) = open(&server, "/items/1", "Bob").await;
    reader
        .submit(item.hid("<form"), &[("comment", "noted")])
        .await;
    reader.until(|frame| carries(frame, "noted")).await;
    server.shutdown().await;
    first.close().await;

    let server = serve(db.open().await).await;
    let item = get_as(&server, "/items/1", "Cy").await;
    assert!(item.body.contains(">Durable</h1>"), "{}", item.body);
    assert!(item.body.contains("noted"));
    assert!(item.body.contains("Bob"));
    server.shutdown().await;
}
