#!/usr/bin/env bash
# Maintainer-only: rebuilds client.min.js and client.min.js.gz from client.js.
# Users never run this; the outputs are committed and embedded by the Rust crate.
# Needs node + npm (terser is pinned in package.json / package-lock.json).
# The last line of client.min.js records the FNV-1a 64 hash of client.js, which the crate's
# tests recompute, so a stale minified build fails `cargo test -p hjx-client`.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/terser ] || npm ci --no-audit --no-fund
npx terser client.js --ecma 2020 --compress passes=3,unsafe_arrows=true --mangle \
  --output client.min.js.tmp
hash=$(node -e '
  let h = 0xcbf29ce484222325n;
  for (const b of require("fs").readFileSync("client.js")) {
    h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  console.log(h.toString(16).padStart(16, "0"));')
printf '\n//src:%s\n' "$hash" >> client.min.js.tmp
mv client.min.js.tmp client.min.js
gzip -9nc client.min.js > client.min.js.gz
echo "client.min.js: $(wc -c < client.min.js) bytes, gzipped: $(wc -c < client.min.js.gz) bytes"
