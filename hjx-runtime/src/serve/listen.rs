//! The accept loop [`serve_router`](crate::serve_router) runs: HTTP/1.1 connections with their
//! WebSocket upgrades, each bounded in what it may hold.
//!
//! - A connection must send its request's headers within `Config::header_timeout` (10 s by
//!   default), however slowly it sends them: one byte a second no longer holds a descriptor
//!   for ever.
//! - One peer address holds at most `Config::connections_per_address` connections that have
//!   not been upgraded (1,024 by default), and the server at most `Config::max_connections`
//!   (by default what the process's descriptor limit leaves after the sockets' own, with
//!   headroom): past either, a new connection is closed at once, before it costs more.
//!   Upgraded sockets are counted by the socket limits instead.
//! - A failure to accept (out of descriptors) is logged and retried after a pause, never a
//!   busy loop.
//!
//! On shutdown the loop stops accepting, tells the live sockets (a going-away close), lets the
//! connections in flight finish (at most 5 s), then ends the sessions.

use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt as _;

use crate::live::sync::lock;
use crate::serve::app::AppState;
use crate::serve::log_limit::warn_limited;

/// Serves `router` on `listener` until `stop` resolves.
pub(crate) async fn accept_loop(
    listener: TcpListener,
    router: Router,
    app: Arc<AppState>,
    stop: impl Future<Output = ()>,
) {
    let config = &app.config;
    let connections = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let per_address = Arc::new(PerAddress::default());
    let (closing, closing_seen) = watch::channel(false);
    let (open_tx, mut open) = watch::channel(0_usize);
    let open_tx = Arc::new(open_tx);
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    warn_limited!(%error, "cannot accept a connection; pausing");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let Ok(global) = connections.clone().try_acquire_owned() else {
            refused("the server's connection limit is reached");
            continue;
        };
        let Some(mine) = per_address.take(peer.ip(), config.connections_per_address) else {
            refused("one address holds too many connections");
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = router
            .clone()
            .map_request(move |mut request: Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            });
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(config.header_timeout);
        let connection = builder
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service))
            .with_upgrades();
        let mut closing = closing_seen.clone();
        let open_tx = open_tx.clone();
        open_tx.send_modify(|count| *count += 1);
        tokio::spawn(async move {
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = async { drop(closing.wait_for(|closing| *closing).await) } => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            drop((global, mine));
            open_tx.send_modify(|count| *count -= 1);
        });
    }
    drop(listener);
    // Live sockets are upgraded connections: tell them first.
    app.shutdown.stop();
    let _ = closing.send(true);
    let _ = tokio::time::timeout(Duration::from_secs(5), open.wait_for(|count| *count == 0)).await;
}

fn refused(why: &'static str) {
    warn_limited!("connection refused: {why}");
}

/// Connections not yet upgraded, by peer address.
#[derive(Default)]
struct PerAddress(Mutex<HashMap<IpAddr, usize>>);

impl PerAddress {
    fn take(self: &Arc<Self>, address: IpAddr, limit: usize) -> Option<AddressPermit> {
        let mut counts = lock(&self.0);
        let count = counts.entry(address).or_insert(0);
        if *count >= limit {
            return None;
        }
        *count += 1;
        Some(AddressPermit(self.clone(), address))
    }
}

struct AddressPermit(Arc<PerAddress>, IpAddr);

impl Drop for AddressPermit {
    fn drop(&mut self) {
        let mut counts = lock(&self.0.0);
        if let Some(count) = counts.get_mut(&self.1) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_holds_at_most_its_limit_until_one_closes() {
        let per_address = Arc::new(PerAddress::default());
        let address = IpAddr::from([10, 0, 0, 1]);
        let first = per_address.take(address, 2);
        let second = per_address.take(address, 2);
        assert!(first.is_some() && second.is_some());
        assert!(per_address.take(address, 2).is_none());
        assert!(per_address.take(IpAddr::from([10, 0, 0, 2]), 2).is_some());
        drop(first);
        assert!(per_address.take(address, 2).is_some());
    }
}
