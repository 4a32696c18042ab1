//! The tracker example on a database file of its own, for the tests that drive it (over
//! sockets, in the browser, and in its benchmark).

pub use hjx_examples::tracker::TempDb;
use hjx_examples::tracker::{self, Db};

use crate::client::TestServer;

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
