//! Durable sessions: a snapshot of every session's state and every component's `shared:`
//! values, written to the data directory when the server stops (and periodically while it
//! runs), and read back when it starts.
//!
//! A restarted server holds the saved sessions aside until their pages come back. A page's
//! socket reconnects by itself (the client retries after a going-away close) and says HELLO with
//! its old token: the token verifies (the key is configured, or kept in the data directory),
//! the session is not running, so its route is found by the saved URL and opened again under
//! the same ID: the component's mount hook runs with the socket's cookies (so a page the user
//! may no longer see is refused), then the saved state replaces what the hook loaded, and the
//! page gets one RESYNC. A snapshot of another build whose component changed shape (a field
//! added, renamed, retyped) is dropped with a log line; that page's HELLO is refused as for an
//! unknown session, and the client loads the page anew.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::live::cluster::BoxFuture;
use crate::live::hub::Hub;
use crate::live::saved::{SavedSession, SavedShared, unix_now};
use crate::live::session_id::{SessionId, fill_random};
use crate::live::sync::lock;
use crate::model::component::Component;

/// The snapshot file's name in the data directory.
const FILE: &str = "sessions.snapshot";
/// The folder, in the data directory, of sessions evicted from memory under pressure.
const EVICTED: &str = "evicted";
/// The token key's file name in the data directory.
const SECRET: &str = "secret.key";
/// The snapshot format's version: a file of another is ignored.
const FORMAT: u32 = 1;

#[derive(Default, Serialize, Deserialize)]
struct SnapshotFile {
    format: u32,
    sessions: Vec<SavedSession>,
    shared: Vec<SavedShared>,
}

/// The data directory of a durable app, with what its last snapshot held and not yet claimed.
pub(crate) struct Durable {
    dir: PathBuf,
    /// Sessions of the last snapshot whose pages have not come back yet.
    saved: Mutex<HashMap<SessionId, SavedSession>>,
    /// Shared values of the last snapshot, by component name, until the component is mounted.
    shared: Mutex<HashMap<String, SavedShared>>,
    /// Held while a snapshot is written, so that two writes never interleave.
    writing: Mutex<()>,
    /// How long a saved session waits for its page: the grace period.
    grace: Duration,
}

impl Durable {
    /// Opens the data directory `dir` (creating it) and reads its last snapshot, if any; a
    /// saved session is kept for `grace` from when it was saved.
    pub(crate) fn open(dir: &Path, grace: Duration) -> Durable {
        if let Err(error) = fs::create_dir_all(dir) {
            tracing::error!(dir = %dir.display(), %error, "cannot create the data directory: sessions will not be saved");
        }
        let file = read_snapshot(&dir.join(FILE));
        if !file.sessions.is_empty() || !file.shared.is_empty() {
            tracing::info!(
                sessions = file.sessions.len(),
                shared = file.shared.len(),
                "read the last snapshot: pages that reconnect carry on"
            );
        }
        let saved = file
            .sessions
            .into_iter()
            .filter_map(|session| Some((SessionId::parse(&session.id)?, session)))
            .collect();
        let shared = file
            .shared
            .into_iter()
            .map(|shared| (shared.component.clone(), shared))
            .collect();
        Durable {
            dir: dir.to_owned(),
            saved: Mutex::new(saved),
            shared: Mutex::new(shared),
            writing: Mutex::new(()),
            grace,
        }
    }

    /// The token key kept in `dir`, created the first time: a restarted server then verifies
    /// the tokens of the pages it served before.
    pub(crate) fn secret(dir: &Path) -> Option<[u8; 32]> {
        let path = dir.join(SECRET);
        if let Ok(bytes) = fs::read(&path)
            && let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice())
        {
            return Some(key);
        }
        let mut key = [0; 32];
        fill_random(&mut key);
        let written = fs::create_dir_all(dir).and_then(|()| write_private(&path, &key));
        match written {
            Ok(()) => Some(key),
            Err(error) => {
                tracing::error!(path = %path.display(), %error, "cannot keep the token key: pages will not reconnect after a restart");
                None
            }
        }
    }

    /// Takes the saved session `id`, if the last snapshot had it, no page claimed it yet, and
    /// `fits` accepts it.
    pub(crate) fn take(
        &self,
        id: SessionId,
        fits: impl FnOnce(&SavedSession) -> bool,
    ) -> Option<SavedSession> {
        let mut saved = lock(&self.saved);
        if let Some(session) = saved.get(&id) {
            if !fits(session) {
                return None;
            }
            return saved.remove(&id);
        }
        drop(saved);
        // A session evicted from memory under pressure has a file of its own.
        let path = self.evicted_path(id);
        let session: SavedSession = rmp_serde::from_slice(&fs::read(&path).ok()?).ok()?;
        if !fits(&session) {
            return None;
        }
        let _ = fs::remove_file(&path);
        Some(session)
    }

    /// Writes a disconnected session dropped from memory under pressure to a file of its own,
    /// so that its page carries on when it comes back.
    pub(crate) fn evict(&self, saved: SavedSession) {
        let Some(id) = SessionId::parse(&saved.id) else {
            return;
        };
        let path = self.evicted_path(id);
        let written = rmp_serde::to_vec_named(&saved)
            .map_err(io::Error::other)
            .and_then(|bytes| {
                fs::create_dir_all(self.dir.join(EVICTED))?;
                write_private(&path, &bytes)
            });
        if let Err(error) = written {
            tracing::error!(path = %path.display(), %error, "cannot save an evicted session: it is lost");
        }
    }

    /// Removes the files of sessions evicted longer than the grace period ago.
    fn sweep_evicted(&self) {
        let Ok(entries) = fs::read_dir(self.dir.join(EVICTED)) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let expired = entry
                .metadata()
                .and_then(|meta| meta.modified())
                .ok()
                .and_then(|modified| modified.elapsed().ok())
                .is_some_and(|age| age > self.grace);
            if expired {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    fn evicted_path(&self, id: SessionId) -> PathBuf {
        self.dir.join(EVICTED).join(id.to_string())
    }

    /// Puts the saved `shared:` values of `C` into its hub (before its `init_shared` runs).
    pub(crate) fn add_hub<C: Component>(&self, hub: &Arc<Hub<C>>) {
        let saved = lock(&self.shared).remove(C::META.name);
        if let Some(saved) = saved {
            let mut shared = lock(&hub.shared);
            if saved.shape != C::SHAPE {
                tracing::warn!(
                    component = C::META.name,
                    "the saved shared values are of another build of the component: dropped"
                );
            } else if !C::restore_shared(&mut shared, &mut saved.state.as_slice()) {
                *shared = C::Shared::default();
                tracing::warn!(
                    component = C::META.name,
                    "the saved shared values do not fit the component: dropped"
                );
            }
        }
    }

    /// Writes the snapshot of `sessions` (and the saved ones not yet claimed) and `shared`, the
    /// components' shared values (and those saved of components not mounted again). Returns how
    /// many sessions it holds.
    pub(crate) fn write(
        &self,
        sessions: Vec<SavedSession>,
        shared: Vec<SavedShared>,
    ) -> io::Result<usize> {
        let _writing = lock(&self.writing);
        let mut file = SnapshotFile {
            format: FORMAT,
            sessions,
            shared,
        };
        // Saved sessions whose pages did not come back within the grace period are dropped,
        // and so are the files of sessions evicted that long ago.
        let oldest = unix_now().saturating_sub(self.grace.as_secs());
        {
            let mut saved = lock(&self.saved);
            saved.retain(|_, session| session.saved_at >= oldest);
            file.sessions.extend(saved.values().cloned());
        }
        self.sweep_evicted();
        file.shared.extend(lock(&self.shared).values().cloned());
        let bytes = rmp_serde::to_vec_named(&file).map_err(io::Error::other)?;
        let path = self.dir.join(FILE);
        let partial = self.dir.join(format!("{FILE}.partial"));
        fs::create_dir_all(&self.dir)?;
        write_private(&partial, &bytes)?;
        fs::rename(&partial, &path)?;
        Ok(file.sessions.len())
    }
}

/// Runs what `step` makes every `every` (never when it is zero), until `step` makes nothing (its
/// app is gone) or the server stops.
pub(crate) fn spawn_every<F, Step>(
    every: Duration,
    mut stop: crate::live::stop::StopListener,
    mut step: Step,
) where
    Step: FnMut() -> Option<F> + Send + 'static,
    F: std::future::Future<Output = ()> + Send,
{
    if every.is_zero() || tokio::runtime::Handle::try_current().is_err() {
        return;
    }
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        interval.tick().await;
        loop {
            tokio::select! {
                _ = interval.tick() => {}
                () = stop.stopped() => return,
            }
            match step() {
                Some(run) => run.await,
                None => return,
            }
        }
    });
}

/// Writes the snapshot on a blocking thread (it is file I/O); how many sessions it holds, or
/// `None` (logged) when it could not be written.
pub(crate) async fn write_off_thread(
    durable: Arc<Durable>,
    sessions: Vec<SavedSession>,
    shared: Vec<SavedShared>,
) -> Option<usize> {
    match tokio::task::spawn_blocking(move || durable.write(sessions, shared)).await {
        Ok(Ok(sessions)) => Some(sessions),
        Ok(Err(error)) => {
            tracing::error!(%error, "cannot write the snapshot");
            None
        }
        Err(_) => {
            tracing::error!("writing the snapshot panicked");
            None
        }
    }
}

fn read_snapshot(path: &Path) -> SnapshotFile {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return SnapshotFile::default(),
        Err(error) => {
            tracing::error!(path = %path.display(), %error, "cannot read the last snapshot: starting without it");
            return SnapshotFile::default();
        }
    };
    match rmp_serde::from_slice::<SnapshotFile>(&bytes) {
        Ok(file) if file.format == FORMAT => file,
        Ok(_) | Err(_) => {
            tracing::warn!(path = %path.display(), "the last snapshot is not one this build reads: starting without it");
            SnapshotFile::default()
        }
    }
}

/// Writes `bytes` to `path`, readable by the owner only.
fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Puts the state of `saved` into `component` (just mounted); the session's ID. A snapshot of
/// another build whose component changed shape, or whose bytes do not fit, is dropped with a log
/// line (`None`: the page is answered as [`gone`]).
pub(crate) fn restore<C: Component>(component: &mut C, saved: &SavedSession) -> Option<SessionId> {
    let id = SessionId::parse(&saved.id)?;
    if saved.component != C::META.name || saved.shape != C::SHAPE {
        tracing::warn!(
            component = C::META.name,
            sid = saved.id,
            "a saved session is of another build of its component: dropped, its page loads anew"
        );
        return None;
    }
    if !component.restore(&mut saved.state.as_slice()) {
        tracing::warn!(
            component = C::META.name,
            sid = saved.id,
            "a saved session does not fit its component: dropped, its page loads anew"
        );
        return None;
    }
    tracing::info!(component = C::META.name, sid = saved.id, "session restored");
    Some(id)
}

/// A store of saved sessions beside (or instead of) the data directory: Redis, when the app
/// runs on several nodes. A saved session is kept there for the grace period, and taken (read
/// and removed) by the node its page reconnects to.
pub(crate) trait RemoteSessions: Send + Sync {
    /// Stores `sessions`; how many were stored.
    fn save(self: Arc<Self>, sessions: Vec<SavedSession>) -> BoxFuture<usize>;
    /// Takes the saved session `id`, if the store has it.
    fn take(self: Arc<Self>, id: SessionId) -> BoxFuture<Option<SavedSession>>;
}

/// The answer when a saved session cannot be opened again.
pub(crate) fn gone() -> Response {
    StatusCode::GONE.into_response()
}
