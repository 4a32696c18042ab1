//! Live navigation over one socket, on the tracker: a page asks for another live route with
//! NAVIGATE and gets it as a new session that the same socket then serves; the session left
//! behind ends; a route that is not live, an unknown item and a redirecting mount tell the
//! page to load or go elsewhere, and the page it was on carries on.

use hjx_tests::client::{Client, Frame, TestServer, get};
use hjx_tests::tracker::{TempDb, serve, signed_in_as};

/// The next NAVIGATED or NAVIGATE frame.
async fn next_navigation(client: &mut Client) -> Frame {
    client
        .until(|frame| matches!(frame, Frame::Navigated { .. } | Frame::Navigate { .. }))
        .await
}

async fn signed_in(server: &TestServer, path: &str) -> Client {
    let (name, cookie) = signed_in_as("Ada");
    server.open_with(path, &[(name, cookie.as_str())]).await.1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_route_opens_over_the_same_socket_and_the_old_session_ends() {
    let db = TempDb::new();
    let store = db.open().await;
    let id = store
        .create_item("Paint the fence", "White, please.", "Bo")
        .await
        .expect("seed");
    let server = serve(store).await;
    let mut client = signed_in(&server, "/").await;
    assert_eq!(server.handle.session_count(), 1);

    let url = format!("/items/{id}?from=list");
    client.navigate(&url).await;
    let raw = client.recv_raw().await;
    let Frame::Navigated {
        url: opened,
        sid,
        token,
        title,
        html,
    } = Frame::decode(&raw)
    else {
        panic!("expected NAVIGATED");
    };
    assert_eq!(opened, url);
    assert_eq!(title, "Paint the fence · Tracker");
    assert!(html.contains("Paint the fence</h1>"), "{html}");
    assert!(
        html.contains("Signed in as Ada"),
        "mounted with the socket's cookie: {html}"
    );
    assert!(!token.is_empty());
    // The socket serves the new session from its first frame.
    assert_eq!(client.recv().await, Frame::Ready { seq: 0 });
    assert_eq!(server.handle.session_count(), 1, "the list's session ended");
    assert!(server.handle.session_stats(&sid).is_some());

    // Events reach the new page: a comment is typed and posted.
    let textarea = hjx_tests::client::hid_of(&html, "<textarea");
    client.input(textarea, "Done!").await;
    let form = hjx_tests::client::hid_of(&html, "<form");
    client.submit(form, &[("comment", "Done!")]).await;
    client
        .until(|frame| hjx_tests::client::carries(frame, "Done!"))
        .await;

    // And on again, to the list.
    client.navigate("/").await;
    let Frame::Navigated { title, html, .. } = next_navigation(&mut client).await else {
        panic!("expected NAVIGATED");
    };
    assert_eq!(title, "Items · Tracker");
    assert!(html.contains("Paint the fence"), "{html}");
    assert_eq!(client.recv().await, Frame::Ready { seq: 0 });
    assert_eq!(server.handle.session_count(), 1);

    // The page costs less over the socket than as a document (no head, no script tag), and
    // the socket, its handshake and HELLO are not paid again.
    let (name, cookie) = signed_in_as("Ada");
    let document = get(server.addr, &url, &[(name, cookie.as_str())]).await;
    assert!(
        raw.len() < document.body.len(),
        "NAVIGATED {} bytes, the document {} bytes",
        raw.len(),
        document.body.len()
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn routes_that_cannot_open_live_are_loaded_and_the_page_carries_on() {
    let db = TempDb::new();
    let server = serve(db.open().await).await;
    let mut client = signed_in(&server, "/items/new").await;

    // Not a live route, an unknown item, a path that is not a number: the page loads it with
    // a request of its own (which answers 404), and its own session stays.
    for url in [
        "/signin/elsewhere",
        "/items/999",
        "/items/abc",
        "//evil.example/x",
    ] {
        client.navigate(url).await;
        assert_eq!(
            next_navigation(&mut client).await,
            Frame::Navigate {
                url: url.to_owned(),
                replace: false,
                load: true
            },
            "{url}"
        );
    }
    assert_eq!(server.handle.session_count(), 1);
    client.send(&hjx_tests::client::click_frame(999)).await;
    assert!(
        matches!(client.recv().await, Frame::Error { .. }),
        "still served"
    );

    // A mount that redirects sends the page there: a socket without the cookie is sent to
    // sign in.
    let page = get(server.addr, "/signin", &[]).await;
    let mut anonymous = Client::connect(server.addr, page.sid()).await;
    anonymous.hello(page.token(), 0).await;
    assert!(matches!(anonymous.recv().await, Frame::Ready { .. }));
    anonymous.navigate("/items/new").await;
    assert_eq!(
        next_navigation(&mut anonymous).await,
        Frame::Navigate {
            url: "/signin?next=/items/new".to_owned(),
            replace: true,
            load: false
        }
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_query_change_on_the_same_page_runs_its_params_hook_without_a_remount() {
    let db = TempDb::new();
    let store = db.open().await;
    for title in ["Paint the fence", "Fix the sink"] {
        store.create_item(title, "", "Bo").await.expect("seed");
    }
    let server = serve(store).await;
    let (name, cookie) = signed_in_as("Ada");
    let (page, mut client) = server.open_with("/", &[(name, cookie.as_str())]).await;

    // Typing a search moves the page's URL with it, replacing the history entry.
    let search = hjx_tests::client::hid_of(&page.body, "<input class=\"search");
    client.input(search, "sink").await;
    let moved = client
        .until(|frame| matches!(frame, Frame::Url { .. }))
        .await;
    assert_eq!(
        moved,
        Frame::Url {
            url: "/?q=sink".to_owned(),
            replace: true
        }
    );
    client
        .until(|frame| hjx_tests::client::carries(frame, "1 items"))
        .await;

    // A link (or back) to another query of this page: the hook runs the search in this
    // session, and the page is told its new URL after the patches.
    client.navigate_query("/?q=fence").await;
    let frame = client
        .until(|frame| matches!(frame, Frame::Url { .. } | Frame::Navigated { .. }))
        .await;
    assert_eq!(
        frame,
        Frame::Url {
            url: "/?q=fence".to_owned(),
            replace: false
        }
    );
    client
        .until(|frame| hjx_tests::client::carries(frame, "Paint the fence"))
        .await;
    assert_eq!(server.handle.session_count(), 1);
    assert!(
        server.handle.session_stats(page.sid()).is_some(),
        "the same session"
    );

    // A page without the hook is mounted anew for the same path with another query.
    client.navigate("/items/new").await;
    assert!(matches!(
        next_navigation(&mut client).await,
        Frame::Navigated { .. }
    ));
    assert_eq!(client.recv().await, Frame::Ready { seq: 0 });
    client.navigate_query("/items/new?x=1").await;
    assert!(matches!(
        next_navigation(&mut client).await,
        Frame::Navigated { .. }
    ));
    server.shutdown().await;
}
