//! Run with `cargo run --release -p hjx-bench --bin hjx-load -- --sessions 1000`
//! (`--help` lists the flags; `BENCHMARKS.md` explains the figures).

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "--help" || arg == "-h") {
        print!("{}", hjx_bench::load::args::USAGE);
        return Ok(());
    }
    hjx_bench::load::main_with(args)
}
