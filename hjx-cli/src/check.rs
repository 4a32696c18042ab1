//! `hjx check`: every syntax and name error of `.hjx` files, as a compiler prints them.

use std::fmt::Write as _;
use std::path::Path;

use hjx_syntax::check::Interface;
use hjx_syntax::{Diagnostic, line_column};

use crate::files;

pub(crate) const HELP: &str = "\
hjx check [PATHS...]

Reads every .hjx file of PATHS (files, or folders searched for them; default: the current
folder) and reports each syntax and name error as `file:line:col: message`, with the line, a
caret under the offending text, and help where it is known: the sections and their shapes,
events, handlers, fields named by `set` and `bind`, duplicates, and the props, events and
slots of imported components. Names inside Rust expressions and types are checked when the
app builds. Exits with 1 when an error is found.";

/// Runs the command; `Ok(false)` when errors were found.
pub(crate) fn run(args: &[String]) -> Result<bool, String> {
    if let Some(flag) = args.iter().find(|arg| arg.starts_with('-')) {
        return Err(format!("unknown option `{flag}` (see `hjx check --help`)"));
    }
    let paths = files::hjx_files(args)?;
    if paths.is_empty() {
        return Err("no .hjx files found".to_owned());
    }
    let mut errors = 0;
    let mut failed_files = 0;
    for path in &paths {
        let report = check_file(path)?;
        if !report.is_empty() {
            failed_files += 1;
            errors += report.len();
            for line in report {
                print!("{line}");
            }
        }
    }
    if errors == 0 {
        eprintln!(
            "checked {} file{}: no errors",
            paths.len(),
            plural(paths.len())
        );
        Ok(true)
    } else {
        eprintln!(
            "{errors} error{} in {failed_files} file{}",
            plural(errors),
            plural(failed_files)
        );
        Ok(false)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The errors of one file, each rendered.
pub(crate) fn check_file(path: &Path) -> Result<Vec<String>, String> {
    let text = files::read(path)?;
    let (component, diagnostics) = hjx_syntax::parse(&text);
    let mut found: Vec<Diagnostic> = diagnostics.into_vec();
    // The parser recovers from each error, so the names are checked too. The components it
    // imports are read for their props, events and slots.
    {
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut interfaces = Vec::new();
        for import in &component.imports {
            let imported = dir.join(&import.path);
            match std::fs::read_to_string(&imported) {
                Ok(source) => {
                    let (imported, _) = hjx_syntax::parse(&source);
                    interfaces.push((import.alias.text.clone(), Interface::of(&imported)));
                }
                Err(error) => found.push(Diagnostic::new(
                    import.path_pos.clone(),
                    format!(
                        "cannot read the imported file {}: {error}",
                        imported.display()
                    ),
                )),
            }
        }
        let imports: Vec<(&str, &Interface)> = interfaces
            .iter()
            .map(|(alias, interface)| (alias.as_str(), interface))
            .collect();
        found.extend(hjx_syntax::check::check(&component, &imports).into_vec());
    }
    found.sort_by_key(|diagnostic| diagnostic.span.start);
    Ok(found
        .iter()
        .map(|diagnostic| render(path, &text, diagnostic))
        .collect())
}

/// `file:line:col: message`, the line with a caret under the span, then help and notes.
pub(crate) fn render(path: &Path, text: &str, diagnostic: &Diagnostic) -> String {
    let start = line_column(text, diagnostic.span.start);
    let mut out = format!(
        "{}:{}:{}: {}\n",
        path.display(),
        start.line,
        start.column,
        diagnostic.message
    );
    let number = start.line.to_string();
    let pad = " ".repeat(number.len());
    if let Some(line) = text.lines().nth(start.line - 1) {
        let width = text[diagnostic.span.clone()]
            .lines()
            .next()
            .map_or(1, |first| first.chars().count().max(1));
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{number} | {line}");
        let _ = writeln!(
            out,
            "{pad} | {}{}",
            " ".repeat(start.column - 1),
            "^".repeat(width)
        );
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{pad} = help: {help}");
    }
    for note in &diagnostic.notes {
        let _ = writeln!(out, "{pad} = note: {note}");
    }
    out
}
