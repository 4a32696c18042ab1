//! The tracker's database: SQLite through sqlx's async driver, its schema kept by migrations
//! that run when it opens. Every query is async and holds no lock of the live layer: pages call
//! these from mount hooks and from work started on `Load` fields.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
};

/// The migrations, in order, compiled into the binary.
const MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "items and comments",
    include_str!("migrations/0001_items_and_comments.sql"),
)];

/// The longest title the database takes (a `CHECK` in the schema); forms refuse longer ones
/// first, with a message.
pub const TITLE_MAX: usize = 200;

/// A handle on the database, cheap to clone: a pool of connections. Its `Default` is a handle
/// on no database, whose every query fails with sqlx's `PoolClosed`: what a page's field holds
/// until its mount hook gives it the app's.
#[derive(Clone, Default)]
pub struct Db {
    pool: Option<SqlitePool>,
}

impl fmt::Debug for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Db").finish_non_exhaustive()
    }
}

/// An item as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Its number, in its URL.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// Who opened it.
    pub author: String,
    /// How many comments it has.
    pub comments: i64,
}

/// An item as its page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Item {
    /// Its number.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// What it says.
    pub body: String,
    /// Who opened it.
    pub author: String,
}

/// A comment on an item: what the item's page lists, and the message its topic carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    /// Its number: the key of the page's list.
    pub id: i64,
    /// The item it is on.
    pub item: i64,
    /// Who wrote it.
    pub author: String,
    /// What it says.
    pub body: String,
}

/// The migrations of [`MIGRATIONS`] as sqlx's migrator reads them.
#[derive(Debug)]
struct Embedded;

impl<'s> MigrationSource<'s> for Embedded {
    fn resolve(
        self,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<Migration>, BoxDynError>> + Send + 's>> {
        Box::pin(async {
            Ok(MIGRATIONS
                .iter()
                .map(|&(version, description, sql)| {
                    Migration::new(
                        version,
                        Cow::Borrowed(description),
                        MigrationType::Simple,
                        Cow::Borrowed(sql),
                        false,
                    )
                })
                .collect())
        })
    }
}

impl Db {
    /// Opens (creating it if missing) the database file at `path` and brings its schema up to
    /// date.
    pub async fn open(path: &Path) -> Result<Db, BoxDynError> {
        let db = Db::connect(path, false).await?;
        Migrator::new(Embedded).await?.run(db.pool()?).await?;
        Ok(db)
    }

    /// Opens an existing database file read-only, as SQLite does a file it may not write: every
    /// write fails with SQLite's own error. Tests use it to check what a page does then.
    pub async fn open_read_only(path: &Path) -> Result<Db, BoxDynError> {
        Ok(Db::connect(path, true).await?)
    }

    async fn connect(path: &Path, read_only: bool) -> Result<Db, sqlx::Error> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(!read_only)
            .read_only(read_only)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        Ok(Db { pool: Some(pool) })
    }

    fn pool(&self) -> Result<&SqlitePool, sqlx::Error> {
        self.pool.as_ref().ok_or(sqlx::Error::PoolClosed)
    }

    /// The items whose title or body contains `q` (every item for an empty `q`), newest first.
    pub async fn items(&self, q: &str) -> Result<Vec<Summary>, sqlx::Error> {
        let pattern = format!("%{}%", like_escaped(q.trim()));
        let rows = sqlx::query(
            "SELECT i.id, i.title, i.author, \
                    (SELECT count(*) FROM comments c WHERE c.item = i.id) AS comments \
             FROM items i \
             WHERE i.title LIKE ?1 ESCAPE '\\' OR i.body LIKE ?1 ESCAPE '\\' \
             ORDER BY i.id DESC",
        )
        .bind(pattern)
        .fetch_all(self.pool()?)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Summary {
                    id: row.try_get("id")?,
                    title: row.try_get("title")?,
                    author: row.try_get("author")?,
                    comments: row.try_get("comments")?,
                })
            })
            .collect()
    }

    /// The item numbered `id`, if there is one.
    pub async fn item(&self, id: i64) -> Result<Option<Item>, sqlx::Error> {
        let row = sqlx::query("SELECT id, title, body, author FROM items WHERE id = ?1")
            .bind(id)
            .fetch_optional(self.pool()?)
            .await?;
        row.map(|row| {
            Ok(Item {
                id: row.try_get("id")?,
                title: row.try_get("title")?,
                body: row.try_get("body")?,
                author: row.try_get("author")?,
            })
        })
        .transpose()
    }

    /// The comments on item `item`, oldest first.
    pub async fn comments(&self, item: i64) -> Result<Vec<Comment>, sqlx::Error> {
        let rows =
            sqlx::query("SELECT id, item, author, body FROM comments WHERE item = ?1 ORDER BY id")
                .bind(item)
                .fetch_all(self.pool()?)
                .await?;
        rows.iter().map(comment).collect()
    }

    /// Adds an item; returns its number.
    pub async fn create_item(
        &self,
        title: &str,
        body: &str,
        author: &str,
    ) -> Result<i64, sqlx::Error> {
        let row =
            sqlx::query("INSERT INTO items (title, body, author) VALUES (?1, ?2, ?3) RETURNING id")
                .bind(title)
                .bind(body)
                .bind(author)
                .fetch_one(self.pool()?)
                .await?;
        row.try_get("id")
    }

    /// Adds items `(title, body, author)` in one transaction: seeding a database for a demo or
    /// a benchmark.
    pub async fn create_items<'a>(
        &self,
        items: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    ) -> Result<(), sqlx::Error> {
        let mut transaction = self.pool()?.begin().await?;
        for (title, body, author) in items {
            sqlx::query("INSERT INTO items (title, body, author) VALUES (?1, ?2, ?3)")
                .bind(title)
                .bind(body)
                .bind(author)
                .execute(&mut *transaction)
                .await?;
        }
        transaction.commit().await
    }

    /// Adds a comment to item `item`; returns it as stored.
    pub async fn add_comment(
        &self,
        item: i64,
        author: &str,
        body: &str,
    ) -> Result<Comment, sqlx::Error> {
        let row = sqlx::query(
            "INSERT INTO comments (item, author, body) VALUES (?1, ?2, ?3) \
             RETURNING id, item, author, body",
        )
        .bind(item)
        .bind(author)
        .bind(body)
        .fetch_one(self.pool()?)
        .await?;
        comment(&row)
    }

    /// Closes every connection, after the queries running finish.
    pub async fn close(&self) {
        if let Some(pool) = &self.pool {
            pool.close().await;
        }
    }
}

/// A database file in the temporary directory, removed (with SQLite's side files) on drop: for
/// tests and benchmarks.
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
        Db::open(&self.path)
            .await
            .unwrap_or_else(|error| panic!("cannot open {}: {error}", self.path.display()))
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

fn comment(row: &SqliteRow) -> Result<Comment, sqlx::Error> {
    Ok(Comment {
        id: row.try_get("id")?,
        item: row.try_get("item")?,
        author: row.try_get("author")?,
        body: row.try_get("body")?,
    })
}

/// `q` with LIKE's wildcards (`%`, `_`) and the escape character taken literally.
fn like_escaped(q: &str) -> String {
    let mut out = String::with_capacity(q.len());
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_are_taken_literally() {
        assert_eq!(like_escaped("50%_off\\"), "50\\%\\_off\\\\");
    }
}
