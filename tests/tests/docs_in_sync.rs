//! The docs restate facts whose one copy lives in code; these tests hold them to it.
//!
//! README.md shows the Counter as a user writes it and the HTML it renders: the example app's
//! `examples/src/counter.rs` is the one copy of that component. README.md, docs/CONTRACT.md and
//! hjx-runtime/PROTOCOL.md list the DOM events markup can bind: `hjx_syntax::DOM_EVENTS` is the
//! one copy of that list.

use hjx_examples::counter::Counter;
use hjx_runtime::Component;
use hjx_syntax::DOM_EVENTS;

const README: &str = include_str!("../../README.md");
const CONTRACT: &str = include_str!("../../docs/CONTRACT.md");
const PROTOCOL: &str = include_str!("../../hjx-runtime/PROTOCOL.md");
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

/// The bodies of the fenced blocks between the line `heading` and the next `## ` heading.
fn fenced_blocks(heading: &str) -> Vec<&'static str> {
    let section = README
        .split_once(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("README.md has the heading `{heading}`"))
        .1;
    let section = section.split("\n## ").next().unwrap_or_default();
    section
        .split("```")
        .skip(1)
        .step_by(2)
        .map(|block| block.split_once('\n').map_or("", |(_, body)| body))
        .collect()
}

#[test]
fn readme_own_app_is_the_template_project() {
    let template = |path: &str| {
        std::fs::read_to_string(format!("{}/../template/{path}", env!("CARGO_MANIFEST_DIR")))
            .unwrap_or_else(|error| panic!("template/{path}: {error}"))
    };
    let cargo = template("Cargo.toml")
        .replace(
            r#"{ path = "../hjx-runtime" }"#,
            r#"{ git = "https://github.com/hjx-rs/hjx" }"#,
        )
        .replace(
            r#"{ path = "../hjx-runtime", features = ["harness"] }"#,
            r#"{ git = "https://github.com/hjx-rs/hjx", features = ["harness"] }"#,
        );
    let files = [
        cargo,
        template("src/lib.rs"),
        template("src/main.rs"),
        template("src/App.hjx"),
        template("src/components/Greeting.hjx"),
        template("tests/app.rs"),
    ];
    assert_eq!(
        fenced_blocks("## Your own app")
            .into_iter()
            .take(files.len())
            .collect::<Vec<_>>(),
        files.iter().map(String::as_str).collect::<Vec<_>>(),
        "README.md's own app differs from template/: change both together"
    );
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

/// `text` with every run of whitespace (line breaks included) as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn readme_lists_the_dom_events() {
    let names: Vec<&str> = DOM_EVENTS.iter().map(|event| event.name).collect();
    let list = format!("`on click -> handler` ({})", names.join(", "));
    assert!(
        one_line(README).contains(&list),
        "README.md should list the events as {list}"
    );
}

#[test]
fn wire_docs_list_the_dom_events_with_their_codes() {
    let codes: Vec<String> = DOM_EVENTS
        .iter()
        .map(|event| format!("{} {}", event.code, event.name))
        .collect();
    let list = codes.join(", ");
    for (file, text) in [
        ("docs/CONTRACT.md", CONTRACT),
        ("hjx-runtime/PROTOCOL.md", PROTOCOL),
    ] {
        // The list ends at a `.` or `;`, so a doc listing one kind more does not pass.
        let text = one_line(text);
        assert!(
            text.contains(&format!("{list}.")) || text.contains(&format!("{list};")),
            "{file} should list the event kinds as {list}"
        );
    }
}
