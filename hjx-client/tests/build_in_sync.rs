//! The committed builds of the client must be what `js/build.sh` makes of `js/client.js`,
//! and small: users embed them without running any JavaScript tooling.

use std::io::Read;

/// The size budget of the served (gzipped) client.
const GZIP_BUDGET: usize = 4096;

/// FNV-1a 64, as `js/build.sh` computes it over `client.js`.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[test]
fn minified_client_records_the_hash_of_the_current_source() {
    let source = include_bytes!("../js/client.js");
    let expected = format!("//src:{:016x}", fnv1a64(source));
    let recorded = hjx_client::CLIENT_JS
        .trim_end()
        .lines()
        .last()
        .unwrap_or_default();
    assert_eq!(
        recorded, expected,
        "js/client.min.js is stale: run hjx-client/js/build.sh and commit its outputs"
    );
}

#[test]
fn gzipped_client_decompresses_to_the_minified_client() {
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(hjx_client::CLIENT_JS_GZIP)
        .read_to_string(&mut unzipped)
        .expect("CLIENT_JS_GZIP is valid gzip of UTF-8 text");
    assert!(
        unzipped == hjx_client::CLIENT_JS,
        "js/client.min.js.gz is stale: run hjx-client/js/build.sh and commit its outputs"
    );
}

#[test]
fn gzipped_client_fits_the_size_budget() {
    let size = hjx_client::CLIENT_JS_GZIP.len();
    println!("client.min.js.gz: {size} bytes (budget {GZIP_BUDGET})");
    assert!(
        size <= GZIP_BUDGET,
        "the gzipped client is {size} bytes, over the {GZIP_BUDGET}-byte budget"
    );
}

#[test]
fn client_hash_is_stable_for_the_same_bytes() {
    assert_eq!(
        hjx_client::CLIENT_HASH,
        format!("{:016x}", fnv1a64(hjx_client::CLIENT_JS.as_bytes()))
    );
}
