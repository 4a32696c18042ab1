//! The committed builds of the client must be what `js/build.sh` makes of `js/client.js` and
//! `js/extras.js`, and small: users embed them without running any JavaScript tooling. Both
//! files' lists of DOM events are generated from `hjx_syntax::DOM_EVENTS`.
//!
//! `js/build.sh` runs two of these tests with `HJX_BLESS=1`, which makes them write what they
//! check instead: the event list into `client.js` before minifying, and the source hash at the
//! end of `client.min.js` after.

use std::io::Read;
use std::path::Path;

use hjx_syntax::{DOM_EVENTS, fnv1a64};

/// The size budget of the served (gzipped) client.
const GZIP_BUDGET: usize = 4096;

/// The size budget of the second file (gzipped), loaded only by apps that use it.
const EXTRAS_BUDGET: usize = 2048;

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

/// Checks (or, blessing, writes) the generated lines between the markers of `js/<file>`.
fn generated_between_markers(file: &str, generated: &str) {
    let path = js_file(file);
    let source = std::fs::read_to_string(&path).expect("the source is readable");
    let (head, rest) = source
        .split_once(BEGIN)
        .expect("the source marks the start of its event list");
    let (current, tail) = rest
        .split_once(END)
        .expect("the source marks the end of its event list");
    if blessing() {
        std::fs::write(&path, format!("{head}{BEGIN}{generated}{END}{tail}"))
            .expect("write the source");
        return;
    }
    assert_eq!(
        current, generated,
        "js/{file}'s event list differs from hjx_syntax::DOM_EVENTS: run hjx-client/js/build.sh"
    );
}

#[test]
fn client_event_list_is_generated_from_dom_events() {
    generated_between_markers("client.js", &dom_events_js());
}

#[test]
fn extras_event_list_is_generated_from_dom_events() {
    let first_line = dom_events_js()
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    generated_between_markers("extras.js", &format!("{first_line}\n"));
}

/// Checks (or, blessing, writes) the hash of `js/<source>` recorded as the last line of its
/// minified build `built` (whose text, as embedded, is `embedded`).
fn records_source_hash(source: &str, built: &str, embedded: &str) {
    let source_bytes = std::fs::read(js_file(source)).expect("the source is readable");
    if blessing() {
        let path = js_file(built);
        let minified = std::fs::read_to_string(&path).expect("the build is readable");
        let minified = minified.trim_end();
        let code = match minified.rsplit_once('\n') {
            Some((code, last)) if last.starts_with("//src:") => code,
            _ => minified,
        };
        std::fs::write(&path, format!("{code}\n{}\n", hash_line(&source_bytes)))
            .expect("write the build");
        return;
    }
    let recorded = embedded.trim_end().lines().last().unwrap_or_default();
    assert_eq!(
        recorded,
        hash_line(&source_bytes),
        "js/{built} is stale: run hjx-client/js/build.sh and commit its outputs"
    );
}

#[test]
fn minified_client_records_the_hash_of_the_current_source() {
    records_source_hash("client.js", "client.min.js", hjx_client::CLIENT_JS);
}

#[test]
fn minified_extras_records_the_hash_of_the_current_source() {
    records_source_hash("extras.js", "extras.min.js", hjx_client::EXTRAS_JS);
}

#[test]
fn gzipped_builds_decompress_to_the_minified_builds() {
    for (gzip, minified) in [
        (hjx_client::CLIENT_JS_GZIP, hjx_client::CLIENT_JS),
        (hjx_client::EXTRAS_JS_GZIP, hjx_client::EXTRAS_JS),
    ] {
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(gzip)
            .read_to_string(&mut unzipped)
            .expect("valid gzip of UTF-8 text");
        assert!(
            unzipped == minified,
            "a .min.js.gz is stale: run hjx-client/js/build.sh and commit its outputs"
        );
    }
}

#[test]
fn gzipped_extras_fit_their_size_budget() {
    let size = hjx_client::EXTRAS_JS_GZIP.len();
    println!("extras.min.js.gz: {size} bytes (budget {EXTRAS_BUDGET})");
    assert!(
        size <= EXTRAS_BUDGET,
        "the gzipped extras are {size} bytes, over the {EXTRAS_BUDGET}-byte budget"
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
    assert_eq!(
        hjx_client::EXTRAS_HASH,
        format!("{:016x}", fnv1a64(hjx_client::EXTRAS_JS.as_bytes()))
    );
}
