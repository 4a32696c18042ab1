//! The server `hjx-load` measures: [`Counter`] at `/` and [`SharedCounter`] at `/shared` (or,
//! with `--tracker N`, the tracker example on a temporary database of `N` items), on
//! `127.0.0.1:<port>`, with the per-session limits that protect a public deployment raised so
//! that the load generator, not a rate limit, is what a run measures.
//!
//! It prints `listening on http://<addr>/` once it accepts connections, then serves until Ctrl-C,
//! or, with `--exit-with-stdin`, until its standard input closes (so a server spawned by the load
//! tool never outlives it).

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use hjx_examples::tracker;
use hjx_runtime::{Config, Live, LiveHandle};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

use crate::components::{Counter, Feed, FeedList, SharedCounter};

/// The most sessions a load run opens; the server keeps room for all of them.
pub const MAX_SESSIONS: usize = 25_000;

/// The configuration the bench server runs with: the defaults, except a session cap above the
/// largest run and a rate limit no load run reaches (the default, 50 frames/s per session, would
/// refuse a closed loop on a few sessions).
pub fn config() -> Config {
    Config::default()
        .max_sessions(MAX_SESSIONS)
        .rate_limit(1_000_000.0, 1_000_000)
        .grace(Duration::from_secs(120))
}

/// The app: `Counter` at `/`, `SharedCounter` at `/shared`, `Feed` at `/feed` and `FeedList`
/// at `/feed-list`.
pub fn live() -> Live {
    Live::with_config(config())
        .mount::<Counter>("/")
        .mount::<SharedCounter>("/shared")
        .mount::<Feed>("/feed")
        .mount::<FeedList>("/feed-list")
}

/// Raises the open-file limit as far as the hard limit allows; returns the new soft limit.
pub fn raise_nofile_limit() -> u64 {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => limit,
        Err(error) => {
            eprintln!("cannot raise the open-file limit: {error}");
            rlimit::getrlimit(rlimit::Resource::NOFILE).map_or(0, |(soft, _)| soft)
        }
    }
}

/// The command line both server entry points take: `--port N` (default 3000, 0 picks a free
/// port) and `--exit-with-stdin`.
pub fn args_from(args: impl IntoIterator<Item = String>) -> (u16, bool) {
    let args: Vec<String> = args.into_iter().collect();
    let port = args
        .iter()
        .position(|arg| arg == "--port")
        .and_then(|at| args.get(at + 1))
        .and_then(|port| port.parse().ok())
        .unwrap_or(3000);
    (port, args.iter().any(|arg| arg == "--exit-with-stdin"))
}

/// `--tracker N`: serve the tracker example on a temporary database of `N` items instead.
pub fn tracker_from(args: &[String]) -> Option<usize> {
    let at = args.iter().position(|arg| arg == "--tracker")?;
    args.get(at + 1)?.parse().ok()
}

/// Runs the server from the command line `args` on a multi-threaded runtime.
pub fn main_with(args: impl IntoIterator<Item = String>) -> io::Result<()> {
    let args: Vec<String> = args.into_iter().collect();
    let tracker = tracker_from(&args);
    let (port, exit_with_stdin) = args_from(args);
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(async move {
            match tracker {
                None => {
                    let live = live();
                    run(live.router(), live.handle(), port, exit_with_stdin).await
                }
                Some(items) => {
                    let (_file, db) = crate::tracker::seeded(items).await;
                    let (router, handle) = tracker::app_with(config(), db);
                    run(router, handle, port, exit_with_stdin).await
                }
            }
        })
}

/// Serves `router` on `127.0.0.1:<port>` until Ctrl-C or, when `exit_with_stdin`, until
/// standard input closes.
pub async fn run(
    router: Router,
    handle: LiveHandle,
    port: u16,
    exit_with_stdin: bool,
) -> io::Result<()> {
    raise_nofile_limit();
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
    println!("listening on http://{}/", listener.local_addr()?);
    hjx_runtime::serve_router(listener, router, handle, stopped(exit_with_stdin)).await
}

/// Resolves on Ctrl-C or, when `exit_with_stdin`, once standard input closes (the load tool
/// that spawned the server is gone).
pub async fn stopped(exit_with_stdin: bool) {
    let stdin_closed = async {
        if !exit_with_stdin {
            return std::future::pending().await;
        }
        let mut stdin = tokio::io::stdin();
        let mut sink = [0_u8; 64];
        while matches!(stdin.read(&mut sink).await, Ok(n) if n > 0) {}
    };
    tokio::select! {
        () = stdin_closed => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
