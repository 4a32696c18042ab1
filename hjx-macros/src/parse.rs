//! The markup parser: plain text in, a [`Component`] and diagnostics out.
//!
//! It works on a `&str` with no compiler in the loop, so the inline form (whose text is rebuilt
//! from the macro's tokens, see `source`) and the `.hjx` file form share it, and it can be tested
//! and fuzzed on its own. It recovers from every error it reports and keeps going, so a build
//! shows all of them at once.

use crate::ast::*;
use crate::diag::Diagnostics;

/// The sections a component may have.
pub(crate) const SECTIONS: [&str; 7] = [
    "imports", "state", "shared", "script", "layout", "style", "handlers",
];

/// Parses a whole component.
pub(crate) fn parse(text: &str) -> (Component, Diagnostics) {
    let mut parser = Parser {
        text,
        diags: Diagnostics::default(),
    };
    let component = parser.component();
    (component, parser.diags)
}

/// A line of markup with its indentation.
#[derive(Clone, Debug)]
struct Line {
    indent: usize,
    /// The line's content, from its first non-space to its last non-space character.
    pos: Pos,
}

/// A line and the lines indented under it.
#[derive(Debug)]
struct Block {
    line: Line,
    children: Vec<Block>,
}

struct Parser<'a> {
    text: &'a str,
    diags: Diagnostics,
}

fn is_comment(content: &str) -> bool {
    content.starts_with('#') && !content.starts_with("#[") || content.starts_with("//")
}

impl<'a> Parser<'a> {
    fn at(&self, pos: &Pos) -> &'a str {
        &self.text[pos.clone()]
    }

    /// Every line with content, comments left out.
    fn lines(&mut self) -> Vec<(Line, bool)> {
        let mut lines = Vec::new();
        let mut offset = 0;
        for raw in self.text.split('\n') {
            let start = offset;
            offset += raw.len() + 1;
            let trimmed = raw.trim_end();
            let content = trimmed.trim_start_matches([' ', '\t']);
            if content.is_empty() {
                continue;
            }
            let lead = &trimmed[..trimmed.len() - content.len()];
            let indent = lead.len();
            if lead.contains('\t') {
                let tab = start + lead.find('\t').unwrap_or(0);
                self.diags
                    .error(tab..tab + 1, "tab in indentation")
                    .help("indent with 2 spaces per level");
            }
            let pos = start + indent..start + trimmed.len();
            lines.push((Line { indent, pos }, is_comment(content)));
        }
        lines
    }

    fn component(&mut self) -> Component {
        let lines = self.lines();
        let mut component = Component::default();
        let Some(base) = lines
            .iter()
            .find(|(_, comment)| !comment)
            .map(|(line, _)| line.indent)
        else {
            self.diags
                .error(0..0, "empty markup: a component needs at least a `component` line and a `layout:` section")
                .help("start with `component MyComponent`");
            return component;
        };

        // Cut the lines into the header lines at the base indentation and their bodies.
        let mut sections: Vec<(Line, Vec<(Line, bool)>)> = Vec::new();
        for (line, comment) in lines {
            if line.indent <= base && !comment {
                if line.indent < base {
                    self.diags
                        .error(line.pos.clone(), format!("this line is indented {} spaces, less than the component's first line ({base})", line.indent))
                        .help("top-level lines (`component`, sections) share one indentation");
                }
                sections.push((line, Vec::new()));
            } else if let Some((_, body)) = sections.last_mut() {
                body.push((line, comment));
            }
        }

        let mut seen: Vec<(&str, Pos)> = Vec::new();
        for (header, body) in sections {
            let content = self.at(&header.pos);
            if let Some(rest) = content.strip_prefix("component")
                && (rest.is_empty() || rest.starts_with(' '))
            {
                self.component_line(&header, rest, &mut component);
                self.no_body("the `component` line", &body);
                continue;
            }
            let word_len = content
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(content.len());
            let word = &content[..word_len];
            let word_pos = header.pos.start..header.pos.start + word_len;
            let after = &content[word_len..];
            if !SECTIONS.contains(&word) {
                let d = self.diags.error(
                    word_pos.clone(),
                    format!(
                        "unknown section `{}`",
                        if word.is_empty() { content } else { word }
                    ),
                );
                d.suggest(word, SECTIONS, |s| format!("`{s}:`"));
                if d.help.is_none() {
                    d.help(format!(
                        "a top-level line is `component Name` or one of the sections {}",
                        SECTIONS.map(|s| format!("`{s}:`")).join(", ")
                    ));
                }
                continue;
            }
            if after != ":" {
                let d = if after.is_empty() {
                    self.diags
                        .error(word_pos.clone(), format!("section `{word}` needs a `:`"))
                } else {
                    let rest = word_pos.end..header.pos.end;
                    self.diags.error(
                        rest,
                        format!("unexpected text after the section name `{word}`"),
                    )
                };
                d.help(format!(
                    "write the section header alone on its line: `{word}:`"
                ));
                continue;
            }
            if let Some((_, first)) = seen.iter().find(|(name, _)| *name == word) {
                let line = line_number(self.text, first.start);
                self.diags
                    .error(word_pos.clone(), format!("section `{word}:` appears twice"))
                    .help(format!("merge it into the first `{word}:` on line {line}"));
                continue;
            }
            seen.push((word, word_pos.clone()));
            match word {
                "script" | "style" => {
                    let range = match (body.first(), body.last()) {
                        (Some((first, _)), Some((last, _))) => {
                            line_start(self.text, first.pos.start)..last.pos.end
                        }
                        _ => header.pos.end..header.pos.end,
                    };
                    if word == "script" {
                        component.script = Some(range);
                    } else {
                        component.style = Some(range);
                    }
                }
                _ => {
                    let lines: Vec<Line> = body
                        .into_iter()
                        .filter(|(_, comment)| !comment)
                        .map(|(line, _)| line)
                        .collect();
                    let blocks = self.tree(&header, &lines);
                    match word {
                        "imports" => {
                            component.imports = self.imports(blocks);
                            self.duplicate_imports(&component.imports);
                        }
                        "state" => component.state = self.fields(blocks),
                        "shared" => component.shared = self.fields(blocks),
                        "layout" => {
                            let nodes = self.nodes(blocks);
                            component.layout = Some(Layout { nodes })
                        }
                        "handlers" => component.handlers = self.handlers(blocks),
                        _ => unreachable!("every section is handled"),
                    }
                }
            }
        }
        if component.name.is_none() {
            let start = lines_first(self.text);
            self.diags
                .error(
                    start,
                    "missing `component` line: the markup must name its component",
                )
                .help("start the markup with `component MyComponent`");
        }
        component
    }

    fn component_line(&mut self, header: &Line, rest: &str, component: &mut Component) {
        let name_start =
            header.pos.start + "component".len() + (rest.len() - rest.trim_start().len());
        let name = rest.trim();
        let pos = name_start..name_start + name.len();
        if let Some(first) = &component.name {
            let line = line_number(self.text, first.pos.start);
            self.diags
                .error(header.pos.clone(), "a second `component` line")
                .help(format!(
                    "one markup block holds one component; `{}` was named on line {line}",
                    first.text
                ));
            return;
        }
        if name.is_empty() {
            self.diags
                .error(header.pos.clone(), "the `component` line needs a name")
                .help("write `component MyComponent`");
            return;
        }
        if !is_ident(name) || !name.starts_with(|c: char| c.is_ascii_uppercase()) {
            self.diags
                .error(pos.clone(), format!("`{name}` is not a component name"))
                .help("a component name is a Rust type name in CamelCase, such as `Counter`");
        }
        component.name = Some(Name {
            text: name.to_owned(),
            pos,
        });
    }

    fn no_body(&mut self, what: &str, body: &[(Line, bool)]) {
        if let Some((line, _)) = body.iter().find(|(_, comment)| !comment) {
            self.diags
                .error(
                    line.pos.clone(),
                    format!("unexpected indented line under {what}"),
                )
                .help("indent lines only under a section header such as `layout:`");
        }
    }

    /// Builds the indentation tree of a section's lines: 2 spaces a level.
    fn tree(&mut self, header: &Line, lines: &[Line]) -> Vec<Block> {
        let mut roots: Vec<Block> = Vec::new();
        // The path of open blocks: their indentation and where they are in the tree.
        let mut open: Vec<usize> = Vec::new();
        for line in lines {
            while let Some(&indent) = open.last() {
                if indent >= line.indent {
                    open.pop();
                } else {
                    break;
                }
            }
            let parent_indent = open.last().copied().unwrap_or(header.indent);
            let expected = parent_indent + 2;
            if line.indent != expected {
                let parent = if open.is_empty() {
                    self.at(&header.pos).to_owned()
                } else {
                    let mut blocks = &roots;
                    let mut node = None;
                    for _ in 0..open.len() {
                        let Some(last) = blocks.last() else { break };
                        node = Some(last);
                        blocks = &last.children;
                    }
                    node.map(|b| self.at(&b.line.pos).to_owned())
                        .unwrap_or_default()
                };
                self.diags
                    .error(
                        line.pos.clone(),
                        format!(
                            "bad indentation: this line is indented {} spaces, expected {expected}",
                            line.indent
                        ),
                    )
                    .help(format!(
                        "indent 2 spaces per level: a line inside `{parent}` starts at column {expected}"
                    ));
            }
            // Attach the line under the innermost open block.
            innermost(&mut roots, open.len()).push(Block {
                line: line.clone(),
                children: Vec::new(),
            });
            open.push(line.indent.max(parent_indent + 1));
        }
        roots
    }

    fn leaf_only(&mut self, block: &Block, what: &str) {
        if let Some(child) = block.children.first() {
            self.diags
                .error(
                    child.line.pos.clone(),
                    format!("unexpected indented line under {what}"),
                )
                .help(format!(
                    "{what} is one line; this line's indentation may be off"
                ));
        }
    }

    fn imports(&mut self, blocks: Vec<Block>) -> Vec<Import> {
        let mut imports = Vec::new();
        for block in blocks {
            self.leaf_only(&block, "an import");
            let pos = block.line.pos.clone();
            let mut cursor = Cursor::new(self.text, pos.clone());
            let alias = cursor.ident();
            cursor.spaces();
            let from = cursor.ident();
            cursor.spaces();
            match (alias, from) {
                (Some(alias), Some(from)) if from.text == "from" && cursor.peek() == Some('"') => {
                    match cursor.string() {
                        Ok((path, path_pos)) => imports.push(Import {
                            alias,
                            path,
                            path_pos,
                        }),
                        Err(err) => {
                            self.diags.error(err, "unclosed string: missing `\"`");
                        }
                    }
                }
                _ => {
                    self.diags
                        .error(pos, "an import is `Name from \"./path/Name.hjx\"`")
                        .help("name the component, then `from`, then its file in quotes");
                }
            }
        }
        imports
    }

    fn duplicate_imports(&mut self, imports: &[Import]) {
        for (i, import) in imports.iter().enumerate() {
            if imports[..i]
                .iter()
                .any(|other| other.alias.text == import.alias.text)
            {
                self.diags
                    .error(
                        import.alias.pos.clone(),
                        format!("`{}` is imported twice", import.alias.text),
                    )
                    .help("import each component once, or give the second one another name");
            }
        }
    }

    fn fields(&mut self, blocks: Vec<Block>) -> Vec<Field> {
        let mut fields = Vec::new();
        for block in blocks {
            self.leaf_only(&block, "a field");
            if let Some(field) = self.field(&block.line.pos) {
                fields.push(field);
            }
        }
        fields
    }

    fn field(&mut self, pos: &Pos) -> Option<Field> {
        let mut cursor = Cursor::new(self.text, pos.clone());
        let Some(name) = cursor.ident() else {
            self.diags
                .error(
                    pos.clone(),
                    "a field is `name = value` or `name: Type = value`",
                )
                .help("start the line with the field's name, such as `count = 0`");
            return None;
        };
        if !is_field_name(&name.text) {
            self.diags
                .error(name.pos.clone(), format!("`{}` cannot be a field name", name.text))
                .help("field names are snake_case Rust identifiers that are not keywords, such as `count`");
            return None;
        }
        cursor.spaces();
        let ty = if cursor.eat(':') {
            cursor.spaces();
            let start = cursor.offset();
            let rest = self.at(&(start..pos.end));
            let Some(eq) = find_assign(rest).or_else(|| find_any_assign(rest)) else {
                self.diags
                    .error(
                        name.pos.clone(),
                        format!("field `{}` has a type but no initial value", name.text),
                    )
                    .help(format!(
                        "give it one: `{}: {} = …`",
                        name.text,
                        self.text[start..pos.end].trim()
                    ));
                return None;
            };
            let ty_text = &self.text[start..start + eq];
            let ty_pos = start..start + ty_text.trim_end().len();
            if ty_text.trim().is_empty() {
                self.diags
                    .error(
                        name.pos.clone(),
                        format!("field `{}` has a `:` but no type", name.text),
                    )
                    .help(format!(
                        "write its type, `{}: i64 = 0`, or leave out the `:`",
                        name.text
                    ));
                return None;
            }
            cursor.set(start + eq);
            Some(ty_pos)
        } else {
            None
        };
        cursor.spaces();
        if !cursor.eat('=') {
            self.diags
                .error(
                    name.pos.clone(),
                    format!("field `{}` needs an initial value", name.text),
                )
                .help(format!(
                    "write `{} = 0`, `{} = \"\"` or `{}: Type = value`",
                    name.text, name.text, name.text
                ));
            return None;
        }
        cursor.spaces();
        let value = cursor.offset()..pos.end;
        if value.is_empty() {
            self.diags
                .error(
                    name.pos.clone(),
                    format!("field `{}` has an empty initial value", name.text),
                )
                .help("write a value after `=`");
            return None;
        }
        let init = if ty.is_some() {
            Init::Expr(value)
        } else {
            match literal(self.text, value.clone()) {
                Ok(lit) => Init::Literal(lit),
                Err((err_pos, message)) => {
                    self.diags.error(err_pos, message).help(format!(
                        "the type is inferred only from a literal (a number, a string, true/false or a list of them); otherwise write it: `{}: Type = {}`",
                        name.text,
                        &self.text[value.clone()]
                    ));
                    return None;
                }
            }
        };
        Some(Field { name, ty, init })
    }

    fn nodes(&mut self, blocks: Vec<Block>) -> Vec<Node> {
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
    fn branch(&mut self, block: Block, keyword_len: usize) -> Option<Branch> {
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

    fn else_branch(&mut self, block: Block, keyword: Pos) -> Option<Branch> {
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

    fn node(&mut self, block: Block) -> Option<Node> {
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

    fn template(&mut self, cursor: &mut Cursor<'a>) -> Option<Template> {
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
    fn template_parts(&mut self, value: &str, map: &[usize], pos: Pos) -> Option<Template> {
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

    fn args(&mut self, range: Pos) -> Vec<Arg> {
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

    fn handlers(&mut self, blocks: Vec<Block>) -> Vec<Handler> {
        let mut handlers = Vec::new();
        for block in blocks {
            let pos = block.line.pos.clone();
            let mut cursor = Cursor::new(self.text, pos.clone());
            let name = cursor.ident();
            let mut params = None;
            if cursor.peek() == Some('(') {
                let open = cursor.offset();
                if let Some(close) = matching_paren(self.text, open, pos.end) {
                    params = Some(open + 1..close);
                    cursor.set(close + 1);
                }
            }
            let colon = cursor.eat(':');
            let Some(name) = name.filter(|_| colon && cursor.at_end()) else {
                self.diags
                    .error(
                        pos,
                        "a handler starts with its name and a colon: `increment:`",
                    )
                    .help("then its statements, indented under it: `set count = count + 1`; a handler with parameters is `typed(value: String):`");
                continue;
            };
            if !is_field_name(&name.text) {
                self.diags
                    .error(
                        name.pos.clone(),
                        format!("`{}` cannot be a handler name", name.text),
                    )
                    .help("handler names are snake_case Rust identifiers, such as `increment`");
            }
            let statements = block
                .children
                .into_iter()
                .filter_map(|child| {
                    self.leaf_only(&child, "a statement");
                    self.statement(&child.line.pos)
                })
                .collect();
            handlers.push(Handler {
                name,
                params,
                statements,
            });
        }
        handlers
    }

    fn statement(&mut self, pos: &Pos) -> Option<Statement> {
        let mut cursor = Cursor::new(self.text, pos.clone());
        let keyword = cursor.ident();
        match keyword.as_ref().map(|k| k.text.as_str()) {
            Some("set") => {
                cursor.spaces();
                let field = cursor.ident();
                cursor.spaces();
                let eq = cursor.peek() == Some('=') && cursor.peek_at(1) != Some('=');
                let Some(field) = field.filter(|_| eq) else {
                    self.diags
                        .error(
                            pos.clone(),
                            "a `set` statement is `set <field> = <expression>`",
                        )
                        .help("for example `set count = count + 1`");
                    return None;
                };
                cursor.eat('=');
                cursor.spaces();
                let value = cursor.offset()..pos.end;
                if value.is_empty() {
                    self.diags
                        .error(
                            pos.clone(),
                            format!("`set {}` has no value after `=`", field.text),
                        )
                        .help(format!("write the new value: `set {} = …`", field.text));
                    return None;
                }
                Some(Statement::Set { field, value })
            }
            Some("call") => {
                cursor.spaces();
                let expr = cursor.offset()..pos.end;
                if expr.is_empty() {
                    self.diags
                        .error(pos.clone(), "a `call` statement is `call <expression>`")
                        .help("for example `call self.add_todo()`, a method defined in `script:`");
                    return None;
                }
                Some(Statement::Call { expr })
            }
            Some("log") => {
                cursor.spaces();
                if cursor.peek() != Some('"') {
                    self.diags
                        .error(pos.clone(), "a `log` statement is `log \"message\"`")
                        .help("quote the message; it may hold `{{ }}` expressions");
                    return None;
                }
                let message = self.template(&mut cursor)?;
                cursor.spaces();
                if !cursor.at_end() {
                    self.diags
                        .error(
                            cursor.offset()..pos.end,
                            "unexpected text after the log message",
                        )
                        .help("a `log` statement is `log \"message\"`");
                }
                Some(Statement::Log { message })
            }
            _ => {
                let word = keyword
                    .map(|k| (k.text, k.pos))
                    .unwrap_or_else(|| (self.at(pos).to_owned(), pos.clone()));
                let d = self
                    .diags
                    .error(word.1, format!("unknown statement `{}`", word.0));
                d.suggest(&word.0, ["set", "log", "call"], |s| format!("`{s}`"));
                if d.help.is_none() {
                    d.help("a handler's statements are `set <field> = <expression>`, `call <expression>` and `log \"message\"`");
                }
                None
            }
        }
    }
}

/// The children list `depth` levels down the last blocks of `blocks`.
fn innermost(blocks: &mut Vec<Block>, depth: usize) -> &mut Vec<Block> {
    if depth == 0 || blocks.is_empty() {
        return blocks;
    }
    let last = blocks.len() - 1;
    innermost(&mut blocks[last].children, depth - 1)
}

/// Splits `name(args)` into the name and the arguments' range.
fn split_call(word: Name) -> (Name, Option<Pos>) {
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
fn skip_to_next_keyword(tokens: &[(ArgToken, Pos)], text: &str, from: usize) -> usize {
    (from..tokens.len())
        .find(|&i| {
            matches!(tokens[i].0, ArgToken::Word)
                && matches!(&text[tokens[i].1.clone()], "on" | "bind")
        })
        .unwrap_or(tokens.len())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ArgToken {
    Word,
    Arrow,
    TwoWay,
    Equals,
    Str,
    Unclosed,
}

/// Cuts an argument list into words, `->`, `<->`, `=` and quoted strings.
fn arg_tokens(text: &str, range: Pos) -> Vec<(ArgToken, Pos)> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = range.start;
    while i < range.end {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if text[i..range.end].starts_with("<->") {
            tokens.push((ArgToken::TwoWay, i..i + 3));
            i += 3;
        } else if text[i..range.end].starts_with("->") {
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
                if c.is_ascii_whitespace()
                    || c == b'='
                    || c == b'"'
                    || text[i..range.end].starts_with("->")
                    || text[i..range.end].starts_with("<->")
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
fn matching_paren(text: &str, open: usize, end: usize) -> Option<usize> {
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
fn find_assign(s: &str) -> Option<usize> {
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
fn find_any_assign(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    (0..bytes.len()).find(|&i| {
        bytes[i] == b'='
            && bytes.get(i + 1).is_none_or(|b| !matches!(b, b'=' | b'>'))
            && (i == 0 || !matches!(bytes[i - 1], b'=' | b'!' | b'<' | b'>'))
    })
}

/// Parses a `state:` literal.
fn literal(text: &str, pos: Pos) -> Result<Literal, (Pos, String)> {
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

/// Splits a list's (or a call's) inside on top-level commas, minding strings and brackets.
pub(crate) fn split_top_level(s: &str) -> Vec<Pos> {
    let bytes = s.as_bytes();
    let mut items = Vec::new();
    let mut depth = 0;
    let mut start = 0;
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
            b',' if depth == 0 => {
                items.push(start..i);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    items.push(start..bytes.len());
    items
}

/// A reading position inside one line.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
    end: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str, pos: Pos) -> Cursor<'a> {
        Cursor {
            text,
            at: pos.start,
            end: pos.end,
        }
    }

    fn offset(&self) -> usize {
        self.at
    }

    fn set(&mut self, at: usize) {
        self.at = at;
    }

    fn at_end(&self) -> bool {
        self.at >= self.end
    }

    fn peek(&self) -> Option<char> {
        self.text[self.at..self.end].chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.text[self.at..self.end].chars().nth(n)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn spaces(&mut self) {
        while self.peek().is_some_and(|c| c == ' ' || c == '\t') {
            self.at += 1;
        }
    }

    fn take_while(&mut self, mut keep: impl FnMut(char, Option<char>) -> bool) -> Name {
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

    fn ident(&mut self) -> Option<Name> {
        if !self
            .peek()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        {
            return None;
        }
        Some(self.take_while(|c, _| c.is_ascii_alphanumeric() || c == '_'))
    }

    fn tag(&mut self) -> Option<Name> {
        if !self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        Some(self.take_while(|c, _| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    }

    /// A class name in Tailwind's characters: `md:grid-cols-2`, `hover:bg-primary/90`,
    /// `space-y-1.5`, `w-[10px]`. A `:` continues the class only when a class character follows
    /// (so a line's closing `:` is not taken), and a `.` only when a digit follows (a class
    /// cannot start with a digit, so `.5` is not a new class).
    fn class(&mut self) -> Name {
        self.take_while(|c, next| match c {
            ':' => next.is_some_and(|n| is_class_char(n) && n != ':'),
            '.' => next.is_some_and(|n| n.is_ascii_digit()),
            c => is_class_char(c),
        })
    }

    /// A double-quoted string: its value and the literal's position, quotes included.
    fn string(&mut self) -> Result<(String, Pos), Pos> {
        let (value, _, pos) = self.string_with_map()?;
        Ok((value, pos))
    }

    /// A double-quoted string, with the source offset of each byte of its value (and one past
    /// the end), so that a position inside the value maps back to the markup.
    fn string_with_map(&mut self) -> Result<(String, Vec<usize>, Pos), Pos> {
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

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn is_class_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | ':' | '[' | ']' | '%' | '!')
}

fn is_ident(s: &str) -> bool {
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

fn is_field_name(s: &str) -> bool {
    is_ident(s)
        && !s.starts_with(|c: char| c.is_ascii_uppercase())
        && !s.starts_with("__")
        && !KEYWORDS.contains(&s)
}

fn is_attr_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '@' || c == ':')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.' | '@'))
}

/// The 1-based line number of an offset.
pub(crate) fn line_number(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

fn lines_first(text: &str) -> Pos {
    let start = text.len() - text.trim_start().len();
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    start..end
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
