//! The state one [`Live`](crate::Live) app shares between its routes and sockets: configuration,
//! the token signer, the session registry, the topics, the cap on open sockets, and the shutdown
//! signal.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock, Weak};
use std::time::Duration;

use tokio::sync::{Semaphore, watch};

use crate::live::cluster::Cluster;
use crate::live::hub::{Hub, Joined};
use crate::live::stop::StopSignal;
use crate::live::sync::lock;
use crate::live::topics::Topics;
use crate::serve::clients::Clients;
use crate::serve::config::Config;
use crate::serve::durable::{Durable, RemoteSessions};
use crate::serve::navigate::Routes;
use crate::serve::registry::{Limits, Registry};
use crate::serve::token::TokenSigner;

/// Shared by every route and socket of one app.
pub(crate) struct AppState {
    pub(crate) config: Config,
    pub(crate) signer: TokenSigner,
    pub(crate) registry: Arc<Registry>,
    /// Caps open sockets, including those that have not said HELLO yet.
    pub(crate) sockets: Arc<Semaphore>,
    pub(crate) shutdown: StopSignal,
    /// Publish/subscribe by key, for every component of the app.
    pub(crate) topics: Topics,
    /// The number of open sockets, so that shutdown can wait for them to close.
    active: watch::Sender<usize>,
    /// The live routes, for navigation over a page's socket.
    pub(crate) routes: Routes,
    /// Whether a mounted component uses hooks or client commands: every page of the app then
    /// loads the client's second file, so that live navigation finds it there.
    pub(crate) extras: AtomicBool,
    /// What every page's head holds besides the component's ([`Live::head`](crate::Live::head)).
    head: RwLock<Arc<str>>,
    /// What each client address holds (new sessions, sockets waiting for HELLO).
    pub(crate) clients: Arc<Clients>,
    /// The data directory, when sessions are durable.
    pub(crate) durable: Option<Arc<Durable>>,
    /// The other nodes, when the app runs on several.
    cluster: OnceLock<Arc<dyn Cluster>>,
    /// Every component's hub, for the cluster's messages.
    hubs: Mutex<Vec<Weak<dyn Joined>>>,
    /// Where sessions are saved besides the data directory (Redis, on several nodes).
    pub(crate) remote: OnceLock<Arc<dyn RemoteSessions>>,
    /// Whether the periodic snapshot runs.
    snapshots: AtomicBool,
}

/// Counts one open socket for as long as it lives.
pub(crate) struct ActiveSocket(Arc<AppState>);

impl Drop for ActiveSocket {
    fn drop(&mut self) {
        self.0.active.send_modify(|count| *count -= 1);
    }
}

impl AppState {
    pub(crate) fn new(config: Config) -> AppState {
        let durable = config
            .data_dir
            .as_deref()
            .map(|dir| Arc::new(Durable::open(dir, config.grace)));
        let key = config
            .secret
            .or_else(|| config.data_dir.as_deref().and_then(Durable::secret))
            .unwrap_or_else(TokenSigner::random_key);
        // Under `hjx dev`, every page loads its reload script.
        let head = match &config.dev {
            Some(url) => format!(
                "<script src=\"{}/dev.js\" defer></script>",
                url.trim_end_matches('/')
            ),
            None => String::new(),
        };
        let shutdown = StopSignal::new();
        let limits = Limits {
            max_sessions: config.max_sessions,
            grace: config.grace,
            connect_within: config.connect_within,
            max_disconnected: config.max_disconnected,
        };
        let registry = Arc::new(Registry::new(limits, shutdown.listener()));
        if let Some(durable) = &durable {
            let durable = Arc::downgrade(durable);
            registry.evict_to(Arc::new(move |session| {
                if let (Some(durable), Some(saved)) = (durable.upgrade(), session.save()) {
                    durable.evict(saved);
                }
            }));
        }
        // A message to one session finds it in the registry: no session holds a subscription
        // to its own topic.
        let topics = Topics::in_memory();
        let sessions = Arc::downgrade(&registry);
        topics.set_directory(Arc::new(move |id| sessions.upgrade()?.find(id)?.inbox()));
        AppState {
            signer: TokenSigner::new(key, config.token_ttl),
            sockets: Arc::new(Semaphore::new(config.max_sessions.max(1))),
            registry,
            config,
            shutdown,
            topics,
            active: watch::Sender::new(0),
            head: RwLock::new(Arc::from(head)),
            durable,
            clients: Arc::default(),
            routes: Routes::default(),
            extras: AtomicBool::new(false),
            cluster: OnceLock::new(),
            hubs: Mutex::default(),
            remote: OnceLock::new(),
            snapshots: AtomicBool::new(false),
        }
    }

    /// Keeps `hub` for the cluster's messages, and joins it to the cluster when there is one.
    pub(crate) fn add_hub<C: crate::model::component::Component>(&self, hub: &Arc<Hub<C>>) {
        if let Some(cluster) = self.cluster.get() {
            hub.join(cluster.clone());
        }
        let joined: Arc<dyn Joined> = hub.clone();
        lock(&self.hubs).push(Arc::downgrade(&joined));
    }

    /// Runs the app on the nodes of `cluster`: its topics and every hub, now and later, join
    /// it. Set once; `false` when it was already set.
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    pub(crate) fn join(&self, cluster: Arc<dyn Cluster>) -> bool {
        if self.cluster.set(cluster.clone()).is_err() {
            return false;
        }
        self.topics.join(cluster.clone());
        for hub in self.hubs() {
            hub.join_cluster(cluster.clone());
        }
        true
    }

    /// The hubs still alive.
    pub(crate) fn hubs(&self) -> Vec<Arc<dyn Joined>> {
        let mut hubs = lock(&self.hubs);
        hubs.retain(|hub| hub.strong_count() > 0);
        hubs.iter().filter_map(Weak::upgrade).collect()
    }

    /// The app's own head lines.
    pub(crate) fn head(&self) -> Arc<str> {
        self.head
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Appends `html` to the app's head lines.
    pub(crate) fn add_head(&self, html: &str) {
        let mut head = self.head.write().unwrap_or_else(PoisonError::into_inner);
        *head = Arc::from(format!("{head}{html}"));
    }

    pub(crate) fn track_socket(self: &Arc<Self>) -> ActiveSocket {
        self.active.send_modify(|count| *count += 1);
        ActiveSocket(self.clone())
    }

    /// Closes every socket with a going-away frame, waits (up to `patience`) for them to close,
    /// then ends every session so that their tasks stop.
    pub(crate) async fn shut_down(&self, patience: Duration) {
        self.shutdown.stop();
        let mut active = self.active.subscribe();
        let _ = tokio::time::timeout(patience, active.wait_for(|count| *count == 0)).await;
        let (file, remote) = self.write_snapshot().await;
        if let Some(sessions) = file {
            tracing::info!(sessions, "snapshot written");
        }
        if let Some(sessions) = remote {
            tracing::info!(sessions, "sessions saved to the remote store");
        }
        self.registry.end_all();
    }

    /// Writes the snapshot of every session, when sessions are durable: to the data directory
    /// (with the shared values), and to the remote store. How many sessions each took.
    pub(crate) async fn write_snapshot(&self) -> (Option<usize>, Option<usize>) {
        if self.durable.is_none() && self.remote.get().is_none() {
            return (None, None);
        }
        let mut sessions = self.registry.saved();
        let remote = match self.remote.get() {
            Some(remote) => {
                // Copied only when the data directory takes them too.
                let saved = if self.durable.is_some() {
                    sessions.clone()
                } else {
                    std::mem::take(&mut sessions)
                };
                Some(remote.clone().save(saved).await)
            }
            None => None,
        };
        let file = match self.durable.clone() {
            Some(durable) => {
                let shared = self
                    .hubs()
                    .iter()
                    .filter_map(|hub| hub.save_shared())
                    .collect();
                crate::serve::durable::write_off_thread(durable, sessions, shared).await
            }
            None => None,
        };
        (file, remote)
    }

    /// Writes the snapshot every `snapshot_every` until the app is gone or the server stops
    /// (which writes it once more). Started once, however often it is asked for.
    pub(crate) fn spawn_snapshots(self: &Arc<Self>) {
        if self
            .snapshots
            .swap(true, std::sync::atomic::Ordering::AcqRel)
        {
            return;
        }
        let app = Arc::downgrade(self);
        crate::serve::durable::spawn_every(
            self.config.snapshot_every,
            self.shutdown.listener(),
            move || {
                let app = app.upgrade()?;
                Some(async move {
                    let (file, remote) = app.write_snapshot().await;
                    tracing::debug!(?file, ?remote, "snapshot written");
                })
            },
        );
    }

    /// Takes the saved session `id` from the data directory's last snapshot, or else from the
    /// remote store.
    pub(crate) async fn take_saved(
        &self,
        id: crate::live::session_id::SessionId,
    ) -> Option<crate::live::saved::SavedSession> {
        if let Some(saved) = self
            .durable
            .as_ref()
            .and_then(|durable| durable.take(id, |_| true))
        {
            return Some(saved);
        }
        let remote = self.remote.get()?.clone();
        remote.take(id).await
    }
}
