//! The TextMate grammar for `.hjx` files (`editors/hjx.tmLanguage.json`), read the way an
//! editor reads it: each pattern's regular expression compiles, and a line is tokenized by
//! taking, from each position, the pattern that matches earliest (the first listed on a tie).
//! Every example file tokenizes, with its component, sections, event bindings, strings and
//! `{{ }}` given their scopes.

use std::path::{Path, PathBuf};

use hjx_syntax::ast::{Arg, Content, Node};
use regex::Regex;
use serde_json::Value;

/// One pattern of the grammar: its regex, its scope, and its captures' scopes.
struct Pattern {
    regex: Regex,
    name: Option<String>,
    captures: Vec<(usize, String)>,
}

fn grammar() -> Vec<Pattern> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../editors/hjx.tmLanguage.json");
    let grammar: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("the grammar")).expect("JSON");
    assert_eq!(grammar["scopeName"], "source.hjx");
    grammar["patterns"]
        .as_array()
        .expect("patterns")
        .iter()
        .map(|include| {
            let key = include["include"]
                .as_str()
                .expect("an include")
                .trim_start_matches('#');
            let rule = &grammar["repository"][key];
            let source = rule["match"]
                .as_str()
                .unwrap_or_else(|| panic!("{key} has a match"));
            let regex = Regex::new(source).unwrap_or_else(|error| panic!("{key}: {error}"));
            let captures = rule["captures"]
                .as_object()
                .map(|captures| {
                    captures
                        .iter()
                        .map(|(group, scope)| {
                            (
                                group.parse().expect("a group number"),
                                scope["name"].as_str().expect("a scope").to_owned(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            Pattern {
                regex,
                name: rule["name"].as_str().map(str::to_owned),
                captures,
            }
        })
        .collect()
}

/// The tokens of one line: each scoped text, in order.
fn tokenize(patterns: &[Pattern], line: &str) -> Vec<(String, String)> {
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < line.len() {
        let best = patterns
            .iter()
            .filter_map(|pattern| {
                let found = pattern.regex.captures_at(line, at)?;
                let whole = found.get(0)?;
                (whole.end() > whole.start() || whole.start() > at).then_some((
                    whole.start(),
                    pattern,
                    found,
                ))
            })
            .min_by_key(|(start, _, _)| *start);
        let Some((_, pattern, found)) = best else {
            break;
        };
        let whole = found.get(0).expect("a match");
        if let Some(name) = &pattern.name {
            tokens.push((name.clone(), whole.as_str().to_owned()));
        }
        for (group, scope) in &pattern.captures {
            if let Some(text) = found.get(*group) {
                tokens.push((scope.clone(), text.as_str().to_owned()));
            }
        }
        at = whole.end().max(at + 1);
        while !line.is_char_boundary(at) {
            at += 1;
        }
    }
    tokens
}

fn hjx_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            hjx_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "hjx") {
            out.push(path);
        }
    }
}

/// How many `on` bindings the markup has, as the parser reads it.
fn bindings(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .map(|node| match node {
            Node::Element(element) => {
                let own = element
                    .args
                    .iter()
                    .filter(|arg| matches!(arg, Arg::On { .. }))
                    .count();
                own + match &element.content {
                    Content::Children(children) => bindings(children),
                    _ => 0,
                }
            }
            Node::If(chain) => chain
                .branches
                .iter()
                .map(|branch| bindings(&branch.nodes))
                .sum(),
            Node::For(each) => bindings(&each.nodes),
            Node::Slot(slot) => bindings(&slot.nodes),
        })
        .sum()
}

fn scoped<'a>(tokens: &'a [(String, String)], scope: &str) -> Vec<&'a str> {
    tokens
        .iter()
        .filter(|(name, _)| name == scope)
        .map(|(_, text)| text.as_str())
        .collect()
}

#[test]
fn a_component_gets_its_scopes() {
    let patterns = grammar();
    let line = |text: &str| tokenize(&patterns, text);
    assert_eq!(
        scoped(&line("component Counter"), "entity.name.type.component.hjx"),
        ["Counter"]
    );
    assert_eq!(
        scoped(&line("layout:"), "entity.name.section.hjx"),
        ["layout"]
    );
    let button = line(
        r#"    button.save#go (type="submit" on keydown.ctrl.s -> save(event.key)): "Save {{count}}""#,
    );
    assert_eq!(scoped(&button, "entity.name.tag.hjx"), ["button"]);
    assert_eq!(
        scoped(&button, "entity.other.attribute-name.class-or-id.hjx"),
        [".save#go"]
    );
    assert_eq!(scoped(&button, "entity.other.attribute-name.hjx"), ["type"]);
    assert_eq!(
        scoped(&button, "string.quoted.double.hjx"),
        [r#""submit""#, r#""Save {{count}}""#]
    );
    assert_eq!(scoped(&button, "entity.name.event.hjx"), ["keydown"]);
    assert_eq!(scoped(&button, "storage.modifier.event.hjx"), [".ctrl.s"]);
    assert_eq!(
        scoped(&button, "entity.name.function.handler.hjx"),
        ["save"]
    );
    let bound = line("    input (bind value <-> name)");
    assert_eq!(scoped(&bound, "variable.other.field.hjx"), ["name"]);
    assert_eq!(
        scoped(&line("  # a note"), "comment.line.hjx"),
        ["  # a note"]
    );
    assert_eq!(
        scoped(
            &line("    set count = count + 1"),
            "keyword.other.statement.hjx"
        ),
        ["set"]
    );
    assert_eq!(
        scoped(
            &line("    for (t in todos, key: t.id):"),
            "keyword.control.hjx"
        ),
        ["for"]
    );
    assert_eq!(
        scoped(
            &line("    text: \"{{a}} and {{b}}\""),
            "string.quoted.double.hjx"
        )
        .len(),
        1
    );
    assert_eq!(
        scoped(&line("    Card (title={{t}})"), "meta.interpolation.hjx"),
        ["{{t}}"]
    );
    assert_eq!(
        scoped(&line("    Card (title=\"x\")"), "entity.name.tag.hjx"),
        ["Card"]
    );
}

#[test]
fn every_example_file_tokenizes_with_its_parts_scoped() {
    let patterns = grammar();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["examples/src", "template/src"] {
        hjx_files(&root.join(dir), &mut files);
    }
    assert!(files.len() >= 15, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        let tokens: Vec<(String, String)> = text
            .lines()
            .flat_map(|line| tokenize(&patterns, line))
            .collect();
        let name = file.display();
        assert_eq!(
            scoped(&tokens, "keyword.other.component.hjx"),
            ["component"],
            "{name}"
        );
        let sections = text.lines().filter(|line| {
            [
                "imports:",
                "state:",
                "shared:",
                "script:",
                "layout:",
                "style:",
                "handlers:",
            ]
            .contains(&line.trim_end())
        });
        assert_eq!(
            scoped(&tokens, "entity.name.section.hjx").len(),
            sections.count(),
            "{name}: every section is scoped"
        );
        let (component, _) = hjx_syntax::parse(&text);
        let expected = component
            .layout
            .as_ref()
            .map_or(0, |layout| bindings(&layout.nodes));
        assert_eq!(
            scoped(&tokens, "entity.name.event.hjx").len(),
            expected,
            "{name}: every event binding is scoped"
        );
        if text.contains("{{") {
            assert!(
                !scoped(&tokens, "meta.interpolation.hjx").is_empty()
                    || !scoped(&tokens, "string.quoted.double.hjx").is_empty(),
                "{name}"
            );
        }
    }
}
