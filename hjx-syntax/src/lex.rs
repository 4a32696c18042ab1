//! Reading inside one line of markup: a cursor over names, classes and strings, the cutting of
//! an argument list into words, and the literals of `state:` lines.
//!
//! The parser (`parse`) decides what lines mean; this module only reads their pieces.

use crate::ast::{Literal, Name, Pos};

/// Splits `name(args)` into the name and the arguments' range.
pub(crate) fn split_call(word: Name) -> (Name, Option<Pos>) {
    match word.text.find('(') {
        Some(open) if word.text.ends_with(')') => {
            let name = Name {
                text: word.text[..open].to_owned(),
                pos: word.pos.start..word.pos.start + open,
            };
            (name, Some(word.pos.start + open + 1..word.pos.end - 1))
        }
        _ => (word, None),
    }
}

/// Skips past a malformed argument to the next `on` or `bind` or attribute-looking word.
pub(crate) fn skip_to_next_keyword(tokens: &[(ArgToken, Pos)], text: &str, from: usize) -> usize {
    (from..tokens.len())
        .find(|&i| {
            matches!(tokens[i].0, ArgToken::Word)
                && matches!(&text[tokens[i].1.clone()], "on" | "bind")
        })
        .unwrap_or(tokens.len())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ArgToken {
    Word,
    Arrow,
    TwoWay,
    Equals,
    Str,
    Unclosed,
}

/// Cuts an argument list into words, `->`, `<->`, `=` and quoted strings.
pub(crate) fn arg_tokens(text: &str, range: Pos) -> Vec<(ArgToken, Pos)> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = range.start;
    while i < range.end {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if bytes[i..range.end].starts_with(b"<->") {
            tokens.push((ArgToken::TwoWay, i..i + 3));
            i += 3;
        } else if bytes[i..range.end].starts_with(b"->") {
            tokens.push((ArgToken::Arrow, i..i + 2));
            i += 2;
        } else if c == b'=' {
            tokens.push((ArgToken::Equals, i..i + 1));
            i += 1;
        } else if c == b'"' {
            let mut j = i + 1;
            while j < range.end && bytes[j] != b'"' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            if j < range.end {
                tokens.push((ArgToken::Str, i..j + 1));
                i = j + 1;
            } else {
                tokens.push((ArgToken::Unclosed, i..range.end));
                i = range.end;
            }
        } else {
            let start = i;
            while i < range.end {
                let c = bytes[i];
                // `remove(todo.id, 2)` is one word, spaces and all.
                if c == b'(' {
                    match matching_paren(text, i, range.end) {
                        Some(close) => {
                            i = close + 1;
                            continue;
                        }
                        None => {
                            i = range.end;
                            break;
                        }
                    }
                }
                // Bytes, not `str`: `i` may stand inside a multi-byte character.
                if c.is_ascii_whitespace()
                    || c == b'='
                    || c == b'"'
                    || bytes[i..range.end].starts_with(b"->")
                    || bytes[i..range.end].starts_with(b"<->")
                {
                    break;
                }
                i += 1;
            }
            tokens.push((ArgToken::Word, start..i));
        }
    }
    tokens
}

/// The offset of the `)` that closes the `(` at `open`, minding quoted strings.
pub fn matching_paren(text: &str, open: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0;
    let mut i = open;
    while i < end {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < end && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset of the `=` that separates a field's type from its value.
pub(crate) fn find_assign(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut depth = 0i32;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' | b'(' | b'[' => depth += 1,
            b'>' if i > 0 && bytes[i - 1] == b'-' => {}
            b'>' | b')' | b']' => depth -= 1,
            b'=' if depth <= 0 => {
                let next = bytes.get(i + 1).copied();
                let prev = i.checked_sub(1).map(|p| bytes[p]);
                if next != Some(b'=')
                    && next != Some(b'>')
                    && !matches!(prev, Some(b'=' | b'!' | b'<' | b'>'))
                {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The first lone `=` (not `==`, `=>`, `<=`, `>=`, `!=`), brackets or not: the fallback for a
/// malformed type, so that the type itself is reported.
pub(crate) fn find_any_assign(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    (0..bytes.len()).find(|&i| {
        bytes[i] == b'='
            && bytes.get(i + 1).is_none_or(|b| !matches!(b, b'=' | b'>'))
            && (i == 0 || !matches!(bytes[i - 1], b'=' | b'!' | b'<' | b'>'))
    })
}

/// Parses a `state:` literal.
pub(crate) fn literal(text: &str, pos: Pos) -> Result<Literal, (Pos, String)> {
    let s = &text[pos.clone()];
    let trimmed = s.trim();
    let pos = pos.start + (s.len() - s.trim_start().len())
        ..pos.start + (s.len() - s.trim_start().len()) + trimmed.len();
    if trimmed == "true" || trimmed == "false" {
        return Ok(Literal::Bool(trimmed == "true", pos));
    }
    if trimmed.starts_with('"') {
        let mut cursor = Cursor::new(text, pos.clone());
        let (value, value_pos) = cursor
            .string()
            .map_err(|err| (err, "unclosed string: missing `\"`".to_owned()))?;
        cursor.spaces();
        if !cursor.at_end() {
            return Err((
                cursor.offset()..pos.end,
                "unexpected text after the string".to_owned(),
            ));
        }
        return Ok(Literal::Str(value, value_pos));
    }
    if let Some(inner) = trimmed.strip_prefix('[') {
        let Some(inner) = inner.strip_suffix(']') else {
            return Err((pos, "unclosed list: missing `]`".to_owned()));
        };
        let inner_start = pos.start + 1;
        let mut items = Vec::new();
        for item in split_top_level(inner) {
            let item_pos = inner_start + item.start..inner_start + item.end;
            if text[item_pos.clone()].trim().is_empty() {
                continue;
            }
            let lit = literal(text, item_pos)?;
            if matches!(lit, Literal::List(..)) {
                return Err((
                    lit.pos().clone(),
                    "nested lists cannot be inferred".to_owned(),
                ));
            }
            items.push(lit);
        }
        return Ok(Literal::List(items, pos));
    }
    let digits = trimmed.strip_prefix('-').unwrap_or(trimmed);
    let numeric = !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '_' | '.' | 'e' | 'E' | '+' | '-'));
    if numeric {
        return Ok(if digits.contains(['.', 'e', 'E']) {
            Literal::Float(trimmed.to_owned(), pos)
        } else {
            Literal::Int(trimmed.to_owned(), pos)
        });
    }
    Err((pos, format!("cannot infer a type from `{trimmed}`")))
}

/// The offsets of the bytes of `s` that stand at the top level: outside strings and brackets.
pub(crate) fn top_level(s: &str) -> Vec<usize> {
    let bytes = s.as_bytes();
    let mut found = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'[' | b'(' | b'{' => depth += 1,
            b']' | b')' | b'}' => depth -= 1,
            _ if depth == 0 => found.push(i),
            _ => {}
        }
        i += 1;
    }
    found
}

/// Splits a list's (or a call's) inside on top-level commas, minding strings and brackets: the
/// byte range of each item in `s`.
pub fn split_top_level(s: &str) -> Vec<Pos> {
    let mut items = Vec::new();
    let mut start = 0;
    for i in top_level(s) {
        if s.as_bytes()[i] == b',' {
            items.push(start..i);
            start = i + 1;
        }
    }
    items.push(start..s.len());
    items
}

/// The offset of `word` standing alone at the top level (not inside a longer name, a string
/// or brackets).
pub(crate) fn find_word(text: &str, word: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let is_name = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    // Bytes, not `str`: a top-level offset may stand inside a multi-byte character.
    top_level(text).into_iter().find(|&i| {
        bytes[i..].starts_with(word.as_bytes())
            && !is_name(i.checked_sub(1).and_then(|j| bytes.get(j)))
            && !is_name(bytes.get(i + word.len()))
    })
}

/// A reading position inside one line.
pub(crate) struct Cursor<'a> {
    text: &'a str,
    at: usize,
    end: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(text: &'a str, pos: Pos) -> Cursor<'a> {
        Cursor {
            text,
            at: pos.start,
            end: pos.end,
        }
    }

    pub(crate) fn offset(&self) -> usize {
        self.at
    }

    pub(crate) fn set(&mut self, at: usize) {
        self.at = at;
    }

    pub(crate) fn at_end(&self) -> bool {
        self.at >= self.end
    }

    pub(crate) fn peek(&self) -> Option<char> {
        self.text[self.at..self.end].chars().next()
    }

    pub(crate) fn peek_at(&self, n: usize) -> Option<char> {
        self.text[self.at..self.end].chars().nth(n)
    }

    pub(crate) fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    pub(crate) fn spaces(&mut self) {
        while self.peek().is_some_and(|c| c == ' ' || c == '\t') {
            self.at += 1;
        }
    }

    pub(crate) fn take_while(&mut self, mut keep: impl FnMut(char, Option<char>) -> bool) -> Name {
        let start = self.at;
        while let Some(c) = self.peek() {
            if !keep(c, self.peek_at(1)) {
                break;
            }
            self.at += c.len_utf8();
        }
        Name {
            text: self.text[start..self.at].to_owned(),
            pos: start..self.at,
        }
    }

    pub(crate) fn ident(&mut self) -> Option<Name> {
        if !self
            .peek()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        {
            return None;
        }
        Some(self.take_while(|c, _| c.is_ascii_alphanumeric() || c == '_'))
    }

    pub(crate) fn tag(&mut self) -> Option<Name> {
        if !self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        Some(self.take_while(|c, _| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    }

    /// A class name in Tailwind's characters: `md:grid-cols-2`, `hover:bg-primary/90`,
    /// `space-y-1.5`, `w-[10px]`. A `:` continues the class only when a class character follows
    /// (so a line's closing `:` is not taken), and a `.` only when a digit follows (a class
    /// cannot start with a digit, so `.5` is not a new class).
    pub(crate) fn class(&mut self) -> Name {
        self.take_while(|c, next| match c {
            ':' => next.is_some_and(|n| is_class_char(n) && n != ':'),
            '.' => next.is_some_and(|n| n.is_ascii_digit()),
            c => is_class_char(c),
        })
    }

    /// A double-quoted string: its value and the literal's position, quotes included.
    pub(crate) fn string(&mut self) -> Result<(String, Pos), Pos> {
        let (value, _, pos) = self.string_with_map()?;
        Ok((value, pos))
    }

    /// A double-quoted string, with the source offset of each byte of its value (and one past
    /// the end), so that a position inside the value maps back to the markup.
    pub(crate) fn string_with_map(&mut self) -> Result<(String, Vec<usize>, Pos), Pos> {
        let start = self.at;
        self.eat('"');
        let mut value = String::new();
        let mut map = Vec::new();
        loop {
            let here = self.at;
            let Some(c) = self.peek() else {
                return Err(start..self.end);
            };
            self.at += c.len_utf8();
            let decoded = match c {
                '"' => break,
                '\\' => {
                    let Some(e) = self.peek() else {
                        return Err(start..self.end);
                    };
                    self.at += e.len_utf8();
                    match e {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        '0' => '\0',
                        'u' if self.peek() == Some('{') => {
                            let close = self.text[self.at..self.end].find('}').map(|i| self.at + i);
                            let code = close
                                .and_then(|close| {
                                    u32::from_str_radix(&self.text[self.at + 1..close], 16).ok()
                                })
                                .and_then(char::from_u32);
                            match (close, code) {
                                (Some(close), Some(code)) => {
                                    self.at = close + 1;
                                    code
                                }
                                _ => 'u',
                            }
                        }
                        other => other,
                    }
                }
                c => c,
            };
            for _ in 0..decoded.len_utf8() {
                map.push(here);
            }
            value.push(decoded);
        }
        map.push(self.at - 1);
        Ok((value, map, start..self.at))
    }
}

pub(crate) fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

pub(crate) fn is_class_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | ':' | '[' | ']' | '%' | '!')
}

pub(crate) fn is_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Rust keywords, which cannot name a field or handler.
pub(crate) const KEYWORDS: [&str; 38] = [
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use",
    "where", "while", "yield",
];

pub(crate) fn is_field_name(s: &str) -> bool {
    is_ident(s)
        && !s.starts_with(|c: char| c.is_ascii_uppercase())
        && !s.starts_with("__")
        && !KEYWORDS.contains(&s)
}

pub(crate) fn is_attr_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '@' || c == ':')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.' | '@'))
}

/// The 1-based line number of an offset.
pub(crate) fn line_number(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

pub(crate) fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

pub(crate) fn lines_first(text: &str) -> Pos {
    let start = text.len() - text.trim_start().len();
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    start..end
}
