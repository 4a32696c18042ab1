#!/usr/bin/env bash
# Maintainer-only: regenerates client.js's event list, then rebuilds client.min.js and
# client.min.js.gz from client.js. Users never run this; the outputs are committed and embedded
# by the Rust crate. Needs cargo, node and npm (terser is pinned in package.json /
# package-lock.json).
# Two tests of tests/build_in_sync.rs write what they check when HJX_BLESS is set: the event list
# between the `<dom-events>` markers of client.js (from hjx_syntax::DOM_EVENTS), and the last line
# of client.min.js, the FNV-1a 64 hash of client.js. Without HJX_BLESS they check both, so a stale
# build fails `cargo test -p hjx-client`.
set -euo pipefail
cd "$(dirname "$0")"
bless() {
  HJX_BLESS=1 cargo test -q -p hjx-client --test build_in_sync -- --exact "$1" | grep -q "1 passed"
}
[ -d node_modules/terser ] || npm ci --no-audit --no-fund
bless client_event_list_is_generated_from_dom_events
bless extras_event_list_is_generated_from_dom_events
for name in client extras; do
  npx terser "$name.js" --ecma 2020 --compress passes=3,unsafe_arrows=true --mangle \
    --output "$name.min.js"
done
bless minified_client_records_the_hash_of_the_current_source
bless minified_extras_records_the_hash_of_the_current_source
for name in client extras; do
  gzip -9nc "$name.min.js" > "$name.min.js.gz"
done
echo "client.min.js: $(wc -c < client.min.js) bytes, gzipped: $(wc -c < client.min.js.gz) bytes"
echo "extras.min.js: $(wc -c < extras.min.js) bytes, gzipped: $(wc -c < extras.min.js.gz) bytes"
