//! My app: its pages, for `main` to serve and for the tests to drive.

use hjx_runtime::{Live, include_hjx};

include_hjx!("App.hjx");

/// The app: the `App` page at `/`.
pub fn live() -> Live {
    Live::new().mount::<App>("/")
}
