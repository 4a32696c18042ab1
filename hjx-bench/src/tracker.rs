//! The tracker example as the benchmarks use it: a database file seeded with items whose
//! titles a type-ahead search narrows to a few (`Item 42: …` matches `item 42`, and `item 4`
//! the eleven items 4 and 40 to 49).

use hjx_examples::tracker::{Db, TempDb};

/// The words item titles and bodies are made of.
const WORDS: [&str; 8] = [
    "login", "search", "export", "billing", "profile", "upload", "theme", "email",
];

/// `count` items, numbered from 1, as `(title, body)`.
pub fn items(count: usize) -> Vec<(String, String)> {
    (1..=count)
        .map(|n| {
            let word = WORDS[n % WORDS.len()];
            (
                format!("Item {n}: the {word} page is slow"),
                format!("Seen on the {word} page after the last release, item {n}."),
            )
        })
        .collect()
}

/// A temporary database holding `count` items (see [`items`]), authored by `Ada`.
pub async fn seeded(count: usize) -> (TempDb, Db) {
    let file = TempDb::new();
    let db = file.open().await;
    let items = items(count);
    db.create_items(
        items
            .iter()
            .map(|(title, body)| (title.as_str(), body.as_str(), "Ada")),
    )
    .await
    .unwrap_or_else(|error| panic!("cannot seed {}: {error}", file.path().display()));
    (file, db)
}

/// The query of keystroke `n` of a session: `item 10` to `item 99` in turn, each matching the
/// item of that number and the ten from ten times it (when there are that many).
pub fn query(n: u64) -> String {
    format!("item {}", 10 + n % 90)
}
