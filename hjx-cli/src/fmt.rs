//! `hjx fmt`: one canonical layout for `.hjx` files.
//!
//! - Indentation is two spaces a level: the markup's levels are read from its own indentation,
//!   and a `script:` or `style:` body keeps its inner layout, moved to start at two spaces.
//! - Sections are separated by one blank line; no run of blank lines is longer than one; the
//!   file ends with one newline, and no line with spaces.
//! - In an element's argument list, arguments are separated by one space, with none inside the
//!   parentheses, and `->` and `<->` have a space on each side. Strings and `{{ }}` are left as
//!   written.
//!
//! Formatting is idempotent. Bad indentation is fixed; a file with any other syntax error is
//! left alone.

use crate::files;

pub(crate) const HELP: &str = "\
hjx fmt [--check] [PATHS...]

Formats every .hjx file of PATHS (files, or folders searched for them; default: the current
folder) into one canonical layout: two spaces a level, one blank line between sections, one
space between arguments and around `->`. Bad indentation is fixed; a file with other syntax
errors is left alone and named.
With --check, nothing is written: the files that would change are listed, and the exit code is
1 when there are any.";

/// The sections whose bodies are not markup.
const VERBATIM: [&str; 2] = ["script:", "style:"];

/// Runs the command; `Ok(false)` when `--check` found files that differ or a file has errors.
pub(crate) fn run(args: &[String]) -> Result<bool, String> {
    let check = args.iter().any(|arg| arg == "--check");
    if let Some(flag) = args
        .iter()
        .find(|arg| arg.starts_with('-') && *arg != "--check")
    {
        return Err(format!("unknown option `{flag}` (see `hjx fmt --help`)"));
    }
    let paths: Vec<String> = args
        .iter()
        .filter(|arg| *arg != "--check")
        .cloned()
        .collect();
    let paths = files::hjx_files(&paths)?;
    let mut ok = true;
    let mut changed = 0;
    for path in &paths {
        let text = files::read(path)?;
        let formatted = format(&text);
        // Indentation is the formatter's to fix; any other error is the author's.
        let (_, diagnostics) = hjx_syntax::parse(&formatted);
        if !diagnostics.is_empty() {
            eprintln!(
                "{}: not formatted, it has errors (see `hjx check`)",
                path.display()
            );
            ok = false;
            continue;
        }
        if formatted == text {
            continue;
        }
        changed += 1;
        if check {
            println!("{}", path.display());
            ok = false;
        } else {
            std::fs::write(path, formatted)
                .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        }
    }
    if check && changed > 0 {
        eprintln!(
            "{changed} file{} would be reformatted",
            if changed == 1 { "" } else { "s" }
        );
    } else if !check {
        eprintln!(
            "{changed} file{} formatted",
            if changed == 1 { "" } else { "s" }
        );
    }
    Ok(ok)
}

/// `text` in the canonical layout.
pub(crate) fn format(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.is_empty() {
            i += 1;
            continue;
        }
        if indent_of(line) > 0 {
            // Indented text before any section: kept, at its own indentation.
            out.push(line.to_owned());
            i += 1;
            continue;
        }
        // A top-level line: a comment, `component Name`, or a section header.
        let header = line.trim();
        let is_comment = |line: &str| line.starts_with('#') || line.starts_with("//");
        let is_section = header.ends_with(':') && !is_comment(header);
        if is_section {
            // One blank line before the section and the comments right above it.
            let mut at = out.len();
            while at > 0 && is_comment(&out[at - 1]) {
                at -= 1;
            }
            if at > 0 && !out[at - 1].is_empty() {
                out.insert(at, String::new());
            }
        }
        out.push(header.to_owned());
        i += 1;
        if !is_section {
            continue;
        }
        // The section's body: every line up to the next top-level line.
        let start = i;
        while i < lines.len() && (lines[i].is_empty() || indent_of(lines[i]) > 0) {
            i += 1;
        }
        let body = &lines[start..i];
        let formatted = if VERBATIM.contains(&header) {
            verbatim(body)
        } else {
            markup(body, header == "layout:")
        };
        out.extend(formatted);
        // Blank lines at the end of a body belong between sections.
        while out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        if i < lines.len() {
            out.push(String::new());
        }
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    let mut joined = out.join("\n");
    joined.push('\n');
    joined
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// A body kept as written, moved so that its least indented line is at two spaces; runs of
/// blank lines collapsed to one.
fn verbatim(body: &[&str]) -> Vec<String> {
    let least = body
        .iter()
        .filter(|line| !line.is_empty())
        .map(|line| indent_of(line))
        .min()
        .unwrap_or(2);
    collapse_blanks(body.iter().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!("  {}", &line[least..])
        }
    }))
}

/// Markup lines re-indented two spaces a level (a level is each deeper indentation met on the
/// way in); in the layout (`elements`), their argument lists spaced canonically.
fn markup(body: &[&str], elements: bool) -> Vec<String> {
    let mut widths: Vec<usize> = Vec::new();
    collapse_blanks(body.iter().map(|line| {
        if line.is_empty() {
            return String::new();
        }
        let width = indent_of(line);
        while widths.last().is_some_and(|last| *last > width) {
            widths.pop();
        }
        if widths.last() != Some(&width) {
            widths.push(width);
        }
        let line = line.trim_start();
        let line = if elements {
            arguments(line)
        } else {
            line.to_owned()
        };
        format!("{}{line}", "  ".repeat(widths.len()))
    }))
}

fn collapse_blanks(lines: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        if line.is_empty() && out.last().is_none_or(String::is_empty) {
            continue;
        }
        out.push(line);
    }
    out
}

/// A markup line with its element's argument list spaced canonically: `tag (a="b" on click ->
/// go): "text"`. Lines of `for`, `if` and `else`, and text outside the first parentheses, are
/// left as written.
fn arguments(line: &str) -> String {
    let starts_control = ["for ", "for(", "if ", "if(", "else"]
        .iter()
        .any(|keyword| line.starts_with(keyword));
    let Some(open) = line.find('(') else {
        return line.to_owned();
    };
    if starts_control || line[..open].contains(['"', ':']) {
        return line.to_owned();
    }
    let Some(close) = hjx_syntax::matching_paren(line, open, line.len()) else {
        return line.to_owned();
    };
    let head = line[..open].trim_end();
    let inner = spaced(&line[open + 1..close]);
    format!("{head} ({inner}){}", &line[close + 1..])
}

/// The index of the closing quote of the string starting at `start`.
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'"' => return i,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// An argument list's text: runs of spaces outside strings as one space, a space each side of
/// `->` and `<->`, none at either end.
fn spaced(inner: &str) -> String {
    let bytes = inner.as_bytes();
    let mut out = String::with_capacity(inner.len());
    let mut i = 0;
    let mut space = false;
    while i < bytes.len() {
        let rest = &inner[i..];
        if bytes[i] == b'"' {
            let end = skip_string(bytes, i).min(bytes.len() - 1);
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push_str(&inner[i..=end]);
            i = end + 1;
            continue;
        }
        let arrow = ["<->", "->"]
            .into_iter()
            .find(|arrow| rest.starts_with(arrow));
        if let Some(arrow) = arrow {
            let trimmed = out.trim_end().len();
            out.truncate(trimmed);
            out.push(' ');
            out.push_str(arrow);
            space = true;
            i += arrow.len();
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
        i += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSY: &str = "\
# A counter, written carelessly.
component Counter
state:
    count = 0


layout:
    view.counter:
        text:   \"Count: {{count}}\"
        button ( on click->increment   class=\"a  b\" ):  \"+\"
        input (bind value<->name)
script:
        fn double(&self) -> i64 {
            self.count * 2
        }
handlers:
    increment:
        set count = count + 1   \n";

    const TIDY: &str = "\
# A counter, written carelessly.
component Counter

state:
  count = 0

layout:
  view.counter:
    text:   \"Count: {{count}}\"
    button (on click -> increment class=\"a  b\"):  \"+\"
    input (bind value <-> name)

script:
  fn double(&self) -> i64 {
      self.count * 2
  }

handlers:
  increment:
    set count = count + 1
";

    #[test]
    fn a_messy_file_takes_the_canonical_layout_and_keeps_it() {
        assert_eq!(format(MESSY), TIDY);
        assert_eq!(format(TIDY), TIDY, "idempotent");
        let (_, diagnostics) = hjx_syntax::parse(TIDY);
        assert!(
            diagnostics.is_empty(),
            "still valid: {:?}",
            diagnostics.into_vec()
        );
    }

    #[test]
    fn strings_and_control_lines_are_left_as_written() {
        assert_eq!(
            arguments(r#"a (href="/x  y"  title="a -> b"): "t""#),
            r#"a (href="/x  y" title="a -> b"): "t""#
        );
        assert_eq!(
            arguments("for (t  in  todos, key: t.id):"),
            "for (t  in  todos, key: t.id):"
        );
        assert_eq!(arguments("text: \"(not args)\""), "text: \"(not args)\"");
    }
}
