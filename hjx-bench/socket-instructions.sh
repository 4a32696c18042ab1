#!/usr/bin/env bash
# Counts the instructions a server's socket tasks run per counter click, with callgrind: the
# server runs under valgrind, collecting only inside its WebSocket tasks (the futures of
# HJX's `Upgrade::on_upgrade` or axum's `WebSocketUpgrade::on_upgrade`), while hjx-load
# drives 100 sessions at 1,000 clicks/s, once for 1 s and once for 5 s. The difference of the
# two totals over the difference of the clicks is the cost of one click, with the sessions'
# opening (their HELLO, the token's check) taken out. Instruction counts do not depend on what
# else the machine runs, unlike CPU time.
#
#   bash hjx-bench/socket-instructions.sh [SERVER ...]
#
# SERVER defaults to target/release/hjx-bench-server and target/release/hjx-bench-echo; any
# binary that takes `--port N` and serves the counter at `/` will do (build them first:
# `cargo build --release -p hjx-bench --bins`). Needs valgrind.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
load="$target/release/hjx-load"
port=3999
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Prints "<clicks> <instructions>" for a run of $2 seconds against server $1.
run() {
    local out="$work/callgrind.out"
    valgrind --tool=callgrind --callgrind-out-file="$out" --collect-atstart=no \
        --toggle-collect='*on_upgrade*' "$1" --port "$port" >"$work/server.log" 2>&1 &
    local server=$!
    # Under valgrind the server takes a few seconds to listen.
    for _ in $(seq 100); do
        grep -q "listening on" "$work/server.log" && break
        sleep 0.2
    done
    local clicks
    clicks=$("$load" --scenario counter --sessions 100 --runs 1 --duration "$2" --rate 1000 \
        --server "127.0.0.1:$port" 2>&1 | sed -nE 's/.*run 1: ([0-9]+) events.*/\1/p')
    kill -INT "$server"
    wait "$server" || true
    local total
    total=$(callgrind_annotate "$out" | sed -nE 's/^ *([0-9,]+) .*PROGRAM TOTALS.*/\1/p' | tr -d ,)
    echo "$clicks $total"
}

servers=("$@")
if [ ${#servers[@]} -eq 0 ]; then
    servers=("$target/release/hjx-bench-server" "$target/release/hjx-bench-echo")
fi
for server in "${servers[@]}"; do
    read -r short_clicks short_total < <(run "$server" 1)
    read -r long_clicks long_total < <(run "$server" 5)
    echo "$(basename "$server"): $(( (long_total - short_total) / (long_clicks - short_clicks) ))" \
        "instructions per click in its socket tasks" \
        "($short_clicks and $long_clicks clicks, $short_total and $long_total instructions)"
done
