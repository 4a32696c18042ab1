//! The peer that `hjx-load` measures HJX against: the seed's counter served by Dioxus LiveView
//! 0.7 on axum, the way its own examples serve it.
//!
//! Run with `cargo run --release -- --port 3001` (from `hjx-bench/peer-dioxus/`); it prints
//! `listening on http://127.0.0.1:<port>/` once it accepts connections. `hjx-load --peer` builds
//! and spawns it by itself.

use std::net::SocketAddr;

use dioxus::prelude::*;
use dioxus_liveview::LiveviewRouter;

/// The same counter as HJX's: a text reading the count and a `+` button.
fn app() -> Element {
    let mut count = use_signal(|| 0_i64);
    rsx! {
        div { class: "counter",
            span { "Count: {count}" }
            button { onclick: move |_| count += 1, "+" }
        }
    }
}

/// The port from `--port N`, else 3001.
fn port_from_args() -> u16 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|arg| arg == "--port")
        .and_then(|at| args.get(at + 1))
        .and_then(|port| port.parse().ok())
        .unwrap_or(3001)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    // Thousands of sessions are thousands of sockets.
    if let Err(error) = rlimit::increase_nofile_limit(u64::MAX) {
        eprintln!("cannot raise the open-file limit: {error}");
    }
    let router = axum::Router::new().with_virtual_dom("/", || VirtualDom::new(app));
    let listener =
        tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port_from_args()))).await?;
    println!("listening on http://{}/", listener.local_addr()?);
    axum::serve(listener, router.into_make_service()).await
}
