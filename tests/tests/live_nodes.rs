//! Several nodes on a real Redis (`Live::redis`): a shared value is one value for every node (a
//! click on one patches the pages of the other, concurrent increments from both are all
//! counted, a node started later reads the current value); topics, one-session messages and
//! broadcasts cross nodes; when Redis goes away each node serves its own sessions, then the
//! value is settled when Redis is back; and a stopped node's sessions wait in Redis for their
//! pages, which carry on on another node. The last test runs the nodes as processes of their own
//! (`hjx-node`): 50 clients over two nodes, 200 increments each, all counted; Redis restarted
//! while both take clicks; one node killed while the other takes clicks.

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

/// A node as a process of its own (`hjx-node`, this package's binary), on the Redis at `url`.
struct Process {
    child: std::process::Child,
    addr: std::net::SocketAddr,
}

impl Process {
    fn start(url: &str) -> Process {
        use std::io::BufRead as _;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hjx-node"))
            .args(["--redis", url])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("hjx-node starts");
        let stdout = child.stdout.take().expect("its output");
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("its URL");
        let addr = line
            .trim()
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .expect("an address");
        Process { child, addr }
    }

    /// The count a fresh page of this node shows.
    async fn count(&self) -> u64 {
        let page = hjx_tests::client::get(self.addr, "/", &[]).await;
        let at = page.body.find("Count: ").expect("the count") + "Count: ".len();
        page.body[at..]
            .split('<')
            .next()
            .and_then(|count| count.parse().ok())
            .expect("a number")
    }

    /// Waits until this node's pages show `count`.
    async fn until_count(&self, count: u64) {
        for _ in 0..1000 {
            if self.count().await == count {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!(
            "the node never showed {count}; it shows {}",
            self.count().await
        );
    }

    /// `clients` pages of this node, each attached.
    async fn pages(&self, clients: usize) -> Vec<(hjx_tests::client::Page, Client)> {
        let mut pages = Vec::new();
        for _ in 0..clients {
            let page = hjx_tests::client::get(self.addr, "/", &[]).await;
            let mut client = Client::connect(self.addr, page.sid()).await;
            client.hello(page.token(), 0).await;
            assert!(matches!(client.recv().await, Frame::Ready { .. }));
            pages.push((page, client));
        }
        pages
    }

    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Each client clicks `times` times, one click after the answer to the last (all clients at
/// once); the clients come back.
async fn click_all(clients: Vec<Client>, hid: u32, times: usize) -> Vec<Client> {
    let tasks: Vec<_> = clients
        .into_iter()
        .map(|mut client| {
            tokio::spawn(async move {
                for _ in 0..times {
                    client.click(hid).await;
                    // Its answer: a REPLY `[7, …]` or an ACK `[8]`; or a RESYNC `[2, …]` when the
                    // other sessions' clicks (PATCHES `[0, …]`) filled its queue and the answer
                    // was dropped with them.
                    while !matches!(client.recv_raw().await.get(1), Some(2 | 7 | 8)) {}
                }
                client
            })
        })
        .collect();
    let mut back = Vec::new();
    for task in tasks {
        back.push(task.await.expect("the clicks were answered"));
    }
    back
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_count_every_click_and_hold_through_a_killed_node_and_a_redis_restart() {
    let redis = RedisServer::start();
    let port = redis.port;
    let a = Process::start(&redis.url());
    let b = Process::start(&redis.url());
    let on_a = a.pages(25).await;
    let on_b = b.pages(25).await;
    let button = hid_of(&on_a[0].0.body, "<button");
    let clients: Vec<Client> = on_a
        .into_iter()
        .chain(on_b)
        .map(|(_, client)| client)
        .collect();

    // 50 clients split over both nodes, 200 increments each, all at once.
    let clients = click_all(clients, button, 200).await;
    a.until_count(10_000).await;
    b.until_count(10_000).await;
    let (on_a, on_b): (Vec<Client>, Vec<Client>) = {
        let mut clients = clients;
        let on_b = clients.split_off(25);
        (clients, on_b)
    };

    // Redis restarts while both nodes take clicks: each node serves its own pages meanwhile,
    // and once Redis is back both converge on one value, and clicks cross nodes again.
    let clicking = tokio::spawn(click_all(on_a, button, 50));
    let clicking_b = tokio::spawn(click_all(on_b, button, 30));
    redis.stop();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let redis = RedisServer::start_on(port);
    let on_a = clicking.await.expect("node A answered every click");
    let on_b = clicking_b.await.expect("node B answered every click");
    let mut settled = None;
    for _ in 0..500 {
        let (count_a, count_b) = (a.count().await, b.count().await);
        if count_a == count_b {
            settled = Some(count_a);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let settled = settled.expect("both nodes converge on one value");
    assert!(settled >= 10_000, "{settled}");
    let mut one = b.pages(1).await;
    let (_, ref mut client) = one[0];
    client.click(button).await;
    a.until_count(settled + 1).await;

    // Node B is killed mid-run: node A keeps serving its pages, every click counted.
    let clicking = tokio::spawn(click_all(on_a, button, 40));
    b.kill();
    drop(on_b);
    drop(one);
    clicking.await.expect("node A answered every click");
    a.until_count(settled + 1 + 25 * 40).await;
    drop(redis);
}
