//! One node of a shared counter on Redis, for the multi-node tests (`tests/live_nodes.rs` starts
//! several as processes): `hjx-node --redis URL` serves on a free loopback port, prints
//! `http://127.0.0.1:<port>/`, and serves until standard input closes (its test is gone) or it
//! gets SIGTERM.

use std::io::Read as _;
use std::net::SocketAddr;

use hjx_runtime::{Config, Live, hjx};
use tokio::net::TcpListener;

hjx! {
    component Tally

    shared:
      count: u64 = 0

    layout:
      button (on click -> add): "Count: {{count}}"

    handlers:
      add:
        set count = count + 1
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(flag), Some(url)) = (args.next(), args.next()) else {
        eprintln!("usage: hjx-node --redis URL");
        std::process::exit(2);
    };
    if flag != "--redis" {
        eprintln!("usage: hjx-node --redis URL");
        std::process::exit(2);
    }
    // Every node signs with the same key; test clients click far faster than people.
    let config = Config::default()
        .secret([7; 32])
        .rate_limit(10_000.0, 10_000);
    let live = Live::with_config(config).redis(&url)?.mount::<Tally>("/");
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    println!("http://{}/", listener.local_addr()?);
    let stdin_closed = async {
        let _ = tokio::task::spawn_blocking(|| std::io::stdin().read(&mut [0; 1])).await;
    };
    hjx_runtime::serve(listener, live, stdin_closed).await
}
