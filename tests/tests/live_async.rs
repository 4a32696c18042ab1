//! Async work over real sockets: a handler starts work on a `Load` field; its loading state is
//! patched at once and its result later, while the session (and every other) keeps being
//! served; a newer start supersedes a slower older one; an error or a panic becomes the failed
//! state and the session lives; the work is cancelled when its session ends.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use hjx_runtime::{Config, Live, Load, Mount, Refuse, hjx};
use hjx_tests::client::{Client, Frame, PATIENCE, TestServer, carries, hid_of};

/// The app's state: what the work reads, and how many runs were dropped unfinished.
#[derive(Clone, Default)]
struct App {
    cancelled: Arc<AtomicUsize>,
}

/// Counts a run dropped before it finished.
struct Guard(Arc<AtomicUsize>, bool);

impl Drop for Guard {
    fn drop(&mut self) {
        if !self.1 {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
}

impl App {
    /// A stand-in for a query: `slow:x` answers `x` after 400 ms, `x` after 20 ms, `err:x`
    /// fails with `x`, `panic` panics and `hang` never answers.
    async fn query(&self, q: String) -> Result<String, String> {
        let mut guard = Guard(self.cancelled.clone(), false);
        let (wait, answer) = match q.split_once(':') {
            Some(("slow", rest)) => (400, rest.to_owned()),
            _ => (20, q.clone()),
        };
        tokio::time::sleep(Duration::from_millis(wait)).await;
        if q == "hang" {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        guard.1 = true;
        if q == "panic" {
            panic!("the query panicked");
        }
        match answer.strip_prefix("err:") {
            Some(error) => Err(error.to_owned()),
            None => Ok(answer),
        }
    }
}

hjx! {
    component Search

    state:
      app: App = App::default()
      results: Load<String> = Load::idle()
      clicks = 0

    script:
      async fn mount(&mut self, cx: &Mount<App>) -> Result<(), Refuse> {
          self.app = cx.state().clone();
          if let Some(q) = cx.query("q") {
              self.search(q);
          }
          Ok(())
      }

      fn search(&mut self, q: String) {
          let app = self.app.clone();
          self.results.start(async move { app.query(q).await });
      }

    layout:
      view:
        input (name="q" on input -> typed(event.value))
        if (results.is_loading()):
          text: "loading"
        else if (results.is_failed()):
          text: "failed: {{results}}"
        else if (results.is_ready()):
          text: "ready: {{results}}"
        else:
          text: "idle"
        button (on click -> click): "Clicks: {{clicks}}"

    handlers:
      typed(q: String):
        call self.search(q)
      click:
        set clicks = clicks + 1
}

async fn server(app: &App, config: Config) -> TestServer {
    let live = Live::with_config(config)
        .with_state(app.clone())
        .mount::<Search>("/");
    TestServer::start(live).await
}

/// The next PATCHES frame.
async fn patches(client: &mut Client) -> Frame {
    client
        .until(|frame| matches!(frame, Frame::Patches { .. }))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loading_is_patched_at_once_and_the_result_later_while_clicks_are_served() {
    let app = App::default();
    let server = server(&app, Config::default()).await;
    let (page, mut client) = server.open("/").await;
    assert!(page.body.contains(">idle<"), "{}", page.body);
    let input = hid_of(&page.body, "<input");
    let button = hid_of(&page.body, "<button");

    client.input(input, "slow:apples").await;
    let first = patches(&mut client).await;
    assert!(carries(&first, "loading"), "{first:?}");

    // The work sleeps; the same session's clicks are served meanwhile.
    client.click(button).await;
    let click = patches(&mut client).await;
    assert!(carries(&click, "Clicks: 1"), "{click:?}");
    assert!(!carries(&click, "apples"), "{click:?}");

    // Another session is served too.
    let (other_page, mut other) = server.open("/").await;
    other.click(hid_of(&other_page.body, "<button")).await;
    assert!(carries(&patches(&mut other).await, "Clicks: 1"));

    let done = patches(&mut client).await;
    assert!(carries(&done, "ready: apples"), "{done:?}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_search_supersedes_a_slower_older_one() {
    let app = App::default();
    let server = server(&app, Config::default()).await;
    let (page, mut client) = server.open("/").await;
    let input = hid_of(&page.body, "<input");
    let button = hid_of(&page.body, "<button");

    client.input(input, "slow:old").await;
    assert!(carries(&patches(&mut client).await, "loading"));
    client.input(input, "new").await;
    let newer = patches(&mut client).await;
    assert!(carries(&newer, "ready: new"), "{newer:?}");
    // Well past the older run's 400 ms: its result never arrives, and it was aborted.
    tokio::time::sleep(Duration::from_millis(600)).await;
    client.click(button).await;
    let click = patches(&mut client).await;
    assert!(carries(&click, "Clicks: 1"), "{click:?}");
    assert!(!carries(&click, "old"), "{click:?}");
    assert_eq!(app.cancelled.load(Ordering::SeqCst), 1);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_and_a_panic_become_failed_and_the_session_lives() {
    let app = App::default();
    let server = server(&app, Config::default()).await;
    let (page, mut client) = server.open("/").await;
    let input = hid_of(&page.body, "<input");
    let button = hid_of(&page.body, "<button");

    client.input(input, "err:no database").await;
    let failed = client
        .until(|frame| carries(frame, "failed: no database"))
        .await;
    assert!(matches!(failed, Frame::Patches { .. }));

    client.input(input, "panic").await;
    client
        .until(|frame| carries(frame, "failed: the query panicked"))
        .await;

    client.click(button).await;
    assert!(carries(&patches(&mut client).await, "Clicks: 1"));
    client.input(input, "fine").await;
    client.until(|frame| carries(frame, "ready: fine")).await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_work_is_cancelled_when_its_session_ends() {
    let app = App::default();
    let server = server(&app, Config::default().grace(Duration::from_millis(200))).await;
    let (page, mut client) = server.open("/").await;
    client.input(hid_of(&page.body, "<input"), "hang").await;
    assert!(carries(&patches(&mut client).await, "loading"));
    client.close().await;
    tokio::time::timeout(PATIENCE, async {
        while app.cancelled.load(Ordering::SeqCst) == 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the running work is dropped once its session ends");
    assert!(server.handle.session_stats(page.sid()).is_none());
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn work_started_by_mount_shows_loading_in_the_page_and_its_result_on_the_socket() {
    let app = App::default();
    let server = server(&app, Config::default()).await;
    let (page, mut client) = server.open("/?q=slow:preloaded").await;
    assert!(page.body.contains(">loading<"), "{}", page.body);
    let done = client
        .until(|frame| carries(frame, "ready: preloaded"))
        .await;
    assert!(matches!(done, Frame::Patches { .. }), "{done:?}");
    server.shutdown().await;
}

hjx! {
    component Lookup

    state:
      answer: Load<String> = Load::idle()

    script:
      fn ask(&mut self) {
          self.answer.start(async {
              tokio::time::sleep(Duration::from_millis(50)).await;
              Ok("42".to_owned())
          });
      }

    layout:
      view:
        button (on click -> asked): "Ask"
        text: "answer: {{answer}}"

    handlers:
      asked:
        call self.ask()
}

hjx! {
    component Desk

    state:
      clicks = 0

    layout:
      view:
        Lookup
        button (on click -> click): "Clicks: {{clicks}}"

    handlers:
      click:
        set clicks = clicks + 1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn work_started_in_a_child_component_patches_the_child() {
    let server = TestServer::start(Live::new().mount::<Desk>("/")).await;
    let (page, mut client) = server.open("/").await;
    assert!(page.body.contains(">answer: <"), "{}", page.body);
    client.click(hid_of(&page.body, "<button")).await;
    let loading = patches(&mut client).await;
    assert!(carries(&loading, "answer: loading"), "{loading:?}");
    let done = patches(&mut client).await;
    assert!(carries(&done, "answer: 42"), "{done:?}");
    server.shutdown().await;
}

hjx! {
    component Shelf

    state:
      ids: Vec<u64> = vec![1, 2]

    layout:
      ul:
        for (id in ids, key: *id):
          li:
            Lookup
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn work_started_in_a_child_inside_a_keyed_for_patches_that_child() {
    let server = TestServer::start(Live::new().mount::<Shelf>("/")).await;
    let (page, mut client) = server.open("/").await;
    assert_eq!(page.body.matches(">answer: <").count(), 2, "{}", page.body);
    client.click(hid_of(&page.body, "<button")).await;
    let loading = patches(&mut client).await;
    assert!(carries(&loading, "answer: loading"), "{loading:?}");
    let done = patches(&mut client).await;
    assert!(carries(&done, "answer: 42"), "{done:?}");
    server.shutdown().await;
}
