//! Child components' hooks: a child's `mount` runs with its page's request context (app state,
//! path, cookies) and its `init` with a store of its own, whether it stands at the top of the
//! page's markup or once per item of a keyed `for`, including an item added by an event later.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use hjx_runtime::{Live, Mount, Refuse, Store, hjx};
use hjx_tests::client::{Client, Frame, TestServer, get, hid_of};

/// How many badges' `init` ran, in every test of this file.
static BADGE_INITS: AtomicUsize = AtomicUsize::new(0);

/// The app's state: how many badge mounts ran.
#[derive(Clone, Default)]
struct Db {
    badge_mounts: Arc<AtomicUsize>,
}

hjx! {
    component Wall
    imports:
      Badge from "components/Badge.hjx"

    state:
      owner = ""
      names: Vec<String> = vec!["a".to_owned(), "b".to_owned()]

    script:
      async fn mount(&mut self, cx: &Mount<Db>) -> Result<(), Refuse> {
          self.owner = cx.cookie("user").unwrap_or_default().to_owned();
          Ok(())
      }

      fn ping(&self) {
          if let Some(store) = Store::<Self>::current() {
              store.publish("badges", 5u32);
          }
      }

    layout:
      main:
        h1: "{{owner}}'s wall"
        Badge (label="top")
        ul:
          for (name in names, key: name.clone()):
            li:
              Badge (label="{{name}}")
        button.add (on click -> add): "Add"
        button.ping (on click -> ping): "Ping"

    handlers:
      add:
        set names = [names.clone(), vec!["c".to_owned()]].concat()
      ping:
        call self.ping()
}

async fn server(db: &Db) -> TestServer {
    TestServer::start(
        Live::new()
            .with_state(db.clone())
            .mount::<Wall>("/walls/{wall}"),
    )
    .await
}

const ANN: (&str, &str) = ("Cookie", "user=ann");

/// Whether `frame` shows `text`: in a patch, or in a resynchronized page.
fn shows(frame: &Frame, text: &str) -> bool {
    match frame {
        Frame::Patches { texts, .. } => texts.iter().any(|(_, t)| t.contains(text)),
        Frame::Resync { html, .. } => html.contains(text),
        _ => false,
    }
}

/// Receives frames until each of `texts` has been shown.
async fn until_all(client: &mut Client, texts: &[&str]) {
    let mut missing: Vec<&str> = texts.to_vec();
    while !missing.is_empty() {
        let frame = client.recv().await;
        missing.retain(|text| !shows(&frame, text));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_top_level_child_mounts_before_the_first_paint_and_items_mount_with_the_same_context() {
    let db = Db::default();
    let server = server(&db).await;
    let page = get(server.addr, "/walls/7", &[ANN]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("ann&#39;s wall") || page.body.contains("ann's wall"));
    // The top-level child's mount ran before the render, with the page's cookie and path.
    assert!(page.body.contains(">top viewer ann on 7<"), "{}", page.body);

    let mut client = Client::connect(server.addr, page.sid()).await;
    client.hello(page.token(), 0).await;
    // Each item's child mounts with the same context once its item is shown, and every
    // child's `init` started it.
    until_all(
        &mut client,
        &[
            "a viewer ann on 7",
            "b viewer ann on 7",
            "top started",
            "a started",
            "b started",
        ],
    )
    .await;
    assert_eq!(db.badge_mounts.load(Ordering::SeqCst), 3);

    // An item added by an event: its child mounts and starts too.
    client
        .click(hid_of(&page.body, "<button class=\"add"))
        .await;
    until_all(&mut client, &["c viewer ann on 7", "c started"]).await;
    assert_eq!(db.badge_mounts.load(Ordering::SeqCst), 4);

    // Each child's `init` subscribed it: a message reaches every badge, as its own patch.
    client
        .click(hid_of(&page.body, "<button class=\"ping"))
        .await;
    until_all(
        &mut client,
        &["top ticks 5", "a ticks 5", "b ticks 5", "c ticks 5"],
    )
    .await;
    assert!(BADGE_INITS.load(Ordering::SeqCst) >= 4);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_child_s_mount_can_refuse_its_page() {
    let db = Db::default();
    let server = server(&db).await;
    let refused = get(server.addr, "/walls/7", &[("Cookie", "user=mallory")]).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(server.handle.session_count(), 0);
    let served = get(server.addr, "/walls/8", &[ANN]).await;
    assert_eq!(served.status, 200);
    assert!(served.body.contains(">top viewer ann on 8<"));
    server.shutdown().await;
}
