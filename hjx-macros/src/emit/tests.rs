//! The generated Rust of a known component, pinned.

use super::*;

/// The Counter's markup: the body of `hjx! { … }` in the example app's
/// `examples/src/counter.rs`, the one copy of that component.
fn counter() -> TokenStream {
    let file = include_str!("../../../examples/src/counter.rs");
    let body = file
        .split_once("hjx! {")
        .expect("counter.rs holds `hjx! {`")
        .1;
    let body = body.trim_end().strip_suffix('}').expect("`hjx! {` closes");
    body.parse().expect("markup lexes")
}

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

/// The generated Rust for the Counter is pinned: readable output is part of quality.
/// Run with `HJX_BLESS=1` to accept a change.
#[test]
fn counter_expansion_matches_the_snapshot() {
    let expanded = rustfmt(&crate::driver::expand_inline(counter()).to_string());
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

/// The generated Rust of inline markup, as one string.
fn expanded(markup: &str) -> String {
    let tokens: TokenStream = markup.parse().expect("markup lexes");
    crate::driver::expand_inline(tokens).to_string()
}

// The generated code writes each of the user's expressions once, so that a mistake in one is
// one compile error, not one per place the code uses it.

#[test]
fn a_top_level_list_key_is_written_once() {
    let code = expanded(
        "
         component List
         state:
           todos: Vec<Todo> = Vec::new()
         layout:
           ul:
             for (todo in todos, key: todo.ident_of_the_key):
               li (on click -> pick): \"{{todo.title}}\"
         handlers:
           pick:
             log \"picked\"",
    );
    assert_eq!(code.matches("ident_of_the_key").count(), 1, "{code}");
}

#[test]
fn a_prop_that_reads_a_field_is_set_in_one_place() {
    let code = expanded(
        "
         component Page
         state:
           name = \"seven\"
         layout:
           Badge (count=\"{{name}}\")",
    );
    assert_eq!(code.matches("set_count").count(), 1, "{code}");
}

#[test]
fn a_mount_hook_is_mountable_on_the_state_it_names_only() {
    let code = expanded(
        "
         component Item
         state:
           title = \"\"
         script:
           async fn mount(&mut self, cx: &Mount<AppState>) -> Result<(), Refuse> {
               Ok(())
           }
         layout:
           h1: \"{{title}}\"",
    );
    assert!(
        code.contains("impl :: hjx_runtime :: __private :: v1 :: Mountable < AppState > for Item"),
        "{code}"
    );
    assert!(!code.contains("impl < S >"), "{code}");
    let plain = expanded(
        "
         component Plain
         layout:
           p: \"x\"",
    );
    assert!(
        plain.contains("impl < S > :: hjx_runtime :: __private :: v1 :: Mountable < S > for Plain"),
        "{plain}"
    );
}

#[test]
fn only_load_fields_and_instances_hand_over_their_work() {
    let code = expanded(
        "
         component Search
         state:
           results: hjx_runtime::Load<Vec<String>> = Default::default()
           query = \"\"
         layout:
           p: \"{{query}}\"",
    );
    assert!(code.contains("fn take_work"), "{code}");
    assert_eq!(code.matches("Work :: collect").count(), 1, "{code}");
    assert!(code.contains("& mut component . results"), "{code}");
    let plain = expanded(
        "
         component Plain
         state:
           loaded = false
         layout:
           p: \"x\"",
    );
    assert!(!plain.contains("take_work"), "{plain}");
}
