//! Several nodes on a real Redis (`Live::redis`): a shared value is one value for every node (a
//! click on one patches the pages of the other, concurrent increments from both are all
//! counted, a node started later reads the current value); topics, one-session messages and
//! broadcasts cross nodes; when Redis goes away each node serves its own sessions, then the
//! value is settled when Redis is back; and a stopped node's sessions wait in Redis for their
//! pages, which carry on on another node.

use std::time::Duration;

use hjx_runtime::{Config, Live, Store, hjx};
use hjx_tests::client::{Client, Frame, TestServer, hid_of, shows};
use hjx_tests::redis::RedisServer;
use serde::{Deserialize, Serialize};

/// What the topic `news` carries.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct News {
    points: i64,
}

hjx! {
    component Tally

    shared:
      count = 0

    state:
      heard = 0

    script:
      fn init(store: Store<Self>) {
          store.subscribe("news", |tally: &mut Self, news: &News| tally.heard += news.points);
          if let Some(me) = store.session_id() {
              store.subscribe(&hjx_runtime::session_topic(me), |tally: &mut Self, news: &News| {
                  tally.heard += news.points * 100;
              });
          }
          let publisher = store.clone();
          store.on("announce", move |_tally, _event| {
              publisher.publish("news", News { points: 1 });
          });
          let shouter = store.clone();
          store.on("shout", move |_tally, _event| {
              shouter.broadcast("shout", &"hello, every node");
          });
      }

    layout:
      view:
        text: "Count: {{count}}"
        text: "Heard: {{heard}}"
        button (on click -> add): "Add"
        button (on click -> announce): "Announce"
        button (on click -> shout): "Shout"

    handlers:
      add:
        set count = count + 1
      announce:
        log "announced"
      shout:
        log "shouted"
}

/// A node of the app on the Redis at `url`, with the key every node signs tokens with.
async fn node(url: &str) -> TestServer {
    let config = Config::default()
        .secret([7; 32])
        .snapshot_every(Duration::ZERO);
    let live = Live::with_config(config)
        .redis(url)
        .expect("a Redis URL")
        .mount::<Tally>("/");
    TestServer::start(live).await
}

/// A Redis and two nodes on it.
async fn two_nodes() -> (RedisServer, TestServer, TestServer) {
    let redis = RedisServer::start();
    let a = node(&redis.url()).await;
    let b = node(&redis.url()).await;
    (redis, a, b)
}

async fn stop(a: TestServer, b: TestServer) {
    a.shutdown().await;
    b.shutdown().await;
}

/// The text of the page's `Count: …` spot as its next render shows it.
async fn count_on(server: &TestServer) -> String {
    let page = server.page("/").await;
    let at = page.body.find("Count: ").expect("the count");
    page.body[at..].split('<').next().expect("text").to_owned()
}

/// Waits until a fresh page of `server` shows `count`.
async fn until_count(server: &TestServer, count: &str) {
    let want = format!("Count: {count}");
    for _ in 0..500 {
        if count_on(server).await == want {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!(
        "the node never showed {want:?}; it shows {:?}",
        count_on(server).await
    );
}

fn is_count(count: &str) -> impl FnMut(&Frame) -> bool {
    let want = format!("Count: {count}");
    move |frame| matches!(frame, Frame::Patches { texts, .. } if texts.iter().any(|(_, text)| *text == want))
}

/// Opens the page on `server`: the page's body and a client attached to it.
async fn open(server: &TestServer) -> (String, Client) {
    let (page, client) = server.open("/").await;
    (page.body, client)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_click_on_one_node_patches_the_page_on_the_other() {
    let (_redis, a, b) = two_nodes().await;
    let (body, mut on_a) = open(&a).await;
    let (_, mut on_b) = open(&b).await;
    let add = hid_of(&body, "<button");
    on_a.click(add).await;
    on_a.until(is_count("1")).await;
    on_b.until(is_count("1")).await;
    until_count(&b, "1").await;
    stop(a, b).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn increments_from_both_nodes_at_once_are_all_counted() {
    let (_redis, a, b) = two_nodes().await;
    let mut clients = Vec::new();
    for server in [&a, &b, &a, &b] {
        clients.push(open(server).await);
    }
    let add = hid_of(&clients[0].0, "<button");
    const CLICKS: usize = 40;
    let mut tasks = Vec::new();
    for (_, mut client) in clients {
        tasks.push(tokio::spawn(async move {
            for _ in 0..CLICKS {
                client.click(add).await;
            }
            client
        }));
    }
    // The sockets stay open until every click is counted.
    let mut open_clients = Vec::new();
    for task in tasks {
        open_clients.push(task.await.expect("clicks sent"));
    }
    let total = (4 * CLICKS).to_string();
    until_count(&a, &total).await;
    until_count(&b, &total).await;
    // Nothing more arrives: the value stays at the number of clicks on both nodes.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(count_on(&a).await, format!("Count: {total}"));
    assert_eq!(count_on(&b).await, format!("Count: {total}"));
    drop(open_clients);
    stop(a, b).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_started_later_reads_the_current_value() {
    let redis = RedisServer::start();
    let a = node(&redis.url()).await;
    let (body, mut on_a) = open(&a).await;
    let add = hid_of(&body, "<button");
    for count in ["1", "2", "3"] {
        on_a.click(add).await;
        on_a.until(is_count(count)).await;
    }
    let late = node(&redis.url()).await;
    // Its very first page, server-rendered, already shows the value.
    assert_eq!(count_on(&late).await, "Count: 3");
    a.shutdown().await;
    late.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn topics_one_session_messages_and_broadcasts_cross_nodes() {
    let (_redis, a, b) = two_nodes().await;
    let (body, mut on_a) = open(&a).await;
    let (page_b, mut on_b) = b.open("/").await;
    let announce = hid_of(&body, "<button") + 1;
    let shout = announce + 1;

    on_a.click(announce).await;
    let heard = |text: &'static str| move |frame: &Frame| shows(frame, 2, text);
    on_b.until(heard("Heard: 1")).await;
    on_a.until(heard("Heard: 1")).await;

    // A message from node A's app to the session of node B.
    let sid = hjx_runtime::SessionId::parse(page_b.sid()).expect("a session ID");
    let here = a
        .handle
        .topics()
        .publish(&hjx_runtime::session_topic(sid), News { points: 1 });
    assert_eq!(here, 0, "no session of node A took it");
    on_b.until(heard("Heard: 101")).await;

    on_a.click(shout).await;
    let shouted = |frame: &Frame| matches!(frame, Frame::Event { name, .. } if name == "shout");
    on_b.until(shouted).await;
    on_a.until(shouted).await;
    stop(a, b).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_redis_each_node_serves_its_own_and_settles_when_it_is_back() {
    let (redis, a, b) = two_nodes().await;
    let port = redis.port;
    let (body, mut on_a) = open(&a).await;
    let (_, mut on_b) = open(&b).await;
    let add = hid_of(&body, "<button");
    on_a.click(add).await;
    on_b.until(is_count("1")).await;

    redis.stop();
    // Node A goes on answering its page, on its own value.
    for count in ["2", "3"] {
        on_a.click(add).await;
        on_a.until(is_count(count)).await;
    }
    assert_eq!(count_on(&b).await, "Count: 1");

    // Redis is back, empty: node A wrote while it was away and finds no value, so its own is
    // stored; node B adopts it, and its page is patched.
    let redis = RedisServer::start_on(port);
    on_b.until(is_count("3")).await;
    // And clicks cross nodes again.
    on_b.click(add).await;
    on_a.until(is_count("4")).await;
    until_count(&a, "4").await;
    stop(a, b).await;
    redis.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_carries_on_from_redis_on_another_node_after_its_node_stops() {
    let (_redis, a, b) = two_nodes().await;
    let (page, mut on_a) = a.open("/").await;
    let announce = hid_of(&page.body, "<button") + 1;
    on_a.click(announce).await;
    on_a.until(|frame| shows(frame, 2, "Heard: 1")).await;
    drop(on_a);
    // Node A stops: its sessions are saved to Redis. The page's socket comes back to node B
    // (another node, the same key), which takes the session from Redis and carries on.
    a.shutdown().await;
    let mut on_b = Client::connect(b.addr, page.sid()).await;
    on_b.hello(page.token(), 1).await;
    assert!(matches!(on_b.recv().await, Frame::Ready { .. }));
    match on_b.recv().await {
        Frame::Resync { html, .. } => assert!(html.contains("Heard: 1"), "{html}"),
        other => panic!("expected RESYNC, got {other:?}"),
    }
    b.shutdown().await;
}
