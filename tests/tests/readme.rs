//! README.md shows the Counter as a user writes it and the HTML it renders. The example app's
//! `examples/src/counter.rs` is the one copy of that component: these tests hold the README's
//! code block to that file's code and its HTML block to what the component renders.

use hjx_examples::counter::Counter;
use hjx_runtime::Component;

const README: &str = include_str!("../../README.md");
const COUNTER_RS: &str = include_str!("../../examples/src/counter.rs");

/// The body of the first block fenced with "```lang" after the line `heading`.
fn fenced_block(heading: &str, lang: &str) -> &'static str {
    let section = README
        .split_once(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("README.md has the heading `{heading}`"))
        .1;
    let fence = format!("```{lang}\n");
    let block = section
        .split_once(&fence)
        .unwrap_or_else(|| panic!("a {lang} block follows `{heading}`"))
        .1;
    block
        .split_once("```\n")
        .unwrap_or_else(|| panic!("the {lang} block after `{heading}` is closed"))
        .0
}

/// `examples/src/counter.rs` without its module docs: the code a user writes.
fn counter_code() -> String {
    let code: Vec<&str> = COUNTER_RS
        .lines()
        .skip_while(|line| line.starts_with("//!"))
        .skip_while(|line| line.is_empty())
        .collect();
    code.join("\n") + "\n"
}

#[test]
fn readme_component_is_the_example_counter() {
    assert_eq!(
        fenced_block("## A component", "rust"),
        counter_code(),
        "README.md's Counter differs from examples/src/counter.rs: change both together"
    );
}

#[test]
fn readme_html_is_what_the_counter_renders() {
    let rendered = Counter::default().render_to_string(&());
    assert_eq!(fenced_block("## A component", "html").trim_end(), rendered);
}
