//! From byte offsets to the lines and columns a user reads.

/// A 1-based line and a 1-based column counted in characters, as editors and compilers show
/// them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineColumn {
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub column: usize,
}

/// The line and column of byte `offset` in `text` (clamped to the text's end, and to the start
/// of a character it falls inside).
///
/// ```
/// use hjx_syntax::{line_column, LineColumn};
///
/// let text = "component Counter\nlayout:\n  view: \"hé\"";
/// assert_eq!(line_column(text, 0), LineColumn { line: 1, column: 1 });
/// assert_eq!(line_column(text, text.find("view").unwrap()), LineColumn { line: 3, column: 3 });
/// ```
pub fn line_column(text: &str, offset: usize) -> LineColumn {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    LineColumn {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes_and_clamps_past_the_end() {
        let text = "é = 1\nab";
        assert_eq!(line_column(text, 2), LineColumn { line: 1, column: 2 });
        assert_eq!(line_column(text, 1), LineColumn { line: 1, column: 1 });
        assert_eq!(line_column(text, 7), LineColumn { line: 2, column: 1 });
        assert_eq!(line_column(text, 100), LineColumn { line: 2, column: 3 });
    }
}
