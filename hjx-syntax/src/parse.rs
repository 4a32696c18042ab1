//! The markup parser: plain text in, a [`Component`] and diagnostics out.
//!
//! It works on a `&str` with no compiler in the loop, so the inline form (whose text is rebuilt
//! from the macro's tokens, see `source`) and the `.hjx` file form share it, and it can be tested
//! and fuzzed on its own. It recovers from every error it reports and keeps going, so a build
//! shows all of them at once.

use crate::ast::*;
use crate::diag::Diagnostics;
use crate::lex::*;

/// The sections a component may have, in the order a component usually writes them.
pub const SECTIONS: [&str; 7] = [
    "imports", "state", "shared", "script", "layout", "style", "handlers",
];

/// Parses a whole component: the tree of everything it could read, and a diagnostic for every
/// error, with help. It never fails and never panics: on an error it reports, recovers and goes
/// on, so the tree holds every part that was well-formed.
pub fn parse(text: &str) -> (Component, Diagnostics) {
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
}

/// The children list `depth` levels down the last blocks of `blocks`.
fn innermost(blocks: &mut Vec<Block>, depth: usize) -> &mut Vec<Block> {
    if depth == 0 || blocks.is_empty() {
        return blocks;
    }
    let last = blocks.len() - 1;
    innermost(&mut blocks[last].children, depth - 1)
}

mod args;
mod handlers;
mod layout;

#[cfg(test)]
mod tests;
