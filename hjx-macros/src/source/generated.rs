//! The generated copy of a `.hjx` file: its Rust pieces at their own lines and columns.
//!
//! A proc macro cannot give a token a span in a file rustc has not read, but rustc reads any
//! file an `include!` names. So once a file's markup has expanded without error, its expansion
//! writes a copy of the file under the target directory and becomes an `include!` of that copy.
//! The copy is one invocation of the hidden macro `include_hjx_spanned!`, laid out so that
//! every character stands at the line and column it has in the `.hjx` file:
//!
//! - line 1 holds the invocation's opening (the markup's first line, a `component` line or a
//!   comment, holds no Rust; a piece there would keep the span of the copy's nearest token);
//! - every Rust piece the first expansion asked for is copied as written;
//! - the markup's other words are copied where they are harmless Rust tokens (names, numbers,
//!   punctuation, balanced brackets, plain string literals), so rustc shows a line that reads
//!   like the file's; anything else becomes spaces;
//! - after the last line come the file's path, its name as messages show it, and its whole
//!   text, so the second expansion parses exactly the text the copy was made from.
//!
//! The copy's path is content-addressed (`<target>/hjx/<package>-<hash>/out/<path>`, ending in
//! the file's own path in its package) and written through a temporary file and a rename, so
//! builds running side by side never see a half-written copy, and an unchanged copy is never
//! rewritten (which would make cargo rebuild the crate every time). When no target directory is
//! found or the copy cannot be written, the file's first expansion stands: it compiles the same
//! component, with rustc's errors at the include's path.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, LineColumn, Span, TokenStream, TokenTree};
use quote::quote;

use super::{Kind, Pos, Source};

/// The path of the hidden macro that expands a generated copy, opening its first line.
const OPENING: &str = "::hjx_runtime::__private::v1::include_hjx_spanned! {(";

impl Source {
    /// For a `.hjx` file whose markup expanded without error: writes its generated copy and
    /// returns the `include!` of it; `None` when the copy cannot be made or written.
    pub(crate) fn include_generated(&self) -> Option<TokenStream> {
        let Kind::File { path, pieces, .. } = &self.kind else {
            return None;
        };
        // rust-analyzer does not read files under the target directory: it keeps the first
        // expansion, which it understands as before.
        if std::env::var_os("RUST_ANALYZER_INTERNALS_DO_NOT_USE").is_some() {
            return None;
        }
        let full = self.dir.join(Path::new(path).file_name()?);
        let full = full.canonicalize().unwrap_or(full);
        let contents = contents(&self.text, &pieces.borrow(), full.to_str()?, path)?;
        let copy = write(&full, &contents)?;
        let copy = copy.to_str()?;
        Some(quote!(::core::include!(#copy);))
    }

    /// Reads the input of `include_hjx_spanned!` back: the copy's tokens, the `.hjx` file's
    /// path, its name in messages and its text. Returns the source and the file's path.
    pub(crate) fn generated(input: TokenStream) -> syn::Result<(Source, PathBuf)> {
        let mut trees = input.into_iter();
        let tokens = match trees.next() {
            Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Parenthesis => {
                group.stream()
            }
            _ => {
                return Err(syn::Error::new(
                    Span::call_site(),
                    "`include_hjx_spanned!` reads the copy of a `.hjx` file that `include_hjx!` writes; use `include_hjx!`",
                ));
            }
        };
        let (file, path, text) = syn::parse::Parser::parse2(
            |input: syn::parse::ParseStream<'_>| {
                Ok((
                    input.parse::<syn::LitStr>()?,
                    input.parse::<syn::LitStr>()?,
                    input.parse::<syn::LitStr>()?,
                ))
            },
            trees.collect(),
        )?;
        let (file, text) = (PathBuf::from(file.value()), text.value());
        let lines = line_starts(&text);
        let mut spans = Vec::new();
        place(tokens.clone(), &text, &lines, &mut spans);
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let source = Source {
            text,
            dir,
            kind: Kind::Generated {
                path: path.value(),
                tokens,
                spans,
            },
        };
        Ok((source, file))
    }

    /// Generated code is spanned at the macro's call site, which for the copy is the whole
    /// invocation, its opening line and trailing text included: rustc would show all of it
    /// under a note such as "method defined here". Such tokens (the only ones on line 1) move
    /// to the copy's first token, the top of the component, and keep how they resolve.
    pub(crate) fn locate_call_site(&self, code: TokenStream) -> TokenStream {
        match &self.kind {
            Kind::Generated { spans, .. } => match spans.first() {
                Some(&(_, top)) => super::map_spans(code, &|span: Span| {
                    if span.start().line == 1 {
                        span.located_at(top)
                    } else {
                        span
                    }
                }),
                None => code,
            },
            _ => code,
        }
    }
}

/// Whether two token streams hold the same tokens (spacing and spans aside).
pub(super) fn same_tokens(a: &TokenStream, b: &TokenStream) -> bool {
    fn shape(tokens: TokenStream, out: &mut Vec<String>) {
        for tree in tokens {
            match tree {
                TokenTree::Group(group) => {
                    out.push(format!("{:?}", group.delimiter()));
                    shape(group.stream(), out);
                    out.push(String::new());
                }
                TokenTree::Punct(punct) => out.push(punct.as_char().to_string()),
                other => out.push(other.to_string()),
            }
        }
    }
    let (mut left, mut right) = (Vec::new(), Vec::new());
    shape(a.clone(), &mut left);
    shape(b.clone(), &mut right);
    left == right
}

/// The byte offset where each line of `text` starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// The byte offset in `text` of a line and column (1-based line, column in characters).
fn offset(text: &str, lines: &[usize], at: LineColumn) -> usize {
    let Some(&start) = at.line.checked_sub(1).and_then(|line| lines.get(line)) else {
        return text.len();
    };
    let line = &text[start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    start
        + line
            .char_indices()
            .nth(at.column)
            .map_or(line.len(), |(i, _)| i)
}

/// Records each token's text range in layout order, as [`super::collect_trees`] walks them:
/// one entry per leaf, two per delimited group.
fn place(tokens: TokenStream, text: &str, lines: &[usize], out: &mut Vec<(Pos, Span)>) {
    let range = |span: Span| offset(text, lines, span.start())..offset(text, lines, span.end());
    for tree in tokens {
        match tree {
            TokenTree::Group(group) if group.delimiter() == Delimiter::None => {
                place(group.stream(), text, lines, out);
            }
            TokenTree::Group(group) => {
                out.push((range(group.span_open()), group.span_open()));
                place(group.stream(), text, lines, out);
                out.push((range(group.span_close()), group.span_close()));
            }
            leaf => out.push((range(leaf.span()), leaf.span())),
        }
    }
}

/// The generated copy of `text`: the hidden macro's invocation with the Rust `pieces` and the
/// harmless words at their lines and columns, then the file's path, name and text. `None` when
/// the result would not read as Rust tokens.
fn contents(text: &str, pieces: &[Pos], file: &str, name: &str) -> Option<String> {
    let first_line_end = text.find('\n')?;
    let pieces: Vec<Pos> = pieces
        .iter()
        .filter(|piece| piece.start > first_line_end)
        .cloned()
        .collect();
    let body = body(&text[first_line_end..], first_line_end, &pieces);
    body.parse::<TokenStream>().ok()?;
    let hashes = "#".repeat(longest_hash_run(text) + 1);
    Some(format!(
        "{OPENING}{body}\n) {file:?} {name:?} r{hashes}\"{text}\"{hashes}\n}}\n"
    ))
}

/// The longest run of `#` after a `"` in `text`, so that a raw string can hold it.
fn longest_hash_run(text: &str) -> usize {
    text.split('"')
        .skip(1)
        .map(|after| after.chars().take_while(|c| *c == '#').count())
        .max()
        .unwrap_or(0)
}

/// How the generated copy spells `text` (which starts at byte `base` of the file): the
/// `pieces` (file byte ranges) as written, the markup's harmless words as written, everything
/// else as spaces, character for character so that every line and column stays where it is.
fn body(text: &str, base: usize, pieces: &[Pos]) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let in_piece: Vec<bool> = chars
        .iter()
        .map(|(i, _)| pieces.iter().any(|p| p.contains(&(base + i))))
        .collect();
    let mut out: Vec<char> = chars
        .iter()
        .map(|&(_, c)| {
            if matches!(c, '\n' | '\t' | '\r') {
                c
            } else {
                ' '
            }
        })
        .collect();
    let char_at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let piece_at = |i: usize| in_piece.get(i).copied().unwrap_or(false);
    let word_char = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    // Brackets of the markup kept so far and not yet closed: (index, closing bracket).
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut line_start = true;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if in_piece[i] {
            out[i] = c;
            line_start = false;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            line_start |= c == '\n';
            i += 1;
            continue;
        }
        if std::mem::take(&mut line_start) && c == '#' {
            // A comment line: nothing of it is copied.
            while i < chars.len() && !in_piece[i] && chars[i].1 != '\n' {
                i += 1;
            }
            continue;
        }
        let touches_piece = i > 0 && piece_at(i - 1);
        match c {
            'A'..='Z' | 'a'..='z' | '_' | '0'..='9' => {
                let end = (i..chars.len())
                    .find(|&j| piece_at(j) || !word_char(char_at(j)))
                    .unwrap_or(chars.len());
                // A number followed by letters or a dot may not be a Rust literal (`0x`, `1e`,
                // `1.5e`); a word against a piece would merge with it.
                let number_ok = !c.is_ascii_digit()
                    || (chars[i..end]
                        .iter()
                        .all(|(_, c)| c.is_ascii_digit() || *c == '_')
                        && char_at(end) != Some('.'));
                if number_ok && !touches_piece && !piece_at(end) {
                    for j in i..end {
                        out[j] = chars[j].1;
                    }
                }
                i = end;
            }
            '"' => {
                // A plain string on one line, with no piece, escape or carriage return in it.
                let close = (i + 1..chars.len())
                    .take_while(|&j| !piece_at(j) && !matches!(chars[j].1, '\\' | '\n' | '\r'))
                    .find(|&j| chars[j].1 == '"');
                match close {
                    Some(close)
                        if !word_char(i.checked_sub(1).and_then(|j| out.get(j).copied()))
                            && !word_char(char_at(close + 1))
                            && !piece_at(close + 1) =>
                    {
                        for j in i..=close {
                            out[j] = chars[j].1;
                        }
                        i = close + 1;
                    }
                    _ => i += 1,
                }
            }
            '(' | '[' | '{' => {
                out[i] = c;
                open.push((i, closing(c)));
                i += 1;
            }
            ')' | ']' | '}' => {
                if open.last().is_some_and(|&(_, close)| close == c) {
                    open.pop();
                    out[i] = c;
                }
                i += 1;
            }
            // `.` after a piece could continue its number (`1` then `.5`).
            '.' if touches_piece => i += 1,
            '!' | '$' | '%' | '&' | '*' | '+' | ',' | '-' | '.' | ':' | ';' | '<' | '=' | '>'
            | '?' | '@' | '^' | '|' | '~' => {
                out[i] = c;
                i += 1;
            }
            // `#`, `/`, `'`, `\`, a backquote or any other character: not copied.
            _ => i += 1,
        }
    }
    for (i, _) in open {
        out[i] = ' ';
    }
    out.into_iter().collect()
}

fn closing(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

/// Writes `contents`, the copy of the `.hjx` file `file`, at its content-addressed path under
/// the target directory, unless it is there already; returns that path.
fn write(file: &Path, contents: &str) -> Option<PathBuf> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    contents.hash(&mut hasher);
    let package = std::env::var("CARGO_PKG_NAME").unwrap_or_else(|_| "hjx".to_owned());
    let copy = target_dir()?
        .join("hjx")
        .join(format!("{package}-{:016x}", hasher.finish()))
        .join("out")
        .join(relative(file)?);
    if copy.is_file() {
        return Some(copy);
    }
    std::fs::create_dir_all(copy.parent()?).ok()?;
    static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let count = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temporary = copy.with_extension(format!("{}-{count}.tmp", std::process::id()));
    std::fs::write(&temporary, contents).ok()?;
    if std::fs::rename(&temporary, &copy).is_err() {
        // Another build may have put the same copy in place first.
        let _ = std::fs::remove_file(&temporary);
    }
    copy.is_file().then_some(copy)
}

/// The file's path inside its package (or the directory rustc runs in), else its name.
fn relative(file: &Path) -> Option<PathBuf> {
    let bases = [
        std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
        std::env::current_dir().ok(),
    ];
    bases
        .into_iter()
        .flatten()
        .filter_map(|base| base.canonicalize().ok())
        .find_map(|base| file.strip_prefix(base).ok().map(Path::to_path_buf))
        .or_else(|| file.file_name().map(PathBuf::from))
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set, else the `target` directory (marked
/// by the `CACHEDIR.TAG` cargo writes) beside the workspace or the package.
fn target_dir() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(cwd.join(dir));
    }
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    std::iter::once(cwd.as_path())
        .chain(manifest.iter().flat_map(|dir| dir.ancestors()))
        .map(|dir| dir.join("target"))
        .find(|dir| dir.join("CACHEDIR.TAG").is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(text: &str, pieces: &[&str]) -> String {
        let start = text.find('\n').expect("two lines");
        let pieces: Vec<Pos> = pieces
            .iter()
            .map(|piece| {
                let at = start + text[start..].find(piece).expect("piece in text");
                at..at + piece.len()
            })
            .collect();
        body(&text[start..], start, &pieces)
    }

    #[test]
    fn pieces_and_plain_words_keep_their_columns() {
        let text = "component Poll\n  set my_vote = id\n    text: \"Votes: {{count + 1}}\"\n";
        let body = copy(text, &["id", "count + 1"]);
        assert_eq!(
            body,
            "\n  set my_vote = id\n    text:  Votes: {{count + 1}} \n"
        );
    }

    #[test]
    fn what_rust_would_misread_becomes_spaces() {
        let text = "component X\n# a comment: it's\n  it's 0x1f, 1.5e, `code` \\ ) (\n  p: \"a \\\" b\" 'c' é/d\n";
        let body = copy(text, &[]);
        assert_eq!(
            body,
            "\n                 \n  it s     ,  .  ,  code       \n  p:  a  \" b\"  c    d\n"
        );
        for (copied, line) in body
            .split('\n')
            .zip(text[text.find('\n').unwrap_or(0)..].split('\n'))
        {
            assert_eq!(copied.chars().count(), line.chars().count());
        }
        assert!(body.parse::<TokenStream>().is_ok());
    }

    #[test]
    fn plain_strings_and_balanced_brackets_stay() {
        let text = "component X\n  button (on click -> save): \"Save it\"\n";
        let body = copy(text, &[]);
        assert_eq!(body, "\n  button (on click -> save): \"Save it\"\n");
    }

    #[test]
    fn a_word_against_a_piece_is_not_copied() {
        let text = "component X\n  p: word_PIECE1 2PIECE2.5 \"s\"PIECE3\n";
        let body = copy(text, &["PIECE1", "PIECE2", "PIECE3"]);
        assert_eq!(body, "\n  p:      PIECE1  PIECE2 5  s PIECE3\n");
    }

    #[test]
    fn the_second_expansion_finds_each_piece_at_its_line_and_column() {
        let text = "component Poll\n\nhandlers:\n  vote(id: u64):\n    set my_vote = id + 1\n";
        let start = text.find("id + 1").expect("piece");
        let piece = start..start + "id + 1".len();
        let contents = contents(
            text,
            std::slice::from_ref(&piece),
            "/x/Poll.hjx",
            "Poll.hjx",
        )
        .expect("contents");
        let invocation: TokenStream = contents.parse().expect("the copy reads as Rust");
        let Some(TokenTree::Group(input)) = invocation.into_iter().last() else {
            panic!("the copy is one macro invocation");
        };
        let (source, file) = Source::generated(input.stream()).expect("input");
        assert_eq!(file, PathBuf::from("/x/Poll.hjx"));
        assert_eq!(source.text, text);
        let tokens = source.tokens(&piece).expect("tokens");
        assert_eq!(tokens.to_string(), "id + 1");
        let at: Vec<(usize, usize)> = tokens
            .into_iter()
            .map(|token| (token.span().start().line, token.span().start().column))
            .collect();
        assert_eq!(at, [(5, 18), (5, 21), (5, 23)]);
        // A markup word has its token too, so a span at it lands on the file's line.
        let vote = text.find("vote").expect("vote");
        assert_eq!(source.span(&(vote..vote + 4)).start().line, 4);
    }

    #[test]
    fn a_raw_string_fence_outruns_the_text() {
        assert_eq!(longest_hash_run("a \"## b \"# c"), 2);
        let contents =
            contents("component X\n  p: \"#\"\n", &[], "/x/X.hjx", "X.hjx").expect("contents");
        assert!(contents.starts_with(OPENING));
        assert!(
            contents.ends_with(") \"/x/X.hjx\" \"X.hjx\" r##\"component X\n  p: \"#\"\n\"##\n}\n")
        );
    }
}
