//! Mount hooks over real HTTP and sockets: the app state, path parameters, query, headers and
//! cookies reach the hook; what it loads is in the server-rendered page; it runs once per
//! session; and its refusals answer 303, 404 and 403.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use hjx_examples::counter::Counter;
use hjx_runtime::{Live, Mount, Refuse, hjx};
use hjx_tests::client::{Client, Frame, TestServer, get};

/// The app's state: a stand-in for a database, and how many times mount ran.
#[derive(Clone, Default)]
struct Db {
    titles: Arc<HashMap<u64, String>>,
    mounts: Arc<AtomicUsize>,
}

impl Db {
    /// A query that takes a moment, as a real one would.
    async fn title(&self, id: u64) -> Option<String> {
        tokio::time::sleep(Duration::from_millis(5)).await;
        self.titles.get(&id).cloned()
    }
}

hjx! {
    component Item

    state:
      title = ""
      viewer = ""
      tab = ""
      team = ""
      visits = 0

    script:
      async fn mount(&mut self, cx: &Mount<Db>) -> Result<(), Refuse> {
          cx.state().mounts.fetch_add(1, Ordering::SeqCst);
          let Some(user) = cx.cookie("user") else {
              return Err(Refuse::redirect("/login?next=%2Fitems"));
          };
          if user == "eve" {
              return Err(Refuse::Forbidden);
          }
          if user == "offline" {
              return Err(Refuse::failed("the database is down: secret detail"));
          }
          let id: u64 = cx.param("id")?;
          if id == 13 {
              panic!("item 13 cannot be loaded");
          }
          self.title = cx.state().title(id).await.ok_or(Refuse::NotFound)?;
          self.viewer = user.to_owned();
          self.tab = cx.query("tab").unwrap_or_default();
          self.team = cx.header("x-team").unwrap_or("none").to_owned();
          Ok(())
      }

    layout:
      view:
        h1: "{{title}}"
        text: "Viewer: {{viewer}}"
        text: "Tab: {{tab}}"
        text: "Team: {{team}}"
        button (on click -> visit): "Visits: {{visits}}"

    handlers:
      visit:
        set visits = visits + 1
}

hjx_runtime::include_hjx!("../hjx/Greeting.hjx");

fn db() -> Db {
    let titles = HashMap::from([
        (5, "Fix the <login> page".to_owned()),
        (7, "Ship it".to_owned()),
    ]);
    Db {
        titles: Arc::new(titles),
        mounts: Arc::default(),
    }
}

async fn server(db: &Db) -> TestServer {
    let live = Live::new()
        .with_state(db.clone())
        .mount::<Item>("/items/{id}")
        .mount::<Counter>("/counter");
    TestServer::start(live).await
}

const ANN: (&str, &str) = ("Cookie", "theme=dark; user=ann");

/// The hydration ID of the first element whose text is `text`.
fn hid_of(body: &str, text: &str) -> u32 {
    let end = body.find(&format!(">{text}<")).expect("text in the page");
    let start = body[..end].rfind("data-hid=\"").expect("a hydration ID") + "data-hid=\"".len();
    let len = body[start..].find('"').expect("closed");
    body[start..start + len].parse().expect("a number")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_holds_what_mount_loaded_from_state_path_query_headers_and_cookies() {
    let db = db();
    let server = server(&db).await;
    let page = get(
        server.addr,
        "/items/5?tab=comments%20%26%20more&x=1",
        &[ANN, ("X-Team", "blue")],
    )
    .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("Fix the &lt;login&gt; page</h1>"),
        "{}",
        page.body
    );
    assert!(page.body.contains(">Viewer: ann<"));
    assert!(page.body.contains(">Tab: comments &amp; more<"));
    assert!(page.body.contains(">Team: blue<"));

    let other = get(server.addr, "/items/7", &[ANN]).await;
    assert!(other.body.contains("Ship it</h1>"));
    assert!(other.body.contains(">Team: none<"));
    assert!(other.body.contains(">Tab: <"));

    // A component without a mount hook is served by an app with state, as before.
    let counter = server.page("/counter").await;
    assert_eq!(counter.status, 200);
    assert!(counter.body.contains("Count: 0"));
    assert_eq!(db.mounts.load(Ordering::SeqCst), 2);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mount_runs_once_across_the_page_the_socket_and_a_reconnect() {
    let db = db();
    let server = server(&db).await;
    let page = get(server.addr, "/items/5", &[ANN]).await;
    assert_eq!(page.status, 200);
    assert_eq!(db.mounts.load(Ordering::SeqCst), 1);
    let button = hid_of(&page.body, "Visits: 0");

    let mut client = Client::connect(server.addr, page.sid()).await;
    client.hello(page.token(), 0).await;
    assert_eq!(client.recv().await, Frame::Ready { seq: 0 });
    client.click(button).await;
    let patch = client.recv().await;
    assert!(
        matches!(&patch, Frame::Patches { seq: 1, texts, .. } if texts.iter().any(|(_, text)| text == "Visits: 1")),
        "{patch:?}"
    );
    client.close().await;

    let mut resumed = Client::connect(server.addr, page.sid()).await;
    resumed.hello(page.token(), 1).await;
    assert_eq!(resumed.recv().await, Frame::Ready { seq: 1 });
    resumed.click(button).await;
    let patch = resumed.recv().await;
    assert!(
        matches!(&patch, Frame::Patches { texts, .. } if texts.iter().any(|(_, text)| text == "Visits: 2")),
        "the reconnected session kept its state: {patch:?}"
    );
    assert_eq!(db.mounts.load(Ordering::SeqCst), 1, "no second mount");
    assert_eq!(server.handle.session_count(), 1);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_answer_303_404_and_403_and_the_server_keeps_serving() {
    let db = db();
    let server = server(&db).await;

    let anonymous = get(server.addr, "/items/5", &[]).await;
    assert_eq!(anonymous.status, 303);
    assert_eq!(anonymous.header("location"), Some("/login?next=%2Fitems"));
    assert!(anonymous.body.contains("/login?next=%2Fitems"));

    let eve = get(server.addr, "/items/5", &[("Cookie", "user=eve")]).await;
    assert_eq!(eve.status, 403);
    assert!(eve.body.contains("<title>Forbidden</title>"));
    assert!(eve.body.contains("You do not have access to this page."));

    let offline = get(server.addr, "/items/5", &[("Cookie", "user=offline")]).await;
    assert_eq!(offline.status, 500);
    assert!(offline.body.contains("This page could not be loaded."));
    assert!(
        !offline.body.contains("secret"),
        "the reason is logged, not shown"
    );

    for path in [
        "/items/404",
        "/items/abc",
        "/items/-1",
        "/items/5.0",
        "/items/99999999999999999999999",
        "/items/%FF",
    ] {
        let missing = get(server.addr, path, &[ANN]).await;
        assert_eq!(missing.status, 404, "{path}");
        assert!(missing.body.contains("<title>Not found</title>"), "{path}");
        assert!(missing.body.contains("There is nothing at this address."));
        assert_eq!(missing.header("cache-control"), Some("no-store"));
    }

    let failed = get(server.addr, "/items/13", &[ANN]).await;
    assert_eq!(failed.status, 500);
    assert!(failed.body.contains("This page could not be loaded."));

    // No session was created for a refused page; others are still served.
    assert_eq!(server.handle.session_count(), 0);
    let page = get(server.addr, "/items/7", &[ANN]).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Ship it</h1>"));
    assert_eq!(server.handle.session_count(), 1);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hook_in_a_hjx_file_without_state_reads_a_decoded_path_parameter() {
    let server = TestServer::start(Live::new().mount::<Greeting>("/hello/{name}")).await;
    let page = server.page("/hello/Ada%20L%3Cb%3E?excited").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(">Hello, Ada L&lt;b&gt;!</h1>"),
        "{}",
        page.body
    );
    let calm = server.page("/hello/Grace").await;
    assert!(calm.body.contains(">Hello, Grace.</h1>"), "{}", calm.body);
    server.shutdown().await;
}
