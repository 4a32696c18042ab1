//! Parsing the `layout:` section: elements, their arguments and text, and `if` chains.

use super::{Block, Parser};
use crate::ast::*;
use crate::lex::*;

impl<'a> Parser<'a> {
    pub(super) fn nodes(&mut self, blocks: Vec<Block>) -> Vec<Node> {
        let mut nodes: Vec<Node> = Vec::new();
        // Whether the last node is an `if` that may still take an `else if` or `else`.
        let mut open_if = false;
        for block in blocks {
            let pos = block.line.pos.clone();
            let content = self.at(&pos);
            let word = content
                .split(|c: char| !c.is_ascii_alphanumeric())
                .next()
                .unwrap_or("");
            match word {
                "if" => {
                    if let Some(branch) = self.branch(block, "if".len()) {
                        nodes.push(Node::If(If {
                            branches: vec![branch],
                        }));
                        open_if = true;
                    }
                }
                "else" => {
                    let rest = content["else".len()..].trim_start();
                    let is_else_if = rest.starts_with("if")
                        && !rest[2..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
                    let keyword_len = if is_else_if {
                        content.len() - rest.len() + 2
                    } else {
                        "else".len()
                    };
                    let keyword = pos.start..pos.start + keyword_len;
                    let Some(Node::If(if_node)) = nodes.last_mut().filter(|_| open_if) else {
                        let what = if is_else_if { "else if" } else { "else" };
                        let message = if nodes.last().is_some_and(|n| matches!(n, Node::If(_))) {
                            format!("`{what}` after `else:`: the `else:` branch must come last")
                        } else {
                            format!("`{what}` without `if`")
                        };
                        self.diags.error(keyword, message).help(
                            "an `else` follows an `if (condition):` block at the same indentation",
                        );
                        continue;
                    };
                    let branch = if is_else_if {
                        self.branch(block, keyword_len)
                    } else {
                        self.else_branch(block, keyword)
                    };
                    if let Some(branch) = branch {
                        open_if = branch.condition.is_some();
                        if_node.branches.push(branch);
                    }
                }
                _ => {
                    open_if = false;
                    if let Some(node) = self.node(block) {
                        nodes.push(node);
                    }
                }
            }
        }
        nodes
    }

    /// `if (cond):` or `else if (cond):`, whose keyword is `keyword_len` bytes long.
    pub(super) fn branch(&mut self, block: Block, keyword_len: usize) -> Option<Branch> {
        let pos = block.line.pos.clone();
        let mut cursor = Cursor::new(self.text, pos.start + keyword_len..pos.end);
        cursor.spaces();
        let keyword = self.text[pos.start..pos.start + keyword_len].to_owned();
        let shape = || {
            format!(
                "a condition is written `{keyword} (condition):`, such as `{keyword} (count > 0):`"
            )
        };
        if cursor.peek() != Some('(') {
            self.diags
                .error(pos.clone(), format!("expected `(` after `{keyword}`"))
                .help(shape());
            return None;
        }
        let open = cursor.offset();
        let Some(close) = matching_paren(self.text, open, pos.end) else {
            self.diags
                .error(open..open + 1, "unclosed `(`")
                .help(shape());
            return None;
        };
        cursor.set(close + 1);
        cursor.spaces();
        if !cursor.eat(':')
            || !{
                cursor.spaces();
                cursor.at_end()
            }
        {
            self.diags
                .error(
                    close + 1..pos.end.max(close + 1),
                    format!("expected `:` after `{keyword} (…)`"),
                )
                .help(shape());
            return None;
        }
        let condition = open + 1..close;
        if self.at(&condition).trim().is_empty() {
            self.diags
                .error(open..close + 1, "empty condition")
                .help(shape());
            return None;
        }
        let nodes = self.nodes(block.children);
        Some(Branch {
            condition: Some(condition),
            nodes,
        })
    }

    pub(super) fn else_branch(&mut self, block: Block, keyword: Pos) -> Option<Branch> {
        let pos = block.line.pos.clone();
        let rest = self.text[keyword.end..pos.end].trim();
        if rest != ":" {
            self.diags
                .error(pos, "expected `else:`")
                .help("`else` stands alone with a colon; for another condition write `else if (condition):`");
            return None;
        }
        let nodes = self.nodes(block.children);
        Some(Branch {
            condition: None,
            nodes,
        })
    }

    pub(super) fn node(&mut self, block: Block) -> Option<Node> {
        let pos = block.line.pos.clone();
        let mut cursor = Cursor::new(self.text, pos.clone());
        let Some(tag) = cursor.tag() else {
            let d = self.diags.error(
                pos.clone(),
                "expected an element such as `view`, `text` or `button`",
            );
            if self.text[pos.clone()].starts_with('"') {
                d.help("text goes after an element and a colon: `text: \"…\"`");
            }
            return None;
        };
        if tag.text == "for" {
            self.diags
                .error(tag.pos.clone(), "`for` blocks are not supported yet")
                .help(
                    "render a list's text with `{{ }}` for now, such as `{{items.join(\", \")}}`",
                );
            return None;
        }
        let mut id = None;
        let mut classes = Vec::new();
        loop {
            let save = cursor.offset();
            cursor.spaces();
            if cursor.peek() == Some('#') && cursor.peek_at(1).is_some_and(is_name_char) {
                cursor.eat('#');
                let name = cursor.take_while(|c, _| is_name_char(c));
                if id.is_some() {
                    self.diags
                        .error(name.pos.clone(), "an element has at most one `#id`")
                        .help("remove one of the ids");
                }
                id = Some(name);
                continue;
            }
            cursor.set(save);
            if cursor.peek() == Some('.') {
                cursor.eat('.');
                let class = cursor.class();
                if class.text.is_empty() {
                    self.diags
                        .error(cursor.offset() - 1..cursor.offset(), "expected a class name after `.`")
                        .help("class names use letters, digits and `_ - / :`; write other characters in `class=\"…\"`");
                    return None;
                }
                classes.push(class);
                continue;
            }
            break;
        }
        cursor.spaces();
        let mut args = Vec::new();
        if cursor.peek() == Some('(') {
            let open = cursor.offset();
            match matching_paren(self.text, open, pos.end) {
                Some(close) => {
                    args = self.args(open + 1..close);
                    cursor.set(close + 1);
                }
                None => {
                    self.diags
                        .error(open..open + 1, "unclosed `(`")
                        .help("close the argument list with `)`");
                    return None;
                }
            }
        }
        cursor.spaces();
        let opens = cursor.eat(':');
        cursor.spaces();
        let mut content = Content::Empty;
        if cursor.peek() == Some('"') {
            if !opens {
                self.diags
                    .error(cursor.offset()..pos.end, "text needs a `:` before it")
                    .help(format!("write `{}: \"…\"`", tag.text));
            }
            let template_start = cursor.offset();
            match self.template(&mut cursor) {
                Some(template) => content = Content::Text(template),
                None => return None,
            }
            cursor.spaces();
            if !cursor.at_end() {
                self.diags
                    .error(
                        cursor.offset()..pos.end,
                        "unexpected text after the element's text",
                    )
                    .help(
                        "an element's text is one quoted string; put `{{ }}` inside it for values",
                    );
            }
            if let Some(child) = block.children.first() {
                self.diags
                    .error(
                        child.line.pos.clone(),
                        format!("`{}` has text, so it cannot have children", tag.text),
                    )
                    .help(format!(
                        "move the text into a child: `text: {}`",
                        &self.text[template_start..pos.end]
                    ));
            }
        } else if !cursor.at_end() {
            let rest = cursor.offset()..pos.end;
            let d = self.diags.error(
                rest.clone(),
                format!("unexpected `{}` in an element line", self.at(&rest)),
            );
            d.help("an element line is `tag#id.class (args)` followed by `:` and children, or by `: \"text\"`");
            return None;
        } else if !block.children.is_empty() {
            if !opens {
                self.diags
                    .error(
                        pos.clone(),
                        format!(
                            "`{}` has indented children but no `:`",
                            &self.text[pos.clone()]
                        ),
                    )
                    .help(format!(
                        "end the line with a colon: `{}:`",
                        &self.text[pos.clone()]
                    ));
            }
            content = Content::Children(self.nodes(block.children));
        } else if opens {
            // `view:` with nothing under it is an empty element.
        }
        Some(Node::Element(Element {
            tag,
            id,
            classes,
            args,
            content,
            line: pos,
        }))
    }

    pub(super) fn template(&mut self, cursor: &mut Cursor<'a>) -> Option<Template> {
        match cursor.string_with_map() {
            Ok((value, map, pos)) => self.template_parts(&value, &map, pos),
            Err(err) => {
                self.diags
                    .error(err, "unclosed string: missing `\"`")
                    .help("close the text with `\"`");
                None
            }
        }
    }

    /// Splits a string's value into text and `{{ expr }}` parts.
    pub(super) fn template_parts(
        &mut self,
        value: &str,
        map: &[usize],
        pos: Pos,
    ) -> Option<Template> {
        let mut parts = Vec::new();
        let mut rest = 0;
        let mut ok = true;
        while let Some(open) = value[rest..].find("{{").map(|i| rest + i) {
            if open > rest {
                parts.push(Part::Text(value[rest..open].to_owned()));
            }
            let Some(close) = value[open + 2..].find("}}").map(|i| open + 2 + i) else {
                self.diags
                    .error(map[open]..map[open + 2], "unclosed `{{` in text")
                    .help("close the expression with `}}`");
                ok = false;
                rest = value.len();
                break;
            };
            let expr = &value[open + 2..close];
            let expr_pos = map[open + 2]..map[close];
            if expr.trim().is_empty() {
                self.diags
                    .error(map[open]..map[close + 2], "empty `{{ }}`")
                    .help("put a Rust expression over the component's fields inside, such as `{{count}}`");
                ok = false;
            } else {
                parts.push(Part::Expr(expr.to_owned(), expr_pos));
            }
            rest = close + 2;
        }
        if rest < value.len() {
            parts.push(Part::Text(value[rest..].to_owned()));
        }
        ok.then_some(Template { parts, pos })
    }

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
                            args.push(Arg::On {
                                event,
                                handler,
                                args: call_args,
                            });
                            i += 4;
                        }
                        _ => {
                            let end = tokens
                                .get(i + 3)
                                .or(tokens.last())
                                .map_or(pos.end, |t| t.1.end);
                            self.diags
                                .error(
                                    pos.start..end.min(range.end),
                                    "an event binding is `on <event> -> <handler>`",
                                )
                                .help("for example `on click -> increment`");
                            i = skip_to_next_keyword(&tokens, self.text, i + 1);
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
                            let end = tokens
                                .get(i + 3)
                                .or(tokens.last())
                                .map_or(pos.end, |t| t.1.end);
                            self.diags
                                .error(pos.start..end.min(range.end), "a binding is `bind value <-> <field>`")
                                .help("for example `bind value <-> name`, or `bind checked <-> done` on a checkbox");
                            i = skip_to_next_keyword(&tokens, self.text, i + 1);
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
