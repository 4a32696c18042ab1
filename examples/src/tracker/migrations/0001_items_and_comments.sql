-- The tracker's tables: items, and the comments on them, each with its author's name.
CREATE TABLE items (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    title   TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body    TEXT    NOT NULL,
    author  TEXT    NOT NULL,
    created INTEGER NOT NULL DEFAULT (unixepoch())
);

CREATE TABLE comments (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    item    INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    author  TEXT    NOT NULL,
    body    TEXT    NOT NULL CHECK (length(body) >= 1),
    created INTEGER NOT NULL DEFAULT (unixepoch())
);

CREATE INDEX comments_by_item ON comments (item, id);
