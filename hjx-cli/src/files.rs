//! Finding the `.hjx` files a command works on.

use std::path::{Path, PathBuf};

/// The `.hjx` files of `paths` (files as given, folders searched, `target` and hidden folders
/// skipped), sorted; the current folder when `paths` is empty.
pub(crate) fn hjx_files(paths: &[String]) -> Result<Vec<PathBuf>, String> {
    let roots: Vec<PathBuf> = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.iter().map(PathBuf::from).collect()
    };
    let mut found = Vec::new();
    for root in &roots {
        if root.is_file() {
            found.push(root.clone());
        } else if root.is_dir() {
            walk(root, &mut found)
                .map_err(|error| format!("cannot read {}: {error}", root.display()))?;
        } else {
            return Err(format!("{} is neither a file nor a folder", root.display()));
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default();
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') && name != "node_modules" {
                walk(&path, out)?;
            }
        } else if name.ends_with(".hjx") {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads `path` as text.
pub(crate) fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))
}
