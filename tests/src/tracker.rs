//! The tracker example on a database file of its own, for the tests that drive it (over
//! sockets, in the browser, and in its benchmark).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use hjx_examples::tracker::{self, Db};

use crate::client::TestServer;

/// A database file in the temporary directory, removed (with SQLite's side files) on drop.
#[derive(Debug)]
pub struct TempDb {
    path: PathBuf,
}

impl TempDb {
    /// A fresh path, unique to this process and call; no file is created yet.
    pub fn new() -> TempDb {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "hjx-tracker-{}-{}.db",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let db = TempDb { path };
        db.remove();
        db
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens it (creating it and running the migrations).
    pub async fn open(&self) -> Db {
        Db::open(&self.path).await.expect("open the database")
    }

    fn remove(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut file = self.path.clone().into_os_string();
            file.push(suffix);
            let _ = std::fs::remove_file(file);
        }
    }
}

impl Default for TempDb {
    fn default() -> TempDb {
        TempDb::new()
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        self.remove();
    }
}

/// The tracker on `db`, served on a loopback port.
pub async fn serve(db: Db) -> TestServer {
    let (router, handle) = tracker::app(db);
    TestServer::start_router(router, handle).await
}

/// The `Cookie` header of a user signed in as `name`.
pub fn signed_in_as(name: &str) -> (&'static str, String) {
    (
        "Cookie",
        format!(
            "{}={}",
            tracker::USER_COOKIE,
            tracker::percent_encoded(name)
        ),
    )
}
