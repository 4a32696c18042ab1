//! The crate's module structure, read from its sources: the layers (model → protocol → live →
//! serve) only use the ones below them, the model knows nothing of tokio or axum, no two source
//! files import each other in a circle, and every file follows the layout rules (`foo.rs` beside
//! `foo/`, no `#[path]`, at most 600 lines).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The layers, lowest first. A file's layer is the top-level module it belongs to; `lib.rs` and
/// the generated-code surface `__private.rs` sit on top and may use every layer.
const LAYERS: [&str; 4] = ["model", "protocol", "live", "serve"];

/// A source file: its module path (`["live", "session"]`) and its code without comments and
/// without its `#[cfg(test)]` module.
struct Source {
    module: Vec<String>,
    code: String,
    lines: usize,
}

fn sources() -> BTreeMap<PathBuf, Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).expect("source file reads");
            let relative = path.strip_prefix(&root).expect("under src");
            let mut module: Vec<String> = relative
                .with_extension("")
                .iter()
                .map(|part| part.to_string_lossy().into_owned())
                .collect();
            if module == ["lib"] {
                module.clear();
            }
            let lines = text.lines().count();
            let code = text
                .split("#[cfg(test)]\nmod tests")
                .next()
                .unwrap_or_default()
                .lines()
                .map(|line| line.split("//").next().unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\n");
            (
                relative.to_path_buf(),
                Source {
                    module,
                    code,
                    lines,
                },
            )
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("source directory reads") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The rank of a module path's layer; the crate root and `__private` rank above every layer.
fn rank(module: &[String]) -> usize {
    module
        .first()
        .and_then(|top| LAYERS.iter().position(|layer| layer == top))
        .unwrap_or(LAYERS.len())
}

/// The module paths a file's code names: every `crate::a::b…` (the leading run of lowercase
/// segments, which are modules) and every `super::…` (its parent module).
fn imports(source: &Source) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let code = &source.code;
    for (at, _) in code.match_indices("crate::") {
        if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let mut path = Vec::new();
        for segment in code[at + "crate::".len()..].split("::") {
            let name: String = segment
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if name.is_empty() {
                break;
            }
            let whole = name.len() == segment.len();
            path.push(name);
            if !whole {
                break;
            }
        }
        found.push(path);
    }
    if code.contains("super::") && !source.module.is_empty() {
        found.push(source.module[..source.module.len() - 1].to_vec());
    }
    found
}

/// The file a module path names, if it is one of the crate's files: the longest prefix that
/// is a module with a file of its own.
fn file_of(module: &[String], files: &BTreeMap<Vec<String>, PathBuf>) -> Option<PathBuf> {
    (0..=module.len())
        .rev()
        .find_map(|len| files.get(&module[..len]).cloned())
}

#[test]
fn each_layer_uses_only_the_layers_below_it() {
    let sources = sources();
    let mut upward = Vec::new();
    for (path, source) in &sources {
        let own = rank(&source.module);
        for import in imports(source) {
            if rank(&import) > own {
                upward.push(format!(
                    "{} uses crate::{}",
                    path.display(),
                    import.join("::")
                ));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports from a higher layer:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_model_layer_knows_nothing_of_tokio_or_axum() {
    let offending: Vec<String> = sources()
        .iter()
        .filter(|(_, source)| rank(&source.module) == 0)
        .filter(|(_, source)| source.code.contains("tokio") || source.code.contains("axum"))
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert!(
        offending.is_empty(),
        "model files using tokio or axum: {offending:?}"
    );
}

#[test]
fn no_source_files_import_each_other_in_a_circle() {
    let sources = sources();
    let files: BTreeMap<Vec<String>, PathBuf> = sources
        .iter()
        .map(|(path, source)| (source.module.clone(), path.clone()))
        .collect();
    let mut edges: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for (path, source) in &sources {
        let mut targets: Vec<PathBuf> = imports(source)
            .iter()
            .filter_map(|import| file_of(import, &files))
            .filter(|target| target != path)
            .collect();
        targets.sort();
        targets.dedup();
        edges.insert(path.clone(), targets);
    }
    // Depth-first search; a file met again while still on the stack closes a circle.
    fn visit(
        file: &PathBuf,
        edges: &BTreeMap<PathBuf, Vec<PathBuf>>,
        stack: &mut Vec<PathBuf>,
        done: &mut Vec<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        if let Some(at) = stack.iter().position(|on| on == file) {
            let mut circle = stack[at..].to_vec();
            circle.push(file.clone());
            return Some(circle);
        }
        if done.contains(file) {
            return None;
        }
        stack.push(file.clone());
        for next in edges.get(file).into_iter().flatten() {
            if let Some(circle) = visit(next, edges, stack, done) {
                return Some(circle);
            }
        }
        stack.pop();
        done.push(file.clone());
        None
    }
    let mut done = Vec::new();
    for file in edges.keys() {
        let circle = visit(file, &edges, &mut Vec::new(), &mut done);
        let shown: Vec<String> = circle
            .iter()
            .flatten()
            .map(|path| path.display().to_string())
            .collect();
        assert!(circle.is_none(), "import circle: {}", shown.join(" → "));
    }
}

#[test]
fn source_files_follow_the_layout_rules() {
    let sources = sources();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (path, source) in &sources {
        assert!(
            source.lines <= 600,
            "{} has {} lines",
            path.display(),
            source.lines
        );
        assert!(
            !source.code.contains("#[path"),
            "{} uses #[path]",
            path.display()
        );
        assert!(
            !path.ends_with("mod.rs"),
            "{}: write `foo.rs` beside `foo/`, not `foo/mod.rs`",
            path.display()
        );
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            assert!(
                root.join(parent).with_extension("rs").is_file(),
                "{} has no `{}.rs` beside its directory",
                path.display(),
                parent.display()
            );
        }
    }
}
