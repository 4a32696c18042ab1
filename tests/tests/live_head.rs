//! The document head: a component's title, description and language in its page, the title
//! patched (hydration ID 0) when the fields it reads change and only then; the app's own head
//! lines; and an empty icon unless the app gives one, so no browser asks for `/favicon.ico`.

use hjx_runtime::{Head, Live, hjx};
use hjx_tests::client::{Frame, TestServer, get};

hjx! {
    component Inbox

    state:
      unread = 2
      clicks = 0

    script:
      fn head(&self) -> Head {
          Head::title(format!("({}) Inbox", self.unread)).description("Your <mail> & more").lang("en")
      }

    layout:
      view:
        button (on click -> read): "read"
        button (on click -> click): "{{clicks}}"

    handlers:
      read:
        set unread = unread - 1
      click:
        set clicks = clicks + 1
}

hjx! {
    component Plain

    state:
      n = 0

    layout:
      text: "{{n}}"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_title_is_rendered_and_patched_when_it_changes() {
    let live = Live::new()
        .head(r#"<link rel="stylesheet" href="/app.css">"#)
        .mount::<Inbox>("/")
        .mount::<Plain>("/plain");
    let server = TestServer::start(live).await;
    let (page, mut client) = server.open("/").await;
    let body = &page.body;
    assert!(
        body.starts_with("<!doctype html><html lang=\"en\"><head>"),
        "{body}"
    );
    assert!(
        body.contains(r#"<title data-hid="0">(2) Inbox</title>"#),
        "{body}"
    );
    assert!(
        body.contains(r#"<meta name="description" content="Your &lt;mail&gt; &amp; more">"#),
        "{body}"
    );
    assert!(
        body.contains(r#"<link rel="icon" href="data:,">"#),
        "{body}"
    );
    assert!(
        body.contains(r#"<link rel="stylesheet" href="/app.css">"#),
        "{body}"
    );

    // `read` changes what the title reads: the title is patched with the rest.
    client.click(1).await;
    let read = client.recv().await;
    let Frame::Patches { texts, .. } = &read else {
        panic!("{read:?}")
    };
    assert_eq!(texts, &[(0, "(1) Inbox".to_owned())], "{read:?}");
    // `click` leaves the title as it was: no title operation.
    client.click(2).await;
    let click = client.recv().await;
    let Frame::Patches { texts, .. } = &click else {
        panic!("{click:?}")
    };
    assert_eq!(texts, &[(2, "1".to_owned())], "{click:?}");

    // A component without a head: its name, no lang, no description.
    let plain = get(server.addr, "/plain", &[]).await;
    assert!(
        plain.body.starts_with("<!doctype html><html><head>"),
        "{}",
        plain.body
    );
    assert!(plain.body.contains(r#"<title data-hid="0">Plain</title>"#));
    assert!(!plain.body.contains("name=\"description\""));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_app_icon_replaces_the_empty_one() {
    let live = Live::new()
        .head(r#"<link rel="icon" href="/icon.svg">"#)
        .mount::<Plain>("/");
    let server = TestServer::start(live).await;
    let page = get(server.addr, "/", &[]).await;
    assert!(page.body.contains(r#"<link rel="icon" href="/icon.svg">"#));
    assert!(!page.body.contains("data:,"), "{}", page.body);
    server.shutdown().await;
}
