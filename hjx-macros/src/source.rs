//! The markup's text, rebuilt from the macro's tokens, and the way back from text to tokens.
//!
//! Inside `hjx! { … }` the markup arrives as Rust tokens, whose spans carry their line and
//! column. Laying each token's text out at its own line and column gives back the markup as the
//! user wrote it (comments aside), indentation included, so the text parser serves both the
//! inline and the file form. Every token's byte range in that text is kept: an error at a text
//! position points at the token standing there, and an expression's text range gives back the
//! user's own tokens, so rustc checks them at their own spans.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::ToTokens;

use hjx_syntax::ast::Pos;

/// The folder of the source file that `span` stands in (absolute), or the crate's root when
/// the compiler does not say.
pub(crate) fn base_dir(span: Span) -> std::path::PathBuf {
    span.local_file()
        .and_then(|file| file.parent().map(std::path::Path::to_path_buf))
        .map(|dir| {
            if dir.is_relative() {
                std::env::current_dir().unwrap_or_default().join(dir)
            } else {
                dir
            }
        })
        .unwrap_or_else(|| {
            std::env::var("CARGO_MANIFEST_DIR")
                .unwrap_or_default()
                .into()
        })
}

/// Where the markup came from, and how its positions map back to spans.
pub(crate) struct Source {
    pub(crate) text: String,
    /// The folder that paths in the markup (`imports:`) are relative to.
    pub(crate) dir: std::path::PathBuf,
    kind: Kind,
}

enum Kind {
    /// Inline markup: the tokens and their byte ranges in `text`.
    Inline {
        tokens: TokenStream,
        /// Each leaf token's range and span, in text order.
        spans: Vec<(Pos, Span)>,
    },
    /// A `.hjx` file: positions are reported in the message; spans point at the include.
    File { path: String, span: Span },
}

impl Source {
    /// Rebuilds the text of inline markup from its tokens.
    pub(crate) fn inline(tokens: TokenStream) -> Source {
        let mut layout = Layout::default();
        layout.tokens(tokens.clone());
        let (text, spans) = layout.finish();
        Source {
            text,
            dir: base_dir(Span::call_site()),
            kind: Kind::Inline { tokens, spans },
        }
    }

    /// The markup of a `.hjx` file; `path` is how messages name it, `span` the include's path.
    pub(crate) fn file(text: String, path: String, span: Span, dir: std::path::PathBuf) -> Source {
        Source {
            text,
            dir,
            kind: Kind::File { path, span },
        }
    }

    /// An error at the tokens that stand at text position `pos`, from the first to the last.
    /// For a file, the message names the file, line and column and shows the line with a caret.
    pub(crate) fn error(&self, pos: &Pos, message: impl std::fmt::Display) -> syn::Error {
        if let Kind::File { path, span } = &self.kind {
            return syn::Error::new(*span, self.file_message(path, pos, &message.to_string()));
        }
        let (first, last) = self.span_range(pos);
        let mut ends = TokenStream::new();
        ends.extend([
            TokenTree::Punct(with_span(
                proc_macro2::Punct::new('<', proc_macro2::Spacing::Alone),
                first,
            )),
            TokenTree::Punct(with_span(
                proc_macro2::Punct::new('>', proc_macro2::Spacing::Alone),
                last,
            )),
        ]);
        syn::Error::new_spanned(ends, message)
    }

    fn file_message(&self, path: &str, pos: &Pos, message: &str) -> String {
        let start = pos.start.min(self.text.len());
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let line_no = self.text[..start].matches('\n').count() + 1;
        let column = self.text[line_start..start].chars().count() + 1;
        let line = &self.text[line_start..line_end];
        let width = self.text[start..pos.end.clamp(start, line_end)]
            .chars()
            .count()
            .max(1);
        let gutter = " ".repeat(line_no.to_string().len());
        let (first, help) = match message.split_once('\n') {
            Some((first, help)) => (first, format!("\n{help}")),
            None => (message, String::new()),
        };
        format!(
            "{path}:{line_no}:{column}: {first}\n{gutter} |\n{line_no} | {line}\n{gutter} | {}{}{help}",
            " ".repeat(column - 1),
            "^".repeat(width)
        )
    }

    /// The span of the first token standing at text position `pos`.
    pub(crate) fn span(&self, pos: &Pos) -> Span {
        self.span_range(pos).0
    }

    /// The spans of the first and last tokens standing at text position `pos` (or the nearest
    /// token before it, or the whole invocation for an empty input).
    fn span_range(&self, pos: &Pos) -> (Span, Span) {
        match &self.kind {
            Kind::Inline { spans, .. } => {
                let covering: Vec<&Span> = spans
                    .iter()
                    .filter(|(range, _)| {
                        range.start < pos.end.max(pos.start + 1) && pos.start < range.end
                    })
                    .map(|(_, span)| span)
                    .collect();
                if let (Some(first), Some(last)) = (covering.first(), covering.last()) {
                    return (**first, **last);
                }
                let span = spans
                    .iter()
                    .rev()
                    .find(|(range, _)| range.start <= pos.start)
                    .or(spans.first())
                    .map_or_else(Span::call_site, |(_, span)| *span);
                (span, span)
            }
            Kind::File { span, .. } => (*span, *span),
        }
    }

    /// The tokens of the text range `pos`, with their own spans when the markup is inline;
    /// parsed from the text and spanned at the include otherwise.
    pub(crate) fn tokens(&self, pos: &Pos) -> Result<TokenStream, syn::Error> {
        match &self.kind {
            Kind::Inline { tokens, spans } => {
                let mut out = TokenStream::new();
                collect_trees(tokens.clone(), spans, &mut 0, pos, &mut out);
                Ok(out)
            }
            Kind::File { span, .. } => {
                let parsed: TokenStream = self.text[pos.clone()].parse()?;
                Ok(respan(parsed, *span))
            }
        }
    }
}

fn with_span(mut punct: proc_macro2::Punct, span: Span) -> proc_macro2::Punct {
    punct.set_span(span);
    punct
}

impl Source {
    /// Whether the markup came from a `.hjx` file (its positions live in messages, not spans).
    pub(crate) fn is_file(&self) -> bool {
        matches!(self.kind, Kind::File { .. })
    }
}

/// Gives every token of `tokens` the span `span`.
pub(crate) fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let TokenTree::Group(group) = &tree {
                let mut new =
                    proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                new.set_span(span);
                tree = TokenTree::Group(new);
            } else {
                tree.set_span(span);
            }
            tree
        })
        .collect()
}

/// Lays tokens out at their lines and columns.
#[derive(Default)]
struct Layout {
    lines: Vec<String>,
    /// The line number of `lines[0]`.
    first_line: Option<usize>,
    /// For each leaf token: line index, byte column, byte length, span.
    placed: Vec<(usize, usize, usize, Span)>,
}

impl Layout {
    fn tokens(&mut self, tokens: TokenStream) {
        for tree in tokens {
            match tree {
                TokenTree::Group(group) => {
                    let (open, close) = delimiters(group.delimiter());
                    if let Some(open) = open {
                        self.place(group.span_open(), open);
                    }
                    self.tokens(group.stream());
                    if let Some(close) = close {
                        self.place(group.span_close(), close);
                    }
                }
                TokenTree::Ident(ident) => self.place(ident.span(), &ident.to_string()),
                TokenTree::Punct(punct) => self.place(punct.span(), &punct.as_char().to_string()),
                TokenTree::Literal(lit) => self.place(lit.span(), &lit.to_string()),
            }
        }
    }

    /// Writes `text` at the span's line and column.
    fn place(&mut self, span: Span, text: &str) {
        let start = span.start();
        let first = *self.first_line.get_or_insert(start.line);
        let mut line = start.line.saturating_sub(first);
        while self.lines.len() <= line {
            self.lines.push(String::new());
        }
        // Columns count characters; pad with spaces up to the token's column.
        let chars = self.lines[line].chars().count();
        if chars < start.column {
            let pad = start.column - chars;
            self.lines[line].extend(std::iter::repeat_n(' ', pad));
        } else if chars > 0 && !self.lines[line].ends_with(' ') && chars > start.column {
            self.lines[line].push(' ');
        }
        let column = self.lines[line].len();
        self.placed.push((line, column, text.len(), span));
        // A multi-line token (a string with newlines) continues on the following lines.
        let mut pieces = text.split('\n');
        if let Some(head) = pieces.next() {
            self.lines[line].push_str(head);
        }
        for piece in pieces {
            line += 1;
            while self.lines.len() <= line {
                self.lines.push(String::new());
            }
            self.lines[line].push_str(piece);
        }
    }

    fn finish(self) -> (String, Vec<(Pos, Span)>) {
        let mut starts = Vec::with_capacity(self.lines.len());
        let mut offset = 0;
        for line in &self.lines {
            starts.push(offset);
            offset += line.len() + 1;
        }
        let spans = self
            .placed
            .into_iter()
            .map(|(line, column, len, span)| {
                let start = starts[line] + column;
                (start..start + len, span)
            })
            .collect();
        (self.lines.join("\n"), spans)
    }
}

/// Collects into `out` the token trees of `tokens` that lie inside the text range `pos`, walking
/// them in layout order (`index` counts entries of `spans`): a group wholly inside is taken
/// whole, a group the range cuts is entered.
fn collect_trees(
    tokens: TokenStream,
    spans: &[(Pos, Span)],
    index: &mut usize,
    pos: &Pos,
    out: &mut TokenStream,
) {
    for tree in tokens {
        match &tree {
            TokenTree::Group(group) if group.delimiter() != Delimiter::None => {
                // `spans` holds the group's delimiters around its leaves.
                let count = token_count(group.stream()) + 2;
                let range = spans[*index].0.start..spans[*index + count - 1].0.end;
                if range.start >= pos.start && range.end <= pos.end {
                    tree.to_tokens(out);
                    *index += count;
                } else {
                    *index += 1;
                    collect_trees(group.stream(), spans, index, pos, out);
                    *index += 1;
                }
            }
            TokenTree::Group(group) => collect_trees(group.stream(), spans, index, pos, out),
            _ => {
                if let Some((range, _)) = spans.get(*index)
                    && range.start >= pos.start
                    && range.end <= pos.end
                {
                    tree.to_tokens(out);
                }
                *index += 1;
            }
        }
    }
}

/// How many entries `tokens` has in the layout: one per leaf, two per delimited group.
fn token_count(tokens: TokenStream) -> usize {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(group) if group.delimiter() == Delimiter::None => {
                token_count(group.stream())
            }
            TokenTree::Group(group) => token_count(group.stream()) + 2,
            _ => 1,
        })
        .sum()
}

fn delimiters(delimiter: Delimiter) -> (Option<&'static str>, Option<&'static str>) {
    match delimiter {
        Delimiter::Parenthesis => (Some("("), Some(")")),
        Delimiter::Brace => (Some("{"), Some("}")),
        Delimiter::Bracket => (Some("["), Some("]")),
        Delimiter::None => (None, None),
    }
}
