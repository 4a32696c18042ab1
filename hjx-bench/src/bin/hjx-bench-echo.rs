//! Run with `cargo run --release -p hjx-bench --bin hjx-bench-echo -- --port 3000`.
//!
//! The floor the load tool measures HJX against: a bare WebSocket server answering every click
//! with the counter's 14-byte frame (see `hjx_bench::echo`).

fn main() -> std::io::Result<()> {
    hjx_bench::echo::main_with(std::env::args().skip(1))
}
