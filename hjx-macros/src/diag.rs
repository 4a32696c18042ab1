//! Diagnostics: every error the macro finds, with where it points and how to fix it.
//!
//! Errors are collected, never thrown: one build shows every mistake in the markup.

use crate::ast::Pos;

/// One error in the markup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Diagnostic {
    pub(crate) pos: Pos,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

/// The errors found so far.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records an error at `pos`.
    pub(crate) fn error(&mut self, pos: Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.list.push(Diagnostic {
            pos,
            message: message.into(),
            help: None,
        });
        let last = self.list.len() - 1;
        &mut self.list[last]
    }

    pub(crate) fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }
}

impl Diagnostic {
    /// Adds a `help:` line.
    pub(crate) fn help(&mut self, help: impl Into<String>) -> &mut Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a `help: did you mean …?` line when a candidate is close to `wrong`.
    pub(crate) fn suggest<'a>(
        &mut self,
        wrong: &str,
        candidates: impl IntoIterator<Item = &'a str>,
        render: impl Fn(&str) -> String,
    ) -> &mut Diagnostic {
        if let Some(best) = closest(wrong, candidates) {
            self.help = Some(format!("did you mean {}?", render(best)));
        }
        self
    }

    /// The message with its help line, as the user reads it.
    pub(crate) fn text(&self) -> String {
        match &self.help {
            Some(help) => format!("{}\nhelp: {help}", self.message),
            None => self.message.clone(),
        }
    }
}

/// `what`, then a help line: `did you mean` the name of `names` closest to `name`, else
/// `listed` followed by all of them, else (no names at all) `otherwise`.
pub(crate) fn unknown(
    what: &str,
    name: &str,
    names: &[&str],
    listed: &str,
    otherwise: &str,
) -> String {
    let help = match closest(name, names.iter().copied()) {
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
    };
    format!("{what}\nhelp: {help}")
}

/// The candidate closest to `wrong` by edit distance, if it is close enough to be a likely typo.
pub(crate) fn closest<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
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
