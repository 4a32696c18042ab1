//! Run with `cargo run -p hjx-examples --example tracker -- --port 3000 --db tracker.db`.
//!
//! A small issue tracker on SQLite: sign in with a name at `/signin`, list and search items at
//! `/`, create one at `/items/new`, comment at `/items/{id}` (comments appear at once in every
//! browser open on the item). `--db PATH` names the database file (created if missing; by
//! default `tracker.db` in the working directory); everything written survives a restart.

use std::path::PathBuf;

use hjx_examples::tracker::{self, Db};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let path = PathBuf::from(hjx_examples::arg("--db").unwrap_or_else(|| "tracker.db".to_owned()));
    let db = match Db::open(&path).await {
        Ok(db) => db,
        Err(error) => {
            eprintln!("cannot open the database {}: {error}", path.display());
            std::process::exit(1);
        }
    };
    let (router, handle) = tracker::app(db.clone());
    let served = hjx_examples::run_router(router, handle).await;
    db.close().await;
    served
}
