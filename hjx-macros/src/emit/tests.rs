//! The generated Rust of a known component, pinned.

use super::*;

const COUNTER: &str = r#"
    component Counter

    state:
      count = 0

    layout:
      view.counter:
        text: "Count: {{count}}"
        button (on click -> increment): "+"

    handlers:
      increment:
        set count = count + 1
"#;

fn rustfmt(code: &str) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("rustfmt runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(code.as_bytes())
        .expect("write to rustfmt");
    let out = child.wait_with_output().expect("rustfmt finishes");
    assert!(out.status.success(), "rustfmt failed on:\n{code}");
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The generated Rust for the seed's Counter is pinned: readable output is part of quality.
/// Run with `HJX_BLESS=1` to accept a change.
#[test]
fn counter_expansion_matches_the_snapshot() {
    let tokens: TokenStream = COUNTER.parse().expect("markup lexes");
    let expanded = rustfmt(&crate::driver::expand_inline(tokens).to_string());
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/snapshots/counter.expanded.rs"
    );
    if std::env::var_os("HJX_BLESS").is_some() {
        std::fs::write(path, &expanded).expect("write snapshot");
    }
    let expected = std::fs::read_to_string(path).expect("snapshot exists; run with HJX_BLESS=1");
    assert_eq!(
        expanded, expected,
        "generated code changed; run with HJX_BLESS=1 to accept"
    );
}
