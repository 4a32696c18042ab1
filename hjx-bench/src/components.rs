//! The components the load tool serves and the event benches measure, in `hjx!` markup.
//!
//! - [`Counter`]: the counter from the examples crate, per-session `count`; a click on
//!   hydration ID 2 increments it and patches the text on hydration ID 1 (`SetText`, 14 bytes on
//!   the wire).
//! - [`SharedCounter`]: the same counter with its count in `shared:`: a click in any session
//!   patches every session, the broadcast fan-out `hjx-load` times.
//! - [`Wall`]: a shared `total` (a click on hydration ID 2 bumps it for every session) and a
//!   per-session `mine` (a click on hydration ID 4): one session's own clicks beside another's
//!   fan-outs.
//! - [`Feed`] and [`FeedList`]: a page that opens with [`FEED_LINES`] lines, as a stream (sent
//!   once, not kept) and as a keyed `for` over a `Vec`; a click on hydration ID 2 appends one.
//!   The load tool's memory per idle session compares what each keeps.

use hjx_runtime::{Stream, hjx};

/// The counter, exactly as the example app serves it (`examples/src/counter.rs`).
pub use hjx_examples::counter::Counter;

hjx! {
    component SharedCounter

    shared:
      total = 0

    layout:
      view.counter:
        text: "Total: {{total}}"
        button (on click -> bump): "+"

    handlers:
      bump:
        set total = total + 1
}

/// The click on the counters' `+` button, as the browser client sends it: `[1, 2, 0]`.
pub const CLICK_FRAME: [u8; 4] = [0x93, 0x01, 0x02, 0x00];

hjx! {
    component Wall

    shared:
      total = 0

    state:
      mine = 0

    layout:
      view:
        text: "Total: {{total}}"
        button (on click -> bump): "+"
        text: "Mine: {{mine}}"
        button (on click -> own): "me"

    handlers:
      bump:
        set total = total + 1
      own:
        set mine = mine + 1
}

/// How many lines the feed pages open with.
pub const FEED_LINES: u64 = 10_000;

/// A line of the feed pages.
#[derive(Clone, Debug)]
pub struct Line {
    /// Its key.
    pub id: u64,
    /// What it says.
    pub text: String,
}

impl Line {
    /// Line number `id`.
    pub fn new(id: u64) -> Line {
        Line {
            id,
            text: format!("line {id}"),
        }
    }
}

/// The feed's opening lines, as a stream.
pub fn feed_stream() -> Stream<Line> {
    let mut lines = Stream::new();
    lines.extend((0..FEED_LINES).map(Line::new));
    lines
}

/// The feed's opening lines, as a `Vec`.
pub fn feed_vec() -> Vec<Line> {
    (0..FEED_LINES).map(Line::new).collect()
}

hjx! {
    component Feed

    state:
      lines: Stream<Line> = feed_stream()
      next: u64 = FEED_LINES

    layout:
      view.feed:
        text: "Lines: {{next}}"
        button (on click -> add): "+"
        ul:
          for (line in lines, key: line.id):
            li: "{{line.text}}"

    handlers:
      add:
        push lines <- Line::new(next)
        set next = next + 1
}

hjx! {
    component FeedList

    state:
      lines: Vec<Line> = feed_vec()
      next: u64 = FEED_LINES

    layout:
      view.feed:
        text: "Lines: {{next}}"
        button (on click -> add): "+"
        ul:
          for (line in lines, key: line.id):
            li: "{{line.text}}"

    handlers:
      add:
        push lines <- Line::new(next)
        set next = next + 1
}
