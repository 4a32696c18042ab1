#!/usr/bin/env bash
# Builds hjx-load, hjx-bench-server and the Dioxus LiveView peer in release, then measures both
# servers in one hjx-load run and prints ours / peer. Extra arguments go to hjx-load, e.g.
#   bash hjx-bench/run-peer.sh --sessions 1000 --runs 5 --duration 10
# Builds one at a time (the peer has its own target directory, so it never waits on a lock).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
target="${CARGO_TARGET_DIR:-$root/target}"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
CARGO_TARGET_DIR="$target" cargo build --release --manifest-path "$root/Cargo.toml" \
    -p hjx-bench --bins
CARGO_TARGET_DIR="$target/peer-dioxus" cargo build --release \
    --manifest-path "$here/peer-dioxus/Cargo.toml"
exec "$target/release/hjx-load" \
    --peer "$target/peer-dioxus/release/hjx-bench-peer-dioxus" "$@"
