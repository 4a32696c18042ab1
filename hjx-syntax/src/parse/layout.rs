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
                "slot" if is_slot_line(content) => {
                    open_if = false;
                    if let Some(node) = self.slot(block) {
                        nodes.push(Node::Slot(node));
                    }
                }
                "for" => {
                    open_if = false;
                    if let Some(node) = self.for_block(block) {
                        nodes.push(Node::For(node));
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

    /// `slot`, `slot name`, or with children `slot name:`.
    fn slot(&mut self, block: Block) -> Option<SlotNode> {
        let pos = block.line.pos.clone();
        let mut cursor = Cursor::new(self.text, pos.clone());
        let keyword = cursor.ident()?.pos;
        cursor.spaces();
        let name = cursor.ident();
        cursor.spaces();
        let opens = cursor.eat(':');
        cursor.spaces();
        if !cursor.at_end() {
            let rest = cursor.offset()..pos.end;
            self.diags
                .error(rest, "unexpected text after a slot")
                .help("a slot is `slot` or `slot name`; content for a child's slot is `slot name:` with indented children");
            return None;
        }
        if !block.children.is_empty() && !opens {
            self.diags
                .error(pos.clone(), "a slot with indented children needs a `:`")
                .help(format!(
                    "end the line with a colon: `{}:`",
                    &self.text[pos.clone()]
                ));
        }
        let nodes = self.nodes(block.children);
        Some(SlotNode {
            name,
            keyword,
            nodes,
        })
    }

    /// `if (cond):` or `else if (cond):`, whose keyword is `keyword_len` bytes long.
    pub(super) fn branch(&mut self, block: Block, keyword_len: usize) -> Option<Branch> {
        let pos = block.line.pos.clone();
        let keyword = self.text[pos.start..pos.start + keyword_len].to_owned();
        let shape = format!(
            "a condition is written `{keyword} (condition):`, such as `{keyword} (count > 0):`"
        );
        let (open, close) =
            self.parenthesized(pos.start..pos.start + keyword_len, pos.end, &shape)?;
        let condition = open + 1..close;
        if self.at(&condition).trim().is_empty() {
            self.diags
                .error(open..close + 1, "empty condition")
                .help(shape);
            return None;
        }
        let nodes = self.nodes(block.children);
        Some(Branch {
            condition: Some(condition),
            nodes,
        })
    }

    /// The `(…)` after `keyword` and the `:` ending the line (which ends at `end`): the offsets
    /// of the parentheses.
    fn parenthesized(&mut self, keyword: Pos, end: usize, shape: &str) -> Option<(usize, usize)> {
        let word = self.text[keyword.clone()].to_owned();
        let mut cursor = Cursor::new(self.text, keyword.end..end);
        cursor.spaces();
        if cursor.peek() != Some('(') {
            self.diags
                .error(keyword.start..end, format!("expected `(` after `{word}`"))
                .help(shape);
            return None;
        }
        let open = cursor.offset();
        let Some(close) = matching_paren(self.text, open, end) else {
            self.diags.error(open..open + 1, "unclosed `(`").help(shape);
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
                    close + 1..end.max(close + 1),
                    format!("expected `:` after `{word} (…)`"),
                )
                .help(shape);
            return None;
        }
        Some((open, close))
    }

    /// `for (item in expr):`, `for (item, index in expr):`, with an optional `, key: expr`.
    pub(super) fn for_block(&mut self, block: Block) -> Option<For> {
        let pos = block.line.pos.clone();
        let keyword = pos.start..pos.start + "for".len();
        let shape = "a loop is written `for (item in items):`, `for (item, index in items):` or `for (item in items, key: item.id):`";
        let (open, close) = self.parenthesized(keyword, pos.end, shape)?;
        let inside = open + 1..close;
        let text = self.at(&inside).to_owned();
        // The binding names stand before the first top-level ` in `.
        let Some(in_at) = find_word(&text, "in") else {
            self.diags
                .error(open..close + 1, "expected `in` in `for (…)`")
                .help(shape);
            return None;
        };
        let names = &text[..in_at];
        let mut bound = Vec::new();
        let mut offset = 0;
        for piece in names.split(',') {
            let lead = piece.len() - piece.trim_start().len();
            let word = piece.trim();
            let start = inside.start + offset + lead;
            if word.is_empty()
                || !word.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
                || !word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                let at = if word.is_empty() {
                    inside.start + offset..inside.start + offset + piece.len().max(1)
                } else {
                    start..start + word.len()
                };
                self.diags
                    .error(at, format!("`{word}` is not a name to bind each item to"))
                    .help(shape);
                return None;
            }
            bound.push(Name {
                text: word.to_owned(),
                pos: start..start + word.len(),
            });
            offset += piece.len() + 1;
        }
        if bound.len() > 2 {
            self.diags
                .error(
                    bound[2].pos.clone(),
                    "a `for` binds at most two names: the item and its index",
                )
                .help(shape);
            return None;
        }
        let rest_start = in_at + "in".len();
        let pieces = split_top_level(&text[rest_start..]);
        let mut iter = None;
        let mut key = None;
        for piece in pieces {
            let range =
                inside.start + rest_start + piece.start..inside.start + rest_start + piece.end;
            let piece_text = self.at(&range);
            let trimmed = piece_text.trim_start();
            let lead = piece_text.len() - trimmed.len();
            if iter.is_none() {
                if trimmed.trim().is_empty() {
                    self.diags
                        .error(open..close + 1, "expected what to loop over after `in`")
                        .help(shape);
                    return None;
                }
                iter = Some(range);
            } else if let Some(value) = trimmed.strip_prefix("key:") {
                if key.is_some() {
                    self.diags
                        .error(range, "a `for` has at most one `key:`")
                        .help("keep one key");
                    return None;
                }
                let start = range.end - value.len();
                if value.trim().is_empty() {
                    self.diags
                        .error(
                            range.start + lead..range.end,
                            "expected an expression after `key:`",
                        )
                        .help(shape);
                    return None;
                }
                key = Some(start..range.end);
            } else {
                let at = range.start + lead..range.end;
                self.diags
                    .error(at, format!("unexpected `{}` in `for (…)`", trimmed.trim()))
                    .help("after the list, a `for` takes only `key: expression`, such as `key: item.id`");
                return None;
            }
        }
        let children = block.children;
        if children.is_empty() {
            self.diags
                .error(pos, "a `for` block has no content")
                .help("indent the markup to repeat under the `for` line");
            return None;
        }
        let nodes = self.nodes(children);
        let mut bound = bound.into_iter();
        Some(For {
            item: bound.next()?,
            index: bound.next(),
            iter: iter?,
            key,
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
}

/// Whether a layout line is a slot (`slot`, `slot name`, either with `:`), not an element.
fn is_slot_line(line: &str) -> bool {
    let after = &line["slot".len()..];
    if !(after.is_empty() || after.starts_with([' ', ':'])) {
        return false;
    }
    let rest = after.trim_end().trim_end_matches(':').trim();
    rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !rest.starts_with(|c: char| c.is_ascii_digit())
}
