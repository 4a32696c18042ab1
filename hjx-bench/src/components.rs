//! The components the load tool serves and the event benches measure, in `hjx!` markup.
//!
//! - [`Counter`]: the counter from the examples crate, per-session `count`; a click on
//!   hydration ID 2 increments it and patches the text on hydration ID 1 (`SetText`, 14 bytes on
//!   the wire).
//! - [`SharedCounter`]: the same counter with its count in `shared:`: a click in any session
//!   patches every session, the broadcast fan-out `hjx-load` times.

use hjx_runtime::hjx;

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
