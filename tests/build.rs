//! Extracts the guide's code (`docs/guide/src/*.md`) so that the test suite builds it: every
//! ```` ```hjx ```` block (a whole component file) and every ```` ```rust ```` block of a
//! chapter goes into one module per chapter (`tests/tests/guide.rs` includes them), so the
//! guide cannot show code that does not compile.
//!
//! A chapter's `.hjx` blocks are written to `$OUT_DIR/guide/<chapter>/<Component>.hjx` and
//! included (an `imports:` line of another block of the chapter finds them there); its Rust
//! blocks follow as written, in the chapter's module.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/guide/src");
    println!("cargo:rerun-if-changed={}", guide.display());
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("guide");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("guide folder");
    let mut chapters: Vec<_> = std::fs::read_dir(&guide)
        .expect("docs/guide/src")
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .filter(|path| path.file_stem().is_some_and(|stem| stem != "SUMMARY"))
        .collect();
    chapters.sort();
    let mut root = String::new();
    for chapter in chapters {
        println!("cargo:rerun-if-changed={}", chapter.display());
        let text = std::fs::read_to_string(&chapter).expect("chapter");
        let name = chapter
            .file_stem()
            .expect("name")
            .to_string_lossy()
            .replace('-', "_");
        let dir = out.join(&name);
        std::fs::create_dir_all(&dir).expect("chapter folder");
        let blocks = blocks(&text);
        let hjx: Vec<(String, &str)> = blocks
            .iter()
            .filter(|(lang, _)| *lang == "hjx")
            .map(|(_, body)| (component_name(body, &chapter), *body))
            .collect();
        let mut module = String::new();
        for (component, body) in &hjx {
            std::fs::write(dir.join(format!("{component}.hjx")), body).expect("write");
            let imported = hjx
                .iter()
                .any(|(_, other)| other.contains(&format!("{component} from \"{component}.hjx\"")));
            if !imported {
                writeln!(module, "hjx_runtime::include_hjx!(\"{component}.hjx\");").expect("fmt");
            }
        }
        for (_, body) in blocks.iter().filter(|(lang, _)| *lang == "rust") {
            module.push_str(body);
            module.push('\n');
        }
        std::fs::write(dir.join("mod.rs"), module).expect("write");
        writeln!(
            root,
            "#[allow(dead_code, unused_imports, unused_variables, unreachable_pub, missing_docs, \
             missing_debug_implementations, clippy::all)]\n\
             pub mod {name} {{ include!(concat!(env!(\"OUT_DIR\"), \"/guide/{name}/mod.rs\")); }}"
        )
        .expect("fmt");
    }
    std::fs::write(out.join("mod.rs"), root).expect("write");
}

/// The fenced blocks of a chapter: `(language, body)`.
fn blocks(text: &str) -> Vec<(&str, &str)> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("\n```") {
        let after = &rest[start + 4..];
        let Some((lang, body)) = after.split_once('\n') else {
            break;
        };
        let Some(end) = body.find("\n```") else {
            break;
        };
        blocks.push((lang.trim(), &body[..=end]));
        rest = &body[end + 4..];
    }
    blocks
}

/// The name after `component` in a `.hjx` block.
fn component_name(body: &str, chapter: &Path) -> String {
    body.lines()
        .find_map(|line| line.strip_prefix("component "))
        .map(|name| name.trim().to_owned())
        .unwrap_or_else(|| panic!("{}: an hjx block names no component", chapter.display()))
}
