//! Parsing an element's argument list: event bindings, two-way bindings, attributes and flags.

use super::Parser;
use crate::ast::*;
use crate::lex::*;

impl Parser<'_> {
    pub(super) fn args(&mut self, range: Pos) -> Vec<Arg> {
        let tokens = arg_tokens(self.text, range.clone());
        let mut args = Vec::new();
        let mut i = 0;
        let word = |i: usize| match tokens.get(i) {
            Some((ArgToken::Word, pos)) => Some(Name {
                text: self.text[pos.clone()].to_owned(),
                pos: pos.clone(),
            }),
            _ => None,
        };
        while i < tokens.len() {
            let (kind, pos) = &tokens[i];
            match kind {
                ArgToken::Word if &self.text[pos.clone()] == "on" => {
                    let event = word(i + 1);
                    let arrow = matches!(tokens.get(i + 2), Some((ArgToken::Arrow, _)));
                    let handler = word(i + 3);
                    match (event, arrow, handler) {
                        (Some(event), true, Some(handler)) => {
                            let (handler, call_args) = split_call(handler);
                            let (event, modifiers) = split_modifiers(event);
                            args.push(Arg::On {
                                event,
                                modifiers,
                                handler,
                                args: call_args,
                            });
                            i += 4;
                        }
                        _ => {
                            i = self.malformed_binding(
                                &tokens,
                                i,
                                &range,
                                "an event binding is `on <event> -> <handler>`",
                                "for example `on click -> increment`",
                            );
                        }
                    }
                }
                ArgToken::Word if &self.text[pos.clone()] == "bind" => {
                    let property = word(i + 1);
                    let arrow = matches!(tokens.get(i + 2), Some((ArgToken::TwoWay, _)));
                    let field = word(i + 3);
                    match (property, arrow, field) {
                        (Some(property), true, Some(field)) => {
                            args.push(Arg::Bind { property, field });
                            i += 4;
                        }
                        _ => {
                            i = self.malformed_binding(
                                &tokens,
                                i,
                                &range,
                                "a binding is `bind value <-> <field>`",
                                "for example `bind value <-> name`, or `bind checked <-> done` on a checkbox",
                            );
                        }
                    }
                }
                ArgToken::Word if matches!(tokens.get(i + 1), Some((ArgToken::Equals, _))) => {
                    let name = Name {
                        text: self.text[pos.clone()].to_owned(),
                        pos: pos.clone(),
                    };
                    match tokens.get(i + 2) {
                        Some((ArgToken::Str, value_pos)) => {
                            let mut cursor = Cursor::new(self.text, value_pos.clone());
                            if let Some(value) = self.template(&mut cursor) {
                                args.push(Arg::Attr { name, value });
                            }
                            i += 3;
                        }
                        other => {
                            let at = other.map_or(tokens[i + 1].1.clone(), |t| t.1.clone());
                            let shown = other.map_or("", |t| &self.text[t.1.clone()]);
                            self.diags
                                .error(
                                    at,
                                    format!(
                                        "the value of attribute `{}` must be quoted",
                                        name.text
                                    ),
                                )
                                .help(format!("write `{}=\"{}\"`", name.text, shown));
                            i += if other.is_some() { 3 } else { 2 };
                        }
                    }
                }
                ArgToken::Word => {
                    let text = &self.text[pos.clone()];
                    if !is_attr_name(text) {
                        self.diags
                            .error(pos.clone(), format!("`{text}` is not an attribute name"))
                            .help("arguments are `on <event> -> <handler>`, `bind value <-> <field>`, `name=\"value\"` or a bare attribute name");
                    } else {
                        args.push(Arg::Flag(Name {
                            text: text.to_owned(),
                            pos: pos.clone(),
                        }));
                    }
                    i += 1;
                }
                ArgToken::Arrow | ArgToken::TwoWay | ArgToken::Equals | ArgToken::Str => {
                    self.diags
                        .error(pos.clone(), format!("unexpected `{}` in the argument list", &self.text[pos.clone()]))
                        .help("arguments are `on <event> -> <handler>`, `bind value <-> <field>`, `name=\"value\"` or a bare attribute name");
                    i += 1;
                }
                ArgToken::Unclosed => {
                    self.diags
                        .error(pos.clone(), "unclosed string: missing `\"`")
                        .help("close the value with `\"`");
                    i += 1;
                }
            }
        }
        args
    }
}

impl Parser<'_> {
    /// Reports a malformed `on …` or `bind …` starting at token `i`, over the tokens it should
    /// have spanned, and returns where parsing resumes: the next argument keyword.
    fn malformed_binding(
        &mut self,
        tokens: &[(ArgToken, Pos)],
        i: usize,
        range: &Pos,
        message: &str,
        help: &str,
    ) -> usize {
        let start = tokens[i].1.start;
        let end = tokens
            .get(i + 3)
            .or(tokens.last())
            .map_or(tokens[i].1.end, |t| t.1.end);
        self.diags
            .error(start..end.min(range.end), message)
            .help(help);
        skip_to_next_keyword(tokens, self.text, i + 1)
    }
}

/// `input.debounce(300)` as the event `input` and its modifiers, each with its position.
fn split_modifiers(word: Name) -> (Name, Vec<Modifier>) {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut depth = 0_u32;
    for (at, c) in word.text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                parts.push(start..at);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(start..word.text.len());
    let name = |range: std::ops::Range<usize>| Name {
        text: word.text[range.clone()].to_owned(),
        pos: word.pos.start + range.start..word.pos.start + range.end,
    };
    let mut parts = parts.into_iter();
    let event = name(parts.next().unwrap_or(0..0));
    let modifiers = parts
        .map(|range| {
            let (name, arg) = split_call(name(range));
            let arg = arg.map(|pos| Name {
                text: word.text[pos.start - word.pos.start..pos.end - word.pos.start].to_owned(),
                pos,
            });
            Modifier { name, arg }
        })
        .collect();
    (event, modifiers)
}
