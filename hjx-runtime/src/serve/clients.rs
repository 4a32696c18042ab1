//! What one client address may hold: new sessions per minute, and sockets that have not said
//! HELLO yet. A flood from one address then costs only that address's budget, never the
//! server-wide caps that honest visitors need.
//!
//! The address is the connection's peer, or, behind a reverse proxy, the last address of a
//! configured header (`X-Forwarded-For`), which only the proxy can have written. Loopback
//! addresses are not limited (a local tool, a proxy without its header configured). The
//! `Host` header is checked here too: a page or socket for a host the app does not serve (a
//! DNS-rebinding page, say) is refused.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, header};

use crate::live::sync::lock;
use crate::serve::config::Config;

/// The window of the new-sessions budget.
const WINDOW: Duration = Duration::from_secs(60);
/// Past this many addresses tracked, idle ones are forgotten.
const PRUNE_AT: usize = 4_096;

/// What one address holds now.
#[derive(Debug)]
struct Use {
    window_start: Instant,
    sessions: u32,
    /// Open sockets, and those of them still waiting for HELLO.
    sockets: u32,
    waiting_sockets: u32,
}

impl Use {
    fn new(now: Instant) -> Use {
        Use {
            window_start: now,
            sessions: 0,
            sockets: 0,
            waiting_sockets: 0,
        }
    }
}

/// Every client address's use, for one app.
#[derive(Debug, Default)]
pub(crate) struct Clients {
    by_address: Mutex<HashMap<IpAddr, Use>>,
}

impl Clients {
    /// Counts a new session for `address`; `false` when its budget for this minute is spent.
    pub(crate) fn admit_session(&self, address: Option<IpAddr>, config: &Config) -> bool {
        let Some(address) = address.filter(|address| !address.is_loopback()) else {
            return true;
        };
        self.with_use(address, |used, now| {
            if now.duration_since(used.window_start) >= WINDOW {
                used.window_start = now;
                used.sessions = 0;
            }
            if used.sessions >= config.sessions_per_minute {
                return false;
            }
            used.sessions += 1;
            true
        })
    }

    /// Counts an open socket of `address`, waiting for its HELLO, until the permit drops;
    /// `None` when the address already has its budget of open sockets or of sockets waiting.
    pub(crate) fn open_socket(
        self: &Arc<Self>,
        address: Option<IpAddr>,
        config: &Config,
    ) -> Option<SocketPermit> {
        let Some(address) = address.filter(|address| !address.is_loopback()) else {
            return Some(SocketPermit {
                held: None,
                waiting: false,
            });
        };
        let admitted = self.with_use(address, |used, _| {
            if used.waiting_sockets >= config.sockets_before_hello
                || used.sockets >= config.sockets_per_address
            {
                return false;
            }
            used.waiting_sockets += 1;
            used.sockets += 1;
            true
        });
        admitted.then(|| SocketPermit {
            held: Some((self.clone(), address)),
            waiting: true,
        })
    }

    /// Runs `f` on what `address` holds (a fresh record for a new address), with the time now,
    /// under the map's lock; forgets idle addresses first when there are many.
    fn with_use<R>(&self, address: IpAddr, f: impl FnOnce(&mut Use, Instant) -> R) -> R {
        let now = Instant::now();
        let mut by_address = lock(&self.by_address);
        prune(&mut by_address, now);
        f(
            by_address.entry(address).or_insert_with(|| Use::new(now)),
            now,
        )
    }
}

/// Forgets the addresses with nothing open and no session counted this minute.
fn prune(by_address: &mut HashMap<IpAddr, Use>, now: Instant) {
    if by_address.len() >= PRUNE_AT {
        by_address
            .retain(|_, used| used.sockets > 0 || now.duration_since(used.window_start) < WINDOW);
    }
}

/// An open socket counted against its address, waiting for HELLO until
/// [`said_hello`](SocketPermit::said_hello), until dropped.
#[derive(Debug)]
pub(crate) struct SocketPermit {
    held: Option<(Arc<Clients>, IpAddr)>,
    waiting: bool,
}

impl SocketPermit {
    /// The socket said a valid HELLO: it no longer counts as waiting.
    pub(crate) fn said_hello(&mut self) {
        if std::mem::take(&mut self.waiting)
            && let Some((clients, address)) = &self.held
            && let Some(used) = lock(&clients.by_address).get_mut(address)
        {
            used.waiting_sockets = used.waiting_sockets.saturating_sub(1);
        }
    }
}

impl Drop for SocketPermit {
    fn drop(&mut self) {
        self.said_hello();
        if let Some((clients, address)) = self.held.take()
            && let Some(used) = lock(&clients.by_address).get_mut(&address)
        {
            used.sockets = used.sockets.saturating_sub(1);
        }
    }
}

/// The client's address: the last one in the configured proxy header, else the peer's.
pub(crate) fn client_address(
    config: &Config,
    peer: Option<SocketAddr>,
    headers: &HeaderMap,
) -> Option<IpAddr> {
    if let Some(name) = &config.client_address_header {
        return headers
            .get_all(name.as_str())
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .filter_map(|part| part.trim().parse::<IpAddr>().ok())
            .next_back()
            .or_else(|| peer.map(|peer| peer.ip()));
    }
    peer.map(|peer| peer.ip())
}

/// Whether the request's `Host` is one the app serves: any listed with
/// [`Config::allow_host`]; with none listed, any host, but under `hjx dev` only loopback names.
pub(crate) fn host_allowed(config: &Config, headers: &HeaderMap) -> bool {
    let host = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .unwrap_or("");
    let name = strip_port(host);
    if !config.allowed_hosts.is_empty() {
        return config.allowed_hosts.iter().any(|allowed| {
            allowed.eq_ignore_ascii_case(name) || allowed.eq_ignore_ascii_case(host)
        });
    }
    if config.dev.is_some() {
        return is_loopback_name(name);
    }
    true
}

fn strip_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split_once(']').map_or(host, |(name, _)| name);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

fn is_loopback_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<IpAddr>()
            .is_ok_and(|address| address.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn host(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn hosts_are_checked_against_the_list_or_loopback_in_development() {
        let open = Config::default();
        assert!(host_allowed(&open, &host("anything.example")));
        let listed = Config::default().allow_host("app.example");
        assert!(host_allowed(&listed, &host("app.example:8080")));
        assert!(!host_allowed(&listed, &host("evil.example")));
        let dev = Config::default().dev("http://127.0.0.1:1");
        assert!(host_allowed(&dev, &host("localhost:3000")));
        assert!(host_allowed(&dev, &host("127.0.0.1:3000")));
        assert!(host_allowed(&dev, &host("[::1]:3000")));
        assert!(!host_allowed(&dev, &host("rebind.evil.example:3000")));
    }

    #[test]
    fn the_proxy_header_names_the_client_and_budgets_hold_per_address() {
        let config = Config::default()
            .client_address_header("x-forwarded-for")
            .address_limits(2, 1, 2);
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("1.2.3.4, 10.0.0.9"),
        );
        let peer = Some(SocketAddr::from(([127, 0, 0, 1], 5000)));
        let address = client_address(&config, peer, &headers);
        assert_eq!(address, Some(IpAddr::from([10, 0, 0, 9])));
        let clients = Arc::new(Clients::default());
        assert!(clients.admit_session(address, &config));
        assert!(clients.admit_session(address, &config));
        assert!(!clients.admit_session(address, &config));
        assert!(
            clients.admit_session(peer.map(|peer| peer.ip()), &config),
            "loopback is not limited"
        );
        let mut first = clients
            .open_socket(address, &config)
            .expect("a first socket");
        assert!(
            clients.open_socket(address, &config).is_none(),
            "one waits already"
        );
        first.said_hello();
        let second = clients
            .open_socket(address, &config)
            .expect("a second socket");
        drop(second);
        let third = clients
            .open_socket(address, &config)
            .expect("the second's room");
        assert!(
            clients.open_socket(address, &config).is_none(),
            "two are open"
        );
        drop((first, third));
        assert!(clients.open_socket(address, &config).is_some());
    }
}
