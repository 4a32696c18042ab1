//! Run with `cargo run --release -p hjx-bench --bin hjx-bench-server -- --port 3000`.
//!
//! The server `hjx-load` spawns: the Counter at `/`, the SharedCounter at `/shared`.

fn main() -> std::io::Result<()> {
    hjx_bench::server::main_with(std::env::args().skip(1))
}
