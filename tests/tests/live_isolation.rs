//! Isolation and resumption over real sockets: a panicking handler, a client that never reads,
//! and reconnects within and after the grace period.

use std::time::Duration;

use hjx_runtime::{Config, Live};
use hjx_tests::client::{Client, Frame, PATIENCE, TestServer, shows};
use hjx_tests::components::{Board, Counter, task_running};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_handler_ends_only_its_own_session() {
    let server = TestServer::start(Live::new().mount::<Counter>("/")).await;
    let (_, mut healthy) = server.open("/").await;
    let (page, mut doomed) = server.open("/").await;
    assert_eq!(server.handle.session_count(), 2);

    doomed.click(3).await;
    let frame = doomed.recv().await;
    assert_eq!(frame.error_code(), Some(10), "{frame:?}");
    assert!(matches!(doomed.recv().await, Frame::Closed(_)));
    assert!(server.handle.session_stats(page.sid()).is_none());
    assert_eq!(server.handle.session_count(), 1);
    wait_until_stopped(page.sid()).await;

    // The ended session cannot be resumed; the healthy one goes on.
    let mut again = Client::connect(server.addr, page.sid()).await;
    again.hello(page.token(), 0).await;
    assert_eq!(again.recv().await.error_code(), Some(4));
    healthy.click(2).await;
    assert!(shows(&healthy.recv().await, 1, "Count: 1"));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_reads_is_bounded_by_its_outbox_then_resynced() {
    const CAPACITY: usize = 8;
    const EVENTS: usize = 200;
    let config = Config::default()
        .outbox_capacity(CAPACITY)
        .rate_limit(1e9, 1_000_000);
    let server = TestServer::start(Live::with_config(config).mount::<Board>("/")).await;
    let (stalled_page, mut stalled) = server.open("/").await;
    let (_, mut writer) = server.open("/").await;

    // 200 shared texts of 60 KB each: far more than the kernel's socket buffers can hold for a
    // client that does not read.
    let payload = "x".repeat(60_000);
    let mut last = String::new();
    for i in 0..EVENTS {
        last = format!("{i:05}{payload}");
        writer.input(4, &last).await;
        // Read our own patch so that only the stalled client falls behind.
        writer.until(|frame| shows(frame, 5, &last)).await;
        let stats = server
            .handle
            .session_stats(stalled_page.sid())
            .expect("stalled session");
        assert!(
            stats.queued <= CAPACITY,
            "queue grew past its bound: {stats:?}"
        );
    }
    let stats = server
        .handle
        .session_stats(stalled_page.sid())
        .expect("stalled session");
    assert!(stats.dropped > 0, "nothing was dropped: {stats:?}");
    assert!(stats.queued <= CAPACITY);

    // Once it reads again, the client converges on the latest text through one RESYNC.
    let resync = stalled
        .until(|frame| matches!(frame, Frame::Resync { .. }))
        .await;
    let Frame::Resync { html, .. } = &resync else {
        unreachable!()
    };
    assert!(
        html.contains(&format!("data-hid=\"5\">{last}<")) || {
            let later = stalled.until(|frame| shows(frame, 5, &last)).await;
            shows(&later, 5, &last)
        }
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reconnect_within_the_grace_period_resumes_the_same_state() {
    let server = TestServer::start(Live::new().mount::<Counter>("/")).await;
    let (page, mut client) = server.open("/").await;
    for count in 1..=3 {
        client.click(2).await;
        assert!(shows(&client.recv().await, 1, &format!("Count: {count}")));
    }
    client.close().await;

    // Resuming with every frame applied: READY at the same sequence number, then go on.
    let mut resumed = Client::connect(server.addr, page.sid()).await;
    resumed.hello(page.token(), 3).await;
    assert_eq!(resumed.recv().await, Frame::Ready { seq: 3 });
    resumed.click(2).await;
    assert!(shows(&resumed.recv().await, 1, "Count: 4"));
    resumed.close().await;

    // Resuming from an older sequence number: READY, then a RESYNC with the current HTML.
    let mut behind = Client::connect(server.addr, page.sid()).await;
    behind.hello(page.token(), 1).await;
    assert_eq!(behind.recv().await, Frame::Ready { seq: 4 });
    let resync = behind.recv().await;
    assert!(
        matches!(&resync, Frame::Resync { seq: 5, .. }),
        "{resync:?}"
    );
    assert!(shows(&resync, 1, "Count: 4"));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_socket_takes_the_session_over() {
    let server = TestServer::start(Live::new().mount::<Counter>("/")).await;
    let (page, mut first) = server.open("/").await;
    let mut second = Client::connect(server.addr, page.sid()).await;
    second.hello(page.token(), 0).await;
    assert_eq!(second.recv().await, Frame::Ready { seq: 0 });
    assert!(matches!(first.recv().await, Frame::Closed(_)));
    second.click(2).await;
    assert!(shows(&second.recv().await, 1, "Count: 1"));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_the_grace_period_the_session_is_gone_and_a_fresh_page_starts_over() {
    let server = TestServer::start(
        Live::with_config(Config::default().grace(Duration::from_secs(1))).mount::<Counter>("/"),
    )
    .await;
    let (page, mut client) = server.open("/").await;
    client.click(2).await;
    assert!(shows(&client.recv().await, 1, "Count: 1"));
    client.close().await;
    // Wait (bounded) for the reaper to drop the session once its grace period is over.
    tokio::time::timeout(PATIENCE, async {
        while server.handle.session_stats(page.sid()).is_some() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("the session is dropped after its grace period");

    let mut late = Client::connect(server.addr, page.sid()).await;
    late.hello(page.token(), 1).await;
    let frame = late.recv().await;
    assert_eq!(frame.error_code(), Some(4), "{frame:?}");
    let fresh = server.page("/").await;
    assert!(fresh.body.contains("data-hid=\"1\">Count: 0<"));
    assert_ne!(fresh.sid(), page.sid());
    server.shutdown().await;
}

/// Waits (bounded) until the `init` task of session `sid` has been stopped.
async fn wait_until_stopped(sid: &str) {
    tokio::time::timeout(PATIENCE, async {
        while task_running(sid) {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the session's init task stops when the session ends");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn init_tasks_run_while_the_session_lives_and_stop_at_shutdown() {
    let server = TestServer::start(Live::new().mount::<Counter>("/")).await;
    let (page, _client) = server.open("/").await;
    assert!(task_running(page.sid()));
    server.shutdown().await;
    wait_until_stopped(page.sid()).await;
}
