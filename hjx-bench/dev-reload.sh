#!/usr/bin/env bash
# Save-to-served time under `hjx dev`, for an incremental build of the examples crate: runs
# `hjx dev --example composition` in examples/, then edits the page's heading N times (default 5)
# and times each save until the server serves the edited page (a page open in a browser reloads
# at that moment: add one GET). Prints each time and the median. The file is restored at the end.
#
#   bash hjx-bench/dev-reload.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
edits="${1:-5}"
cargo build -q -p hjx-cli
hjx="$PWD/target/debug/hjx"
page=examples/src/Composition.hjx
cp "$page" "$page.orig"
log=$(mktemp)
cleanup() {
    mv "$page.orig" "$page"
    if [[ -n "${group:-}" ]]; then kill -TERM -- "-$group" 2>/dev/null || true; fi
    rm -f "$log"
}
trap cleanup EXIT
(cd examples && PORT=0 exec setsid "$hjx" dev --example composition) >/dev/null 2>"$log" &
group=$!
until url=$(grep -o 'hjx dev: serving http://[^ ]*' "$log" | head -1 | cut -d' ' -f4) && [[ -n "$url" ]]; do
    sleep 0.2
done
echo "serving $url; timing $edits edits of $page"
times=()
for i in $(seq 1 "$edits"); do
    sed -i "s/^    h1: \"Components[^\"]*\"/    h1: \"Components $i\"/" "$page"
    start=$(date +%s%N)
    until curl -fs "$url" 2>/dev/null | grep -q "Components $i<"; do
        sleep 0.02
    done
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    times+=("$ms")
    echo "edit $i: ${ms} ms"
    sleep 1
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (edits + 1) / 2 ))p")
echo "median save to served: ${median} ms"
