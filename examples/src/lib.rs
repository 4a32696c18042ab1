//! The example apps of HJX, as a library so that tests can drive the very same components, and
//! the helpers their binaries share: command-line port and serving until Ctrl-C.
//!
//! Every example is run with `cargo run -p hjx-examples --example NAME -- --port N` (default
//! 3000; 0 picks a free port) and prints the URL it serves. `counter`, `dashboard` and `chat`
//! keep their sessions across a restart, in the directory of `--data DIR` (default `data`).
//! With `--redis URL`, an example runs as one node of several on that Redis. The binaries in
//! `examples/` only mount one of these components:
//!
//! - [`counter`]: a per-session counter (inline `hjx!`); the component README.md shows.
//! - [`chat`]: shared messages, a per-session draft, a `user-joined` broadcast (inline `hjx!`).
//! - [`dashboard`]: a shared dashboard, ticked by `init_shared`, with a history list,
//!   conditionals and interpolated `class` and `style` (`Dashboard.hjx`).
//! - [`todo`]: TodoMVC (`TodoApp.hjx`).
//! - [`composition`]: cards with slots, button variants and a bound input, as components
//!   (`Composition.hjx` and `components/`).
//! - [`contact`]: a form with bound inputs, a live preview and submit (`ContactForm.hjx`).
//! - [`shopping`]: a list with `for`, `if` and removal (`ShoppingList.hjx`).
//! - [`profile`]: a profile page of conditionals (`Profile.hjx`).
//! - [`gallery`]: a drawing gallery: a canvas hook (JavaScript interop both ways), client
//!   commands, and drawings every visitor shares, drawn by the server as SVG.
//! - [`tracker`]: an issue tracker on SQLite: several pages with mount hooks, search as you
//!   type, a typed form, comments live through topics, sign-in by cookie.
//! - [`system`]: a tiny sampler of the machine's clock, load and memory for the dashboard.

use std::io;
use std::net::SocketAddr;

use axum::Router;
use hjx_runtime::{Config, Live, LiveHandle};
use tokio::net::TcpListener;

pub mod chat;
pub mod composition;
pub mod contact;
pub mod counter;
pub mod dashboard;
pub mod gallery;
pub mod profile;
pub mod shopping;
pub mod system;
pub mod todo;
pub mod tracker;

/// The value of the command-line option `name` (`--name VALUE` or `--name=VALUE`), if given.
pub fn arg(name: &str) -> Option<String> {
    let mut args = std::env::args().skip(1);
    let prefix = format!("{name}=");
    while let Some(arg) = args.next() {
        match arg.strip_prefix(&prefix) {
            Some(value) => return Some(value.to_owned()),
            None if arg == name => return args.next(),
            None => {}
        }
    }
    None
}

/// The port from `--port N` (or `--port=N`), else from the `PORT` variable (which `hjx dev`
/// keeps from one start to the next), else 3000.
pub fn port_from_args() -> u16 {
    match arg("--port").or_else(|| std::env::var("PORT").ok()) {
        None => 3000,
        Some(value) => value.parse().unwrap_or_else(|_| {
            eprintln!("--port (or PORT) takes a number from 0 to 65535, not {value:?}");
            std::process::exit(2);
        }),
    }
}

/// The runtime's settings for an example whose sessions are durable: snapshots go to the
/// directory of `--data DIR`, or `data` in the working directory. A restart (Ctrl-C, or
/// SIGTERM, then the same command) keeps every open page as it was.
pub fn durable_config() -> Config {
    let dir = arg("--data").unwrap_or_else(|| "data".to_owned());
    Config::default().data_dir(dir)
}

/// Binds `127.0.0.1:<port>`, prints the URL, and serves `live` until Ctrl-C, closing open
/// sockets with a going-away frame. With `--redis URL`, the app is one node of several on that
/// Redis (give every node the same `HJX_SECRET`).
pub async fn run(live: Live) -> io::Result<()> {
    let live = match arg("--redis") {
        Some(url) => live.redis(&url)?,
        None => live,
    };
    let handle = live.handle();
    run_router(live.router(), handle).await
}

/// As [`run`], for an app's router extended with routes of its own.
pub async fn run_router(router: Router, handle: LiveHandle) -> io::Result<()> {
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_target(false)
        .init();
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port_from_args()))).await?;
    let addr = listener.local_addr()?;
    println!("http://{addr}/");
    hjx_runtime::serve_router(listener, router, handle, async {
        // If Ctrl-C cannot be listened for, serve until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    })
    .await
}
