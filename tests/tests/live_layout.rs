//! A layout over real sockets: the page renders in its slot; the layout's events are its own
//! (its hydration IDs never meet the page's) and patch it in the page's frames; its state moves
//! with live navigation between routes mounted in it, and a route without it leaves it behind.

mod layout_app;

use hjx_tests::client::{Client, Frame, TestServer, carries, hid_of};

async fn server() -> TestServer {
    TestServer::start(layout_app::live()).await
}

async fn navigated(client: &mut Client, url: &str) -> String {
    client.navigate(url).await;
    let html = match client
        .until(|frame| matches!(frame, Frame::Navigated { .. }))
        .await
    {
        Frame::Navigated { html, .. } => html,
        _ => unreachable!(),
    };
    assert_eq!(client.recv().await, Frame::Ready { seq: 0 });
    html
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_layout_keeps_its_state_across_navigation_between_its_routes() {
    let server = server().await;
    let (page, mut client) = server.open_with("/", &[("Cookie", "user=ann")]).await;
    let body = &page.body;
    assert!(
        body.contains(">hello ann<"),
        "the layout mounts with the request: {body}"
    );
    let shell = body.find("class=\"shell\"").expect("the layout");
    let home = body.find("<h1>Home</h1>").expect("the page");
    let slot = body.find("<main").expect("the slot");
    assert!(
        shell < slot && slot < home,
        "the page renders in the layout's slot"
    );
    assert!(
        body.contains("<style>") && body.contains("[data-hjx-scope=\"Shell-"),
        "the document carries the layout's style: {body}"
    );
    let bump = hid_of(body, "<button class=\"bump");
    let like = hid_of(body, "<button class=\"like");
    assert!(bump >= 1 << 24 && like < 1 << 24, "{bump} {like}");

    // The layout's event patches the layout; the page's, the page.
    client.click(bump).await;
    assert!(carries(&client.recv().await, "clicks 1"));
    client.click(like).await;
    assert!(carries(&client.recv().await, "likes 1"));
    client.click(bump).await;
    assert!(carries(&client.recv().await, "clicks 2"));

    // Navigating to a route in the same layout keeps it, state and all.
    let about = navigated(&mut client, "/about").await;
    assert!(
        about.contains("[data-hjx-scope=\"Shell-"),
        "and so does a navigation"
    );
    assert!(
        about.contains(">clicks 2<") && about.contains("<h1>About</h1>"),
        "{about}"
    );
    assert!(about.contains(">hello ann<"));
    client.click(bump).await;
    assert!(carries(&client.recv().await, "clicks 3"));
    let back = navigated(&mut client, "/").await;
    assert!(
        back.contains(">clicks 3<") && back.contains(">likes 0<"),
        "a fresh page, the same layout: {back}"
    );

    // A route without the layout leaves it; coming back mounts a new one.
    let plain = navigated(&mut client, "/plain").await;
    assert!(!plain.contains("clicks"), "{plain}");
    let again = navigated(&mut client, "/").await;
    assert!(again.contains(">clicks 0<"), "{again}");
    assert_eq!(server.handle.session_count(), 1);
    server.shutdown().await;
}
