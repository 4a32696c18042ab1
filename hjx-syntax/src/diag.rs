//! Diagnostics: every error found in the markup, with where it points and how to fix it.
//!
//! Errors are collected, never thrown: one build shows every mistake in the markup.

use std::fmt;

use crate::ast::Pos;

/// One error: where it points, what is wrong, and how to fix it. In the markup, `S` is the
/// byte range of the offending text; a tool that reports errors elsewhere (a compiler's spans)
/// picks its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic<S = Pos> {
    /// Where the offending text stands.
    pub span: S,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it, when the fix is known.
    pub help: Option<String>,
    /// More context: where a first declaration stands, what a rule is.
    pub notes: Vec<String>,
}

/// The errors found so far, in the order they were found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records an error at `span`, and returns it to add help or notes.
    pub fn error(&mut self, span: Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Diagnostic::new(span, message));
        let last = self.list.len() - 1;
        &mut self.list[last]
    }

    /// Records a diagnostic built elsewhere.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    /// Whether no error was found.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many errors were found.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The errors, in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.list.iter()
    }

    /// The errors, in the order they were found.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

impl<S> Diagnostic<S> {
    /// An error at `span`, with no help yet.
    pub fn new(span: S, message: impl Into<String>) -> Diagnostic<S> {
        Diagnostic {
            span,
            message: message.into(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// Sets the `help:` line.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Diagnostic<S> {
        self.help = Some(help.into());
        self
    }

    /// Adds a `note:` line.
    pub fn note(&mut self, note: impl Into<String>) -> &mut Diagnostic<S> {
        self.notes.push(note.into());
        self
    }

    /// Sets a `help: did you mean …?` line when a candidate is close to `wrong`.
    pub fn suggest<'a>(
        &mut self,
        wrong: &str,
        candidates: impl IntoIterator<Item = &'a str>,
        render: impl Fn(&str) -> String,
    ) -> &mut Diagnostic<S> {
        if let Some(best) = closest(wrong, candidates) {
            self.help = Some(format!("did you mean {}?", render(best)));
        }
        self
    }
}

/// The message, then the `help:` line and the `note:` lines, as the user reads them.
impl<S> fmt::Display for Diagnostic<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\nhelp: {help}")?;
        }
        for note in &self.notes {
            write!(f, "\nnote: {note}")?;
        }
        Ok(())
    }
}

/// The help for an unknown name: `did you mean` the name of `names` closest to `name`, else
/// `listed` followed by all of them, else (no names at all) `otherwise`.
pub fn unknown_help(name: &str, names: &[&str], listed: &str, otherwise: &str) -> String {
    match closest(name, names.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None if names.is_empty() => otherwise.to_owned(),
        None => format!(
            "{listed}{}",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The candidate closest to `wrong` by edit distance, if it is close enough to be a likely typo.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(wrong, candidate), candidate))
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance, counting an adjacent swap as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_and_ignores_unrelated_names() {
        assert_eq!(closest("cont", ["count", "name"]), Some("count"));
        assert_eq!(closest("stat", ["state", "shared", "style"]), Some("state"));
        assert_eq!(closest("clikc", ["click", "input"]), Some("click"));
        assert_eq!(closest("zebra", ["count", "name"]), None);
    }
}
