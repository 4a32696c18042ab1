//! Parsing the `handlers:` section: each handler's name, parameters and statements.

use super::{Block, Parser};
use crate::ast::*;
use crate::lex::*;

impl Parser<'_> {
    pub(super) fn handlers(&mut self, blocks: Vec<Block>) -> Vec<Handler> {
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
            Some("push") => self.push_statement(&mut cursor, pos),
            Some("remove") => self.remove_statement(&mut cursor, pos),
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
            Some("emit") => {
                cursor.spaces();
                let name = cursor.ident();
                let mut value = None;
                let mut ok = name.is_some();
                if ok && cursor.eat('(') {
                    cursor.spaces();
                    value = cursor.ident();
                    cursor.spaces();
                    ok = value.is_some() && cursor.eat(')');
                }
                cursor.spaces();
                let Some(name) = name.filter(|_| ok && cursor.at_end()) else {
                    self.diags
                        .error(pos.clone(), "an `emit` statement is `emit <event>` or `emit <event>(<field or parameter>)`")
                        .help("for example `emit saved(title)`; the parent listens with `on saved -> handler`");
                    return None;
                };
                Some(Statement::Emit { name, value })
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
                d.suggest(
                    &word.0,
                    ["set", "push", "remove", "log", "call", "emit"],
                    |s| format!("`{s}`"),
                );
                if d.help.is_none() {
                    d.help("a handler's statements are `set <field> = <expression>`, `push <field> <- <expression>`, `remove <field> at <index>`, `remove <field> where |item| <condition>`, `call <expression>`, `emit <event>(<value>)` and `log \"message\"`");
                }
                None
            }
        }
    }

    /// `push field <- expr`.
    fn push_statement(&mut self, cursor: &mut Cursor<'_>, pos: &Pos) -> Option<Statement> {
        cursor.spaces();
        let field = cursor.ident();
        cursor.spaces();
        let arrow = cursor.peek() == Some('<') && cursor.peek_at(1) == Some('-');
        let value = if arrow {
            cursor.set(cursor.offset() + 2);
            cursor.spaces();
            cursor.offset()..pos.end
        } else {
            pos.end..pos.end
        };
        match field {
            Some(field) if !value.is_empty() => Some(Statement::Push { field, value }),
            _ => {
                self.diags
                    .error(pos.clone(), "a `push` statement is `push <field> <- <expression>`")
                    .help("for example `push todos <- Todo { id, title, done: false }`: the value is appended to the collection in place");
                None
            }
        }
    }

    /// `remove field at index` or `remove field where |item| condition`.
    fn remove_statement(&mut self, cursor: &mut Cursor<'_>, pos: &Pos) -> Option<Statement> {
        cursor.spaces();
        let field = cursor.ident();
        cursor.spaces();
        let word = cursor.ident();
        cursor.spaces();
        let rest = cursor.offset()..pos.end;
        let which = match word.as_ref().map(|w| w.text.as_str()) {
            Some("at") if !rest.is_empty() => Some(Removal::At(rest)),
            Some("where") if !rest.is_empty() => Some(Removal::Where(rest)),
            _ => None,
        };
        match (field, which) {
            (Some(field), Some(which)) => Some(Statement::Remove { field, which }),
            _ => {
                self.diags
                    .error(
                        pos.clone(),
                        "a `remove` statement is `remove <field> at <index>` or `remove <field> where |item| <condition>`",
                    )
                    .help("for example `remove todos where |todo| todo.id == id`: the items the condition holds for are taken out in place");
                None
            }
        }
    }
}
