//! The stream page the live and browser stream tests share: a `state:` log that opens with two
//! lines and takes every kind of edit, and a `shared:` news stream with a limit of 2.

use hjx_runtime::{Stream, hjx};

/// A line of a feed.
#[derive(Clone, Debug)]
pub struct Line {
    /// Its key.
    pub id: u64,
    /// What it says.
    pub text: String,
}

/// The log a page opens with.
fn seeded() -> Stream<Line> {
    let mut log = Stream::new().limit(4);
    for id in 1..=2 {
        log.append(Line {
            id,
            text: format!("line {id}"),
        });
    }
    log
}

hjx! {
    component Feed

    shared:
      news: Stream<Line> = Stream::new().limit(2)
      posted: u64 = 0

    state:
      log: Stream<Line> = seeded()
      next: u64 = 3

    layout:
      view:
        button.add (on click -> add): "Add"
        button.first (on click -> first): "First"
        button.edit (on click -> edit): "Edit"
        button.drop (on click -> drop): "Drop"
        button.wipe (on click -> wipe): "Wipe"
        button.post (on click -> post): "Post"
        ul:
          for (line in log, key: line.id):
            li: "{{line.id}}: {{line.text}}"
        ol:
          for (item in news, key: item.id):
            li: "{{item.text}}"

    handlers:
      add:
        push log <- Line { id: next, text: format!("line {}", next) }
        set next = next + 1
      first:
        call log.prepend(Line { id: 0, text: "zero".to_owned() })
      edit:
        call log.replace(Line { id: 1, text: "edited <b>".to_owned() })
      drop:
        call log.remove(&2u64)
      wipe:
        call log.clear()
      post:
        set posted = posted + 1
        call news.append(Line { id: posted, text: format!("news {}", posted) })
}
