//! `hjx new`: a new app that builds and passes its test at once, from the project template
//! (`template/` of the HJX repository, which the README shows line by line).

use std::path::{Path, PathBuf};

pub(crate) const HELP: &str = "\
hjx new NAME [--path DIR]

Starts an app in a new folder NAME: Cargo.toml (the runtime and tokio), src/lib.rs serving
src/App.hjx (which imports src/components/Greeting.hjx), src/main.rs, and tests/app.rs, a test
with the harness. `cargo run` there prints the page's URL; `cargo test` passes. The runtime
comes from git, or, with --path DIR, from a checkout of HJX at DIR.";

/// The template's files: where each goes, and its text.
const FILES: [(&str, &str); 6] = [
    ("Cargo.toml", include_str!("../../template/Cargo.toml")),
    ("src/lib.rs", include_str!("../../template/src/lib.rs")),
    ("src/main.rs", include_str!("../../template/src/main.rs")),
    ("src/App.hjx", include_str!("../../template/src/App.hjx")),
    (
        "src/components/Greeting.hjx",
        include_str!("../../template/src/components/Greeting.hjx"),
    ),
    ("tests/app.rs", include_str!("../../template/tests/app.rs")),
];

/// Runs the command.
pub(crate) fn run(args: &[String]) -> Result<bool, String> {
    let mut name = None;
    let mut checkout = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--path" => {
                let dir = args
                    .next()
                    .ok_or("--path needs a folder: a checkout of HJX")?;
                checkout = Some(PathBuf::from(dir));
            }
            flag if flag.starts_with('-') => {
                return Err(format!("unknown option `{flag}` (see `hjx new --help`)"));
            }
            given if name.is_none() => name = Some(given.to_owned()),
            extra => {
                return Err(format!(
                    "unexpected argument `{extra}` (see `hjx new --help`)"
                ));
            }
        }
    }
    let name = name.ok_or("give the app a name: `hjx new my-app`")?;
    let package = package_name(&name)?;
    let dir = PathBuf::from(&name);
    if dir.exists() {
        return Err(format!("{} already exists", dir.display()));
    }
    let dependency = runtime_dependency(checkout.as_deref())?;
    for (path, text) in FILES {
        let text = text
            .replace("name = \"my-app\"", &format!("name = \"{package}\""))
            .replace("path = \"../hjx-runtime\"", &dependency)
            .replace("my_app::", &format!("{}::", package.replace('-', "_")));
        write(&dir.join(path), &text)?;
    }
    write(&dir.join(".gitignore"), "/target\n")?;
    println!(
        "created {}: `cd {name}`, then `cargo run` serves it, `cargo test` tests it",
        dir.display()
    );
    Ok(true)
}

/// How a project depends on the runtime: from git, or from the checkout of HJX at `checkout`.
pub(crate) fn runtime_dependency(checkout: Option<&Path>) -> Result<String, String> {
    let Some(checkout) = checkout else {
        return Ok("git = \"https://github.com/hjx-rs/hjx\"".to_owned());
    };
    let runtime = checkout.join("hjx-runtime");
    if !runtime.join("Cargo.toml").is_file() {
        return Err(format!(
            "{} is not a checkout of HJX: it has no hjx-runtime/Cargo.toml",
            checkout.display()
        ));
    }
    let runtime = runtime
        .canonicalize()
        .map_err(|error| format!("cannot read {}: {error}", runtime.display()))?;
    Ok(format!("path = {:?}", runtime.display().to_string()))
}

/// The package name for an app folder `name`: letters, digits, `-` and `_`, starting with a
/// letter.
fn package_name(name: &str) -> Result<String, String> {
    let base = Path::new(name)
        .file_name()
        .and_then(|base| base.to_str())
        .unwrap_or_default();
    let valid = base.starts_with(|c: char| c.is_ascii_alphabetic())
        && base
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(base.to_ascii_lowercase())
    } else {
        Err(format!(
            "`{name}` cannot name a package: use letters, digits, `-` and `_`, starting with a letter"
        ))
    }
}

pub(crate) fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))
}
