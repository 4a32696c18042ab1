//! The committed builds of the client must be what `js/build.sh` makes of `js/client.js`,
//! and small: users embed them without running any JavaScript tooling. `client.js`'s list of
//! DOM events is generated from `hjx_syntax::DOM_EVENTS`.
//!
//! `js/build.sh` runs two of these tests with `HJX_BLESS=1`, which makes them write what they
//! check instead: the event list into `client.js` before minifying, and the source hash at the
//! end of `client.min.js` after.

use std::io::Read;
use std::path::Path;

use hjx_syntax::{DOM_EVENTS, fnv1a64};

/// The size budget of the served (gzipped) client.
const GZIP_BUDGET: usize = 4096;

/// The markers around the generated lines in `client.js`.
const BEGIN: &str = "  // <dom-events>\n";
const END: &str = "  // </dom-events>\n";

fn blessing() -> bool {
    std::env::var_os("HJX_BLESS").is_some()
}

fn js_file(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("js").join(name)
}

/// The last line of `client.min.js`: the FNV-1a 64 hash of the `client.js` it was built from.
fn hash_line(source: &[u8]) -> String {
    format!("//src:{:016x}", fnv1a64(source))
}

/// The lines `client.js` holds between its markers: the event names in wire order, and a
/// constant for each event's code.
fn dom_events_js() -> String {
    let names: Vec<String> = DOM_EVENTS
        .iter()
        .map(|event| format!("{:?}", event.name))
        .collect();
    let codes: Vec<String> = DOM_EVENTS
        .iter()
        .map(|event| format!("{} = {}", event.variant.to_uppercase(), event.code))
        .collect();
    format!(
        "  const KINDS = [{}];\n  const {};\n",
        names.join(", "),
        codes.join(", ")
    )
}

#[test]
fn client_event_list_is_generated_from_dom_events() {
    let path = js_file("client.js");
    let source = std::fs::read_to_string(&path).expect("js/client.js is readable");
    let (head, rest) = source
        .split_once(BEGIN)
        .expect("client.js marks the start of its event list");
    let (current, tail) = rest
        .split_once(END)
        .expect("client.js marks the end of its event list");
    let generated = dom_events_js();
    if blessing() {
        std::fs::write(&path, format!("{head}{BEGIN}{generated}{END}{tail}"))
            .expect("write js/client.js");
        return;
    }
    assert_eq!(
        current, generated,
        "js/client.js's event list differs from hjx_syntax::DOM_EVENTS: run hjx-client/js/build.sh"
    );
}

#[test]
fn minified_client_records_the_hash_of_the_current_source() {
    let source = include_bytes!("../js/client.js");
    if blessing() {
        let source = std::fs::read(js_file("client.js")).expect("js/client.js is readable");
        let path = js_file("client.min.js");
        let minified = std::fs::read_to_string(&path).expect("js/client.min.js is readable");
        let minified = minified.trim_end();
        let code = match minified.rsplit_once('\n') {
            Some((code, last)) if last.starts_with("//src:") => code,
            _ => minified,
        };
        std::fs::write(&path, format!("{code}\n{}\n", hash_line(&source)))
            .expect("write js/client.min.js");
        return;
    }
    let recorded = hjx_client::CLIENT_JS
        .trim_end()
        .lines()
        .last()
        .unwrap_or_default();
    assert_eq!(
        recorded,
        hash_line(source),
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
