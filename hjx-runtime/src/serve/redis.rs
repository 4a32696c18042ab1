//! Several nodes on Redis ([`Live::redis`](crate::Live::redis), cargo feature `redis`).
//!
//! What crosses nodes, under the key prefix (`hjx` by default):
//! - a component's `shared:` value: the hash `<prefix>:value:<component>:<shape>` holds it
//!   (`d`, its serde encoding) with its stamp (`e`, an epoch made when the hash is created;
//!   `v`, the writes since). A node writes it only while holding the lock
//!   `<prefix>:lock:<component>:<shape>` (`SET NX PX`, a lease of [`LEASE`]): one Lua script takes
//!   the lock and returns the value when it is not the write the node last saw; another stores
//!   the new value, bumps its version, announces it on the channel `<prefix>:s:<key>` and frees
//!   the lock, all at once. Writes to one value are thus serialized across nodes; none is lost.
//! - topic messages, on `<prefix>:t:<topic>`, and broadcasts, on `<prefix>:b:<component>`.
//!
//! Every node subscribes to `<prefix>:*` on one connection, and sends on another. A message
//! starts with its node's ID, so a node skips its own. When Redis cannot be reached, every node
//! goes on serving its own sessions with its own values, says so in its log, and retries; once
//! Redis is back, each shared value is settled ([`Hub::resync`](crate::live::hub::Hub)).

use std::io;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use axum::body::Bytes;
use redis::aio::MultiplexedConnection;
use redis::{Client, Script, Value};
use tokio::sync::{mpsc, watch};

use crate::live::cluster::{BoxFuture, Cluster, Found, Locked, Stamp};
use crate::live::hub::Joined;
use crate::live::session_id::fill_random;
use crate::live::stop::StopListener;
use crate::live::sync::lock;
use crate::live::topics::Topics;
use crate::serve::app::AppState;
use crate::serve::log_limit::warn_limited;
use crate::serve::router::Live;

mod link;
mod sessions;

/// How long a node may hold a shared value's lock before Redis frees it (a node that died
/// holding it delays the others this long, no more).
pub(crate) const LEASE: Duration = Duration::from_secs(5);
/// How long a command may take before Redis counts as unreachable.
const TIMEOUT: Duration = Duration::from_secs(2);
/// How often the receiving connection is checked.
const PING_EVERY: Duration = Duration::from_secs(2);
/// Messages waiting to be sent before new ones are dropped.
const OUTGOING: usize = 4096;

/// Takes the lock; returns `{0}` when it is held, `{1}` when there is no value, `{2}` when the
/// value is the write given, and `{3, epoch, version, data}` otherwise.
const ACQUIRE: &str = r"
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {0} end
local st = redis.call('HMGET', KEYS[2], 'e', 'v', 'd')
if not st[1] then return {1} end
if st[1] == ARGV[3] and st[2] == ARGV[4] then return {2} end
return {3, st[1], st[2], st[3]}
";

/// Stores the value and announces it, if the lock is still held; then frees the lock.
/// Returns `{1, epoch, version}`, or `{0}` when the lock was lost.
const COMMIT: &str = r"
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {0} end
local e = redis.call('HGET', KEYS[2], 'e')
if not e then
  e = ARGV[3]
  redis.call('HSET', KEYS[2], 'e', e)
end
local v = redis.call('HINCRBY', KEYS[2], 'v', 1)
redis.call('HSET', KEYS[2], 'd', ARGV[2])
redis.call('PUBLISH', ARGV[5], ARGV[4] .. e .. v .. ' ' .. ARGV[2])
redis.call('DEL', KEYS[1])
return {1, e, v}
";

/// Frees the lock if it is still this holder's.
const RELEASE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
";

/// Where the link to Redis stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Link {
    /// Not tried yet.
    Starting,
    Up,
    Down,
}

/// One app's link to Redis.
pub(crate) struct RedisCluster {
    client: Client,
    url: String,
    /// This process's ID, 16 hex digits: what its messages start with.
    node: String,
    prefix: String,
    /// The sending connection while the link is up.
    connection: Mutex<Option<MultiplexedConnection>>,
    link: watch::Sender<Link>,
    /// (channel, payload) to PUBLISH, in order, off the callers' threads.
    outgoing: mpsc::Sender<(String, Vec<u8>)>,
    acquire: Script,
    commit: Script,
    release: Script,
    /// How long a saved session is kept: the grace period.
    grace: Duration,
}

/// Where a received message goes: this node's topics and the app's hubs.
pub(crate) trait Receiver: Send + Sync + 'static {
    fn topics(&self) -> Option<Topics>;
    fn hubs(&self) -> Vec<Arc<dyn Joined>>;
}

impl RedisCluster {
    /// Opens the link to the Redis at `url` (`redis://host:port/db`) and starts its tasks,
    /// which stop with `shutdown`. Fails only on a URL that cannot be parsed.
    pub(crate) fn start(
        url: &str,
        prefix: &str,
        receiver: Weak<dyn Receiver>,
        grace: Duration,
        shutdown: StopListener,
    ) -> redis::RedisResult<Arc<RedisCluster>> {
        let client = Client::open(url)?;
        let (outgoing, queue) = mpsc::channel(OUTGOING);
        let cluster = Arc::new(RedisCluster {
            client,
            url: url.to_owned(),
            node: hex(random_u64()),
            prefix: prefix.to_owned(),
            connection: Mutex::new(None),
            link: watch::Sender::new(Link::Starting),
            outgoing,
            acquire: Script::new(ACQUIRE),
            commit: Script::new(COMMIT),
            release: Script::new(RELEASE),
            grace,
        });
        tokio::spawn(link::send_loop(Arc::downgrade(&cluster), queue));
        tokio::spawn(link::link_loop(
            Arc::downgrade(&cluster),
            receiver,
            shutdown,
        ));
        Ok(cluster)
    }

    /// The sending connection, once the first attempt to connect is over; `None` while Redis
    /// cannot be reached.
    async fn connection(&self) -> Option<MultiplexedConnection> {
        let mut link = self.link.subscribe();
        let _ = tokio::time::timeout(TIMEOUT, link.wait_for(|link| *link != Link::Starting)).await;
        lock(&self.connection).clone()
    }

    fn key(&self, kind: &str, key: &str) -> String {
        format!("{}:{kind}:{key}", self.prefix)
    }

    fn send(&self, channel: String, payload: Vec<u8>) {
        if *self.link.borrow() != Link::Up {
            return;
        }
        if self.outgoing.try_send((channel, payload)).is_err() {
            warn_limited!("redis: too many messages waiting to be sent; one was dropped");
        }
    }

    async fn lock_value(&self, key: &str, seen: Option<Stamp>) -> Locked {
        let Some(mut connection) = self.connection().await else {
            return Locked::Unreachable;
        };
        let token = random_u64();
        let (epoch, version) = match seen {
            Some(seen) => (hex(seen.epoch), seen.version.to_string()),
            None => (String::new(), String::new()),
        };
        let lock_key = self.key("lock", key);
        let value_key = self.key("value", key);
        let deadline = tokio::time::Instant::now() + LEASE + Duration::from_secs(1);
        let mut pause = Duration::from_micros(500);
        loop {
            let reply: redis::RedisResult<Value> = self
                .acquire
                .key(&lock_key)
                .key(&value_key)
                .arg(token)
                .arg(LEASE.as_millis() as u64)
                .arg(&epoch)
                .arg(&version)
                .invoke_async(&mut connection)
                .await;
            let items = match reply {
                Ok(Value::Array(items)) => items,
                Ok(other) => {
                    tracing::warn!(?other, "redis: unexpected reply to the lock script");
                    return Locked::Unreachable;
                }
                Err(error) => {
                    warn_limited!(%error, "redis: the shared value's lock could not be asked for");
                    return Locked::Unreachable;
                }
            };
            let found = match int(items.first()) {
                Some(1) => Found::Missing,
                Some(2) => Found::Same,
                Some(3) => match (text(items.get(1)), text(items.get(2)), bytes(items.get(3))) {
                    (Some(epoch), Some(version), Some(data)) => {
                        match (u64::from_str_radix(&epoch, 16), version.parse()) {
                            (Ok(epoch), Ok(version)) => {
                                Found::Other(Stamp { epoch, version }, Bytes::from(data))
                            }
                            _ => Found::Missing,
                        }
                    }
                    _ => Found::Missing,
                },
                _ => {
                    if tokio::time::Instant::now() >= deadline {
                        tracing::warn!(
                            key,
                            "redis: the shared value's lock was not free in time; this change runs on this node alone"
                        );
                        return Locked::Unreachable;
                    }
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_millis(2));
                    continue;
                }
            };
            return Locked::Held { token, found };
        }
    }

    async fn unlock_value(&self, key: &str, token: u64, write: Option<Vec<u8>>) -> Option<Stamp> {
        let mut connection = lock(&self.connection).clone()?;
        let lock_key = self.key("lock", key);
        let Some(data) = write else {
            let released: redis::RedisResult<Value> = self
                .release
                .key(&lock_key)
                .arg(token)
                .invoke_async(&mut connection)
                .await;
            if let Err(error) = released {
                warn_limited!(%error, "redis: a shared value's lock could not be freed (it expires)");
            }
            return None;
        };
        let reply: redis::RedisResult<Value> = self
            .commit
            .key(&lock_key)
            .key(self.key("value", key))
            .arg(token)
            .arg(data)
            .arg(hex(random_u64()))
            .arg(&self.node)
            .arg(self.key("s", key))
            .invoke_async(&mut connection)
            .await;
        match reply {
            Ok(Value::Array(items)) if int(items.first()) == Some(1) => {
                let epoch = u64::from_str_radix(&text(items.get(1))?, 16).ok()?;
                let version = u64::try_from(int(items.get(2))?).ok()?;
                Some(Stamp { epoch, version })
            }
            Ok(_) => {
                tracing::warn!(
                    key,
                    "redis: the shared value's lock expired before its write; the write stays on this node"
                );
                None
            }
            Err(error) => {
                warn_limited!(%error, "redis: a shared value could not be stored");
                None
            }
        }
    }
}

impl Receiver for AppState {
    fn topics(&self) -> Option<Topics> {
        Some(self.topics.clone())
    }

    fn hubs(&self) -> Vec<Arc<dyn Joined>> {
        AppState::hubs(self)
    }
}

impl<S> Live<S> {
    /// Runs the app on several nodes, with the Redis at `url` (`redis://127.0.0.1:6379/`)
    /// between them (cargo feature `redis`):
    /// - every component's `shared:` value is one value for all nodes: a change on one node
    ///   patches the pages of every node, a node that starts later reads the current value, and
    ///   writes to a value from several nodes are serialized (a Redis lock, taken before an event
    ///   that may write the value), so no increment is lost;
    /// - topics, [`Store::send_to`](crate::Store::send_to) and broadcasts reach the sessions of
    ///   every node.
    ///
    /// Sessions stay on the node that made them: put the nodes behind a load balancer that
    /// keeps a client on one node (nginx's `hash $remote_addr consistent;`), and give every node
    /// the same [`Config::secret`]. When Redis cannot be reached, each node serves its own
    /// sessions with its own values and says so in its log; when Redis is back, each shared
    /// value is settled: a node that finds the value as it last saw it writes its own (so writes
    /// made while Redis was away on that node are kept), and a node that finds a newer one adopts
    /// it. Keys and channels begin with `hjx:`; see [`Live::redis_as`] for another prefix.
    ///
    /// Fails when `url` is not a Redis URL. Call it within a tokio runtime.
    pub fn redis(self, url: &str) -> io::Result<Live<S>> {
        self.redis_as(url, "hjx")
    }

    /// As [`Live::redis`], with the keys and channels under `prefix`: apps sharing one Redis
    /// keep apart by their prefixes.
    pub fn redis_as(self, url: &str, prefix: &str) -> io::Result<Live<S>> {
        let app = &self.app;
        let receiver: Weak<dyn Receiver> = Arc::downgrade(app) as _;
        let cluster = RedisCluster::start(
            url,
            prefix,
            receiver,
            app.config.grace,
            app.shutdown.listener(),
        )
        .map_err(|error| io::Error::new(io::ErrorKind::InvalidInput, error))?;
        if !app.join(cluster.clone()) {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "the app is already on a cluster",
            ));
        }
        let _ = app.remote.set(cluster.clone());
        // Sessions dropped from memory under pressure wait in Redis (unless a data directory
        // takes them).
        let evicted = Arc::downgrade(&cluster);
        app.registry.evict_to(Arc::new(move |session| {
            if let (Some(cluster), Some(saved)) = (evicted.upgrade(), session.save()) {
                tokio::spawn(async move { cluster.put(vec![saved]).await });
            }
        }));
        // Sessions are saved to Redis every `snapshot_every` too.
        app.spawn_snapshots();
        if app.config.secret.is_none() {
            tracing::warn!(
                "several nodes without Config::secret: each node signs tokens with its own key, so a page reconnects only to the node that served it, and not after a restart"
            );
        }
        Ok(self)
    }
}

impl Cluster for RedisCluster {
    fn lock(self: Arc<Self>, key: Arc<str>, seen: Option<Stamp>) -> BoxFuture<Locked> {
        Box::pin(async move { self.lock_value(&key, seen).await })
    }

    fn unlock(
        self: Arc<Self>,
        key: Arc<str>,
        token: u64,
        write: Option<Vec<u8>>,
    ) -> BoxFuture<Option<Stamp>> {
        Box::pin(async move { self.unlock_value(&key, token, write).await })
    }

    fn publish(&self, topic: &str, data: &[u8]) {
        self.send(self.key("t", topic), self.framed(data));
    }

    fn broadcast(&self, key: &str, frame: &[u8]) {
        self.send(self.key("b", key), self.framed(frame));
    }
}

impl RedisCluster {
    /// `data` after this node's ID.
    fn framed(&self, data: &[u8]) -> Vec<u8> {
        let mut payload = Vec::with_capacity(16 + data.len());
        payload.extend_from_slice(self.node.as_bytes());
        payload.extend_from_slice(data);
        payload
    }
}

fn random_u64() -> u64 {
    let mut bytes = [0; 8];
    fill_random(&mut bytes);
    u64::from_le_bytes(bytes)
}

fn hex(value: u64) -> String {
    format!("{value:016x}")
}

fn int(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Int(value) => Some(*value),
        Value::BulkString(bytes) => std::str::from_utf8(bytes).ok()?.parse().ok(),
        _ => None,
    }
}

fn bytes(value: Option<&Value>) -> Option<Vec<u8>> {
    match value? {
        Value::BulkString(bytes) => Some(bytes.clone()),
        _ => None,
    }
}

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::BulkString(bytes) => String::from_utf8(bytes.clone()).ok(),
        Value::SimpleString(text) => Some(text.clone()),
        Value::Int(value) => Some(value.to_string()),
        _ => None,
    }
}
