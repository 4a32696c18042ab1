//! Benchmarks for HJX: the components they measure, the server `hjx-load` spawns, and the load
//! tool itself. `BENCHMARKS.md` at the repository root explains every figure and how to
//! reproduce it.
//!
//! Modules:
//! - [`components`]: the components every bench and load run uses, written with `hjx!`: the
//!   examples crate's `Counter` and a `SharedCounter` whose count is one `shared:` value for every session.
//! - [`lists`]: the `for`-block components: a keyed table, and the "big table" and "teams"
//!   templates of the rosetta-rs template benchmarks.
//! - [`tracker`]: the tracker example on a seeded database, for its list-page bench and the
//!   load tool's search scenario.
//! - [`server`]: the `hjx-bench-server` binary: both components on one router, limits raised for
//!   load runs.
//! - [`load`]: the `hjx-load` binary: sessions over real WebSockets on loopback, events, latency,
//!   bytes, server memory, broadcast fan-out, against HJX and against the Dioxus LiveView peer.

pub mod components;
pub mod echo;
pub mod lists;
pub mod load;
pub mod server;
pub mod tracker;
