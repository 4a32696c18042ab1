//! Runtime settings, with defaults that suit a public deployment.

use std::path::PathBuf;
use std::time::Duration;

/// How the runtime serves sessions. Build it with [`Config::default`] and the setters.
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) secret: Option<[u8; 32]>,
    pub(crate) token_ttl: Duration,
    pub(crate) max_frame: usize,
    pub(crate) rate_per_second: f64,
    pub(crate) rate_burst: f64,
    pub(crate) outbox_capacity: usize,
    pub(crate) outbox_bytes: usize,
    pub(crate) grace: Duration,
    pub(crate) connect_within: Duration,
    pub(crate) max_disconnected: usize,
    pub(crate) max_sessions: usize,
    pub(crate) allowed_origins: Vec<String>,
    pub(crate) hello_timeout: Duration,
    pub(crate) data_dir: Option<PathBuf>,
    pub(crate) snapshot_every: Duration,
    pub(crate) dev: Option<String>,
    pub(crate) sessions_per_minute: u32,
    pub(crate) sockets_before_hello: u32,
    pub(crate) sockets_per_address: u32,
    pub(crate) client_address_header: Option<String>,
    pub(crate) allowed_hosts: Vec<String>,
    pub(crate) header_timeout: Duration,
    pub(crate) connections_per_address: usize,
    pub(crate) max_connections: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            secret: secret_from_env(),
            token_ttl: Duration::from_secs(12 * 60 * 60),
            max_frame: 64 * 1024,
            rate_per_second: 50.0,
            rate_burst: 200.0,
            outbox_capacity: 64,
            outbox_bytes: 1024 * 1024,
            grace: Duration::from_secs(5 * 60),
            connect_within: Duration::from_secs(20),
            max_disconnected: 5_000,
            max_sessions: 10_000,
            allowed_origins: Vec::new(),
            hello_timeout: Duration::from_secs(10),
            data_dir: std::env::var_os("HJX_DATA_DIR")
                .filter(|dir| !dir.is_empty())
                .map(PathBuf::from),
            snapshot_every: Duration::from_secs(30),
            dev: std::env::var("HJX_DEV").ok().filter(|url| !url.is_empty()),
            sessions_per_minute: 120,
            sockets_before_hello: 16,
            sockets_per_address: 64,
            client_address_header: None,
            allowed_hosts: Vec::new(),
            header_timeout: Duration::from_secs(10),
            connections_per_address: 1024,
            max_connections: default_max_connections(10_000),
        }
    }
}

impl Config {
    /// The key that signs session tokens. Default: the `HJX_SECRET` environment variable (64 hex
    /// digits), else 32 random bytes at start-up (kept in the data directory when there is one),
    /// so tokens do not survive a restart; set it to share sessions' tokens between processes,
    /// as the nodes of an app on several ([`Live::redis`](crate::Live)) must.
    pub fn secret(mut self, key: [u8; 32]) -> Config {
        self.secret = Some(key);
        self
    }

    /// How long a page's session token stays valid (default 12 hours).
    pub fn token_ttl(mut self, ttl: Duration) -> Config {
        self.token_ttl = ttl;
        self
    }

    /// The largest client frame accepted, in bytes (default 64 KiB). Larger frames get an
    /// ERROR (code 7) and the socket is closed.
    pub fn max_frame(mut self, bytes: usize) -> Config {
        self.max_frame = bytes;
        self
    }

    /// The rate limit per session: `per_second` frames on average, in bursts of up to `burst`
    /// (default 50 per second, bursts of 200). Frames past it get an ERROR (code 8) and are
    /// dropped.
    pub fn rate_limit(mut self, per_second: f64, burst: u32) -> Config {
        self.rate_per_second = per_second.max(0.0);
        self.rate_burst = f64::from(burst.max(1));
        self
    }

    /// How many frames may wait for a session's socket (default 64). When the queue is full,
    /// pending patches are dropped and the client gets one RESYNC instead.
    pub fn outbox_capacity(mut self, frames: usize) -> Config {
        self.outbox_capacity = frames.max(1);
        self
    }

    /// How many bytes of frames may wait for a session's socket in all (default 1 MiB): a
    /// slow reader of a page whose frames are large gets one RESYNC past it, as past
    /// [`outbox_capacity`](Config::outbox_capacity) frames.
    pub fn outbox_bytes(mut self, bytes: usize) -> Config {
        self.outbox_bytes = bytes.max(1);
        self
    }

    /// The queue bounds of one session.
    pub(crate) fn outbox(&self) -> crate::live::session::Outbox {
        crate::live::session::Outbox {
            frames: self.outbox_capacity,
            bytes: self.outbox_bytes,
        }
    }

    /// How long a session outlives its socket, so that a reconnect resumes it (default 5
    /// minutes: a phone keeps a tab in the background that long and more).
    pub fn grace(mut self, grace: Duration) -> Config {
        self.grace = grace;
        self
    }

    /// How long a page's session waits for its socket to attach the first time (default 20 s).
    /// A page that never connects is dropped then, and earlier when the session cap is reached
    /// (oldest first): a flood of page requests without sockets cannot lock visitors out.
    pub fn connect_within(mut self, wait: Duration) -> Config {
        self.connect_within = wait;
        self
    }

    /// The most sessions kept in memory whose socket has left (default 5,000). Past it, the
    /// oldest are dropped from memory: written to the data directory first when sessions are
    /// durable ([`data_dir`](Config::data_dir)), so that their pages still carry on when they
    /// come back; lost otherwise (their pages reload, keeping what was typed).
    pub fn max_disconnected(mut self, sessions: usize) -> Config {
        self.max_disconnected = sessions;
        self
    }

    /// The most sessions kept at once (default 10 000); past it, pages answer 503 and sockets
    /// get an ERROR (code 9).
    pub fn max_sessions(mut self, sessions: usize) -> Config {
        self.max_sessions = sessions;
        self
    }

    /// Adds an origin (`https://app.example.com`) allowed to open sockets besides the page's own
    /// host.
    pub fn allow_origin(mut self, origin: impl Into<String>) -> Config {
        self.allowed_origins.push(origin.into());
        self
    }

    /// Makes sessions durable: the server writes every session's state and the `shared:`
    /// values to `dir` when it stops (and every [`snapshot_every`](Config::snapshot_every)),
    /// and reads them back when it starts, so that open pages reconnect and carry on. Only
    /// components whose fields are all serde-serializable are saved. Without a configured
    /// [`secret`](Config::secret), the token key is kept in `dir` too, so that the pages'
    /// tokens stay valid. Default: the `HJX_DATA_DIR` environment variable (set by `hjx dev`),
    /// or off.
    pub fn data_dir(mut self, dir: impl Into<PathBuf>) -> Config {
        self.data_dir = Some(dir.into());
        self
    }

    /// How often a durable server writes its snapshot while it runs (default 30 s): a crash
    /// loses at most what changed since. `Duration::ZERO` writes only at shutdown.
    pub fn snapshot_every(mut self, every: Duration) -> Config {
        self.snapshot_every = every;
        self
    }

    /// Serves pages for development under `hjx dev`, whose reload script is at `url`: every
    /// page loads it (it reloads the page when the server restarts, with the session's state,
    /// and shows build errors), and a reloading page resumes its session. Default: the
    /// `HJX_DEV` environment variable, or off. Never set it in production.
    pub fn dev(mut self, url: impl Into<String>) -> Config {
        self.dev = Some(url.into());
        self
    }

    /// What one client address may hold (loopback addresses are not limited): new sessions a
    /// minute (default 120; past it, pages answer 429), sockets that have not said HELLO yet
    /// (default 16) and open sockets (default 64; past either, sockets are refused with
    /// ERROR 9). A flood from one address spends its own budget, never the server-wide caps.
    pub fn address_limits(
        mut self,
        sessions_per_minute: u32,
        sockets_before_hello: u32,
        open_sockets: u32,
    ) -> Config {
        self.sessions_per_minute = sessions_per_minute;
        self.sockets_before_hello = sockets_before_hello;
        self.sockets_per_address = open_sockets;
        self
    }

    /// Behind a reverse proxy: the request header (`x-forwarded-for`) whose last address is the
    /// client's, for the per-address limits. Set it only when the proxy writes that header,
    /// since a client can send it too.
    pub fn client_address_header(mut self, name: impl Into<String>) -> Config {
        self.client_address_header = Some(name.into().to_ascii_lowercase());
        self
    }

    /// Adds a host name (`app.example.com`, or with its port) that pages and sockets may be
    /// requested for; others get 421. With none added, any host is served, except under
    /// [`dev`](Config::dev), where only loopback names are (a DNS-rebinding page cannot reach
    /// a development server).
    pub fn allow_host(mut self, host: impl Into<String>) -> Config {
        self.allowed_hosts.push(host.into());
        self
    }

    /// How long a connection may take to send its request's headers, however slowly it sends
    /// them (default 10 s); past it, it is closed.
    pub fn header_timeout(mut self, timeout: Duration) -> Config {
        self.header_timeout = timeout;
        self
    }

    /// The most connections [`serve`](crate::serve) keeps open at once that are not live
    /// sockets: from one peer address (default 1,024), and in all (default: what the process's
    /// limit on open files leaves after the sessions' sockets, with headroom). Past either, a
    /// new connection is closed at once.
    pub fn connection_limits(mut self, per_address: usize, total: usize) -> Config {
        self.connections_per_address = per_address.max(1);
        self.max_connections = total.max(1);
        self
    }

    /// How long a socket may stay open without saying HELLO (default 10 s).
    pub fn hello_timeout(mut self, timeout: Duration) -> Config {
        self.hello_timeout = timeout;
        self
    }
}

/// The default cap on connections: what the process's descriptor limit leaves after the live
/// sockets (`sockets`, or half the limit when that is less) and some headroom (for files, the
/// database, logs), at least 64.
fn default_max_connections(sockets: usize) -> usize {
    let limit = descriptor_limit().unwrap_or(4096);
    limit
        .saturating_sub(sockets.min(limit / 2) + 256)
        .clamp(64, 65_536)
}

/// The soft limit on open files, where the system says.
fn descriptor_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits
        .lines()
        .find(|line| line.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// The token key from the `HJX_SECRET` environment variable: 64 hex digits. Anything else is
/// refused with a log line.
fn secret_from_env() -> Option<[u8; 32]> {
    let text = std::env::var("HJX_SECRET")
        .ok()
        .filter(|text| !text.is_empty())?;
    let mut key = [0; 32];
    match crate::live::session_id::decode_hex(text.trim(), &mut key) {
        Some(()) => Some(key),
        None => {
            tracing::error!(
                "HJX_SECRET is not 64 hex digits: ignored, tokens are signed with a random key"
            );
            None
        }
    }
}
