//! Topics over real sockets: a message published to `item:5` patches the pages subscribed to it
//! (at mount) and no other, from a handler or from a task; a message sent to one session reaches only it;
//! and a session that ends leaves its topics.

use std::time::Duration;

use hjx_runtime::{Config, Live, Mount, Refuse, SessionId, Store, hjx, session_topic};
use hjx_tests::client::{Client, Frame, TestServer, shows};
use serde::{Deserialize, Serialize};

/// A comment posted on an item: the message of the topic `item:<id>`.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Comment {
    text: String,
}

/// A nudge sent to one session.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Ping {
    from: String,
}

hjx! {
    component Thread

    state:
      item = 0
      comments = 0
      last = ""
      pings = 0

    script:
      async fn mount(&mut self, cx: &Mount<()>) -> Result<(), Refuse> {
          self.item = cx.param("id")?;
          cx.subscribe(&format!("item:{}", self.item), |thread: &mut Self, comment: &Comment| {
              thread.comments += 1;
              thread.last = comment.text.clone();
          });
          Ok(())
      }

      fn init(store: Store<Self>) {
          if store.get(|thread| thread.item) == Some(9) {
              // Item 9's page starts a task that posts on item 5 once.
              let poster = store.clone();
              store.spawn(async move {
                  tokio::time::sleep(Duration::from_millis(10)).await;
                  poster.publish("item:5", Comment { text: "from item 9".to_owned() });
              });
          }
          if let Some(me) = store.session_id() {
              store.subscribe(&session_topic(me), |thread: &mut Self, _ping: &Ping| {
                  thread.pings += 1;
              });
          }
          let publisher = store.clone();
          store.on("post", move |thread, _event| {
              let comment = Comment { text: format!("on {}", thread.item) };
              publisher.publish(&format!("item:{}", thread.item), comment);
          });
          let sender = store.clone();
          store.on("ping_me", move |_thread, _event| {
              if let Some(me) = sender.session_id() {
                  sender.send_to(me, Ping { from: "myself".to_owned() });
              }
          });
      }

    layout:
      view:
        text: "Comments: {{comments}}"
        text: "Last: {{last}}"
        text: "Pings: {{pings}}"
        button (on click -> post): "Post"
        button (on click -> ping_me): "Ping me"

    handlers:
      post:
        log "posted"
      ping_me:
        log "pinged"
}

const COMMENTS: u32 = 1;
const LAST: u32 = 2;
const PINGS: u32 = 3;
const POST: u32 = 4;
const PING_ME: u32 = 5;

fn app(config: Config) -> Live {
    Live::with_config(config).mount::<Thread>("/items/{id}")
}

/// Reads frames until `hid` shows `text`; returns every frame read, that one last.
async fn frames_until(client: &mut Client, hid: u32, text: &str) -> Vec<Frame> {
    let mut seen = Vec::new();
    client
        .until(|frame| {
            seen.push(frame.clone());
            shows(frame, hid, text)
        })
        .await;
    seen
}

fn is_event(frame: &Frame, topic: &str) -> bool {
    matches!(frame, Frame::Event { name, .. } if name == topic)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_publish_from_a_handler_patches_only_the_subscribed_pages() {
    let server = TestServer::start(app(Config::default())).await;
    let (page, mut a) = server.open("/items/5").await;
    assert!(page.body.contains("Comments: 0"), "{}", page.body);
    let (_, mut b) = server.open("/items/5").await;
    let (_, mut c) = server.open("/items/6").await;
    // Each session holds its own topic (its `init` subscribes a receiver to it) and its item's.
    assert_eq!(server.handle.topics().subscriptions(), 6);

    a.click(POST).await;
    for client in [&mut a, &mut b] {
        client.until(|frame| shows(frame, LAST, "Last: on 5")).await;
        // The page listeners get the message after the patches.
        client.until(|frame| is_event(frame, "item:5")).await;
    }

    // The third page saw nothing of item 5: its first change is its own item's comment.
    c.click(POST).await;
    let seen = frames_until(&mut c, LAST, "Last: on 6").await;
    assert!(
        !seen.iter().any(|frame| is_event(frame, "item:5")),
        "{seen:?}"
    );
    assert!(shows(
        seen.last().expect("a frame"),
        COMMENTS,
        "Comments: 1"
    ));
    c.until(|frame| is_event(frame, "item:6")).await;
    // And item 5's pages did not see item 6's comment: their next change is their second own.
    b.click(POST).await;
    let seen = frames_until(&mut a, COMMENTS, "Comments: 2").await;
    assert!(
        !seen.iter().any(|frame| is_event(frame, "item:6")),
        "{seen:?}"
    );
    // The last comment's text is unchanged ("Last: on 5"): only the count is sent.
    let last = seen.last().expect("a frame");
    assert!(
        matches!(last, Frame::Patches { texts, .. } if texts.iter().all(|(hid, _)| *hid != LAST)),
        "{last:?}"
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_publishing_reaches_the_subscribers() {
    let server = TestServer::start(app(Config::default())).await;
    let (_, mut a) = server.open("/items/5").await;
    let (_, mut b) = server.open("/items/5").await;
    let topics = server.handle.topics();
    let task = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(10)).await;
        topics.publish(
            "item:5",
            Comment {
                text: "from a job".to_owned(),
            },
        )
    });
    assert_eq!(task.await.expect("task"), 2);
    a.until(|frame| shows(frame, LAST, "Last: from a job"))
        .await;
    b.until(|frame| shows(frame, LAST, "Last: from a job"))
        .await;

    // A task a session spawned in `init` publishes too.
    let (_, mut poster) = server.open("/items/9").await;
    a.until(|frame| shows(frame, LAST, "Last: from item 9"))
        .await;
    let seen = frames_until(&mut b, LAST, "Last: from item 9").await;
    assert!(shows(
        seen.last().expect("a frame"),
        COMMENTS,
        "Comments: 2"
    ));
    // Item 9's own page is not subscribed to item 5.
    poster.click(POST).await;
    let seen = frames_until(&mut poster, LAST, "Last: on 9").await;
    assert!(
        !seen.iter().any(|frame| is_event(frame, "item:5")),
        "{seen:?}"
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_sent_to_one_session_reaches_it_alone() {
    let server = TestServer::start(app(Config::default())).await;
    let (_, mut a) = server.open("/items/5").await;
    let (page_b, mut b) = server.open("/items/5").await;
    let b_id = SessionId::parse(page_b.sid()).expect("a session ID");
    let topics = server.handle.topics();
    assert!(topics.send_to(
        b_id,
        Ping {
            from: "app".to_owned()
        }
    ));
    b.until(|frame| shows(frame, PINGS, "Pings: 1")).await;
    b.until(|frame| is_event(frame, &session_topic(b_id))).await;

    // A session sends to itself from a handler; b's message never reached it.
    a.click(PING_ME).await;
    let seen = frames_until(&mut a, PINGS, "Pings: 1").await;
    assert!(
        !seen
            .iter()
            .any(|frame| is_event(frame, &session_topic(b_id))),
        "{seen:?}"
    );
    b.click(PING_ME).await;
    b.until(|frame| shows(frame, PINGS, "Pings: 2")).await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_that_ended_leaves_its_topics() {
    let server = TestServer::start(app(Config::default().grace(Duration::from_millis(100)))).await;
    let (_, a) = server.open("/items/5").await;
    let (_, mut b) = server.open("/items/5").await;
    let topics = server.handle.topics();
    assert_eq!(topics.subscriptions(), 4);
    a.close().await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while topics.subscriptions() != 2 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the ended session is still subscribed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(server.handle.session_count(), 1);
    let comment = Comment {
        text: "after".to_owned(),
    };
    assert_eq!(topics.publish("item:5", comment), 1);
    b.until(|frame| shows(frame, LAST, "Last: after")).await;
    server.shutdown().await;
    assert_eq!(topics.subscriptions(), 0);
}

hjx! {
    component Stray

    state:
      note = "stray"

    script:
      async fn mount(&mut self, cx: &Mount<()>) -> Result<(), Refuse> {
          // A receiver for another component: dropped, with an error in the log.
          cx.subscribe("item:5", |thread: &mut Thread, _comment: &Comment| thread.comments += 1);
          Ok(())
      }

    layout:
      view:
        text: "{{note}}"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mount_receiver_for_another_component_is_dropped() {
    let server = TestServer::start(
        Live::new()
            .mount::<Thread>("/items/{id}")
            .mount::<Stray>("/stray"),
    )
    .await;
    let (page, _client) = server.open("/stray").await;
    assert!(page.body.contains("stray"));
    // The mistyped subscription was not made.
    assert_eq!(server.handle.topics().subscriptions(), 0);
    assert_eq!(
        server.handle.topics().publish(
            "item:5",
            Comment {
                text: "lost".to_owned()
            }
        ),
        0
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_with_no_subscription_is_still_reached_alone() {
    let server = TestServer::start(Live::new().mount::<Stray>("/stray")).await;
    let (page, mut client) = server.open("/stray").await;
    let (_, mut other) = server.open("/stray").await;
    let id = SessionId::parse(page.sid()).expect("a session ID");
    let topics = server.handle.topics();
    assert_eq!(topics.subscriptions(), 0, "no session holds its own topic");
    assert!(topics.send_to(
        id,
        Ping {
            from: "app".to_owned()
        }
    ));
    let frame = client
        .until(|frame| is_event(frame, &session_topic(id)))
        .await;
    assert!(matches!(frame, Frame::Event { .. }));
    // The other page got nothing: its next frame answers its own PING.
    other.send(&[0x91, 0x02]).await;
    assert_eq!(other.recv().await, Frame::Pong);
    // An unknown session is not reached.
    let unknown = SessionId::parse(&"0".repeat(32)).expect("an ID");
    assert!(!topics.send_to(
        unknown,
        Ping {
            from: "app".to_owned()
        }
    ));
    server.shutdown().await;
}
