//! The guide (`docs/guide/`) builds: `tests/build.rs` extracts every `.hjx` and Rust block of
//! its chapters into one module per chapter, included here, so that a guide example that does
//! not compile fails the build; the tests its testing chapter shows run here too. Its summary
//! lists every chapter.

include!(concat!(env!("OUT_DIR"), "/guide/mod.rs"));

#[test]
fn the_summary_lists_every_chapter() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/guide/src");
    let summary = std::fs::read_to_string(dir.join("SUMMARY.md")).expect("SUMMARY.md");
    for entry in std::fs::read_dir(&dir).expect("the guide") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".md") && name != "SUMMARY.md" {
            assert!(
                summary.contains(&format!("({name})")),
                "SUMMARY.md lists {name}"
            );
        }
    }
}
