//! Client commands: pure UI changes that need no round trip, written in the markup as the
//! handler of a DOM event (`on click -> js.toggle_class("#menu", "open")`) and compiled to data
//! the browser runs (`data-js-click`), beside or instead of a server handler.
//!
//! - `js.show(selector)`, `js.hide(selector)`, `js.toggle(selector)`: the `hidden` attribute of
//!   every element the CSS selector matches.
//! - `js.add_class(selector, class)`, `js.remove_class(selector, class)`,
//!   `js.toggle_class(selector, class)`.
//! - `js.focus(selector)`: the first element matched takes the focus.
//!
//! Arguments are string literals, so that what runs is fixed when the markup compiles.

use crate::ast::{Name, Pos};
use crate::diag::{Diagnostic, unknown_help};

/// Every command, with the number of arguments it takes.
pub const COMMANDS: [(&str, usize); 7] = [
    ("show", 1),
    ("hide", 1),
    ("toggle", 1),
    ("add_class", 2),
    ("remove_class", 2),
    ("toggle_class", 2),
    ("focus", 1),
];

/// A client command, checked: its name and its arguments' values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    /// The command's name, without `js.`.
    pub name: &'static str,
    /// Its arguments: the selector, then the class for the class commands.
    pub args: Vec<String>,
}

/// Whether a binding's handler is a client command (`js.…`).
pub fn is_command(handler: &str) -> bool {
    handler.starts_with("js.")
}

/// The command `handler` names (`js.toggle_class`), with the number of arguments it takes; an
/// error with the closest name otherwise.
pub fn named(handler: &Name) -> Result<(&'static str, usize), Diagnostic> {
    let written = handler.text.trim_start_matches("js.");
    let full: Vec<String> = COMMANDS
        .iter()
        .map(|(name, _)| format!("js.{name}"))
        .collect();
    let names: Vec<&str> = full.iter().map(String::as_str).collect();
    COMMANDS
        .iter()
        .copied()
        .find(|(name, _)| *name == written)
        .ok_or_else(|| {
            let mut error = Diagnostic::new(
                handler.pos.clone(),
                format!("unknown client command `{}`", handler.text),
            );
            error.help(unknown_help(
                &handler.text,
                &names,
                "the client commands are ",
                "",
            ));
            error
        })
}

/// Checks the command `handler` (`js.toggle_class`) with its arguments (the text between its
/// parentheses in `source`, at `args_pos`).
pub fn check(handler: &Name, source: &str, args_pos: Option<&Pos>) -> Result<Command, Diagnostic> {
    let (name, count) = named(handler)?;
    let usage = match count {
        1 => format!("write `js.{name}(\"#selector\")`"),
        _ => format!("write `js.{name}(\"#selector\", \"class\")`"),
    };
    let (args, pos) = match args_pos {
        Some(pos) => (strings(&source[pos.clone()]), pos.clone()),
        None => (Some(Vec::new()), handler.pos.clone()),
    };
    let Some(args) = args else {
        let mut error = Diagnostic::new(
            pos,
            format!("the arguments of `js.{name}` are string literals"),
        );
        error.help(usage);
        return Err(error);
    };
    if args.len() != count {
        let mut error = Diagnostic::new(
            pos,
            format!(
                "`js.{name}` takes {count} argument{}, not {}",
                if count == 1 { "" } else { "s" },
                args.len()
            ),
        );
        error.help(usage);
        return Err(error);
    }
    Ok(Command { name, args })
}

/// The `data-js-<event>` attribute's value for `commands`, run in order: a JSON array of
/// `[name, args…]` arrays.
pub fn data(commands: &[Command]) -> String {
    let quoted = |text: &str| {
        let mut out = String::from("\"");
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if c < ' ' => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    };
    let items: Vec<String> = commands
        .iter()
        .map(|command| {
            let parts: Vec<String> = std::iter::once(quoted(command.name))
                .chain(command.args.iter().map(|arg| quoted(arg)))
                .collect();
            format!("[{}]", parts.join(","))
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// The values of a comma-separated list of double-quoted string literals (`\"` and `\\`
/// escaped); `None` when `text` is anything else.
fn strings(text: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut chars = text.trim().chars().peekable();
    if chars.peek().is_none() {
        return Some(out);
    }
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.next()? != '"' {
            return None;
        }
        let mut value = String::new();
        loop {
            match chars.next()? {
                '"' => break,
                '\\' => value.push(chars.next()?),
                c => value.push(c),
            }
        }
        out.push(value);
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        match chars.next() {
            None => return Some(out),
            Some(',') => {}
            Some(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Name {
        Name {
            text: text.to_owned(),
            pos: 0..text.len(),
        }
    }

    fn command(call: &str) -> Result<Command, String> {
        let open = call.find('(').unwrap_or(call.len());
        let args = (open < call.len()).then(|| open + 1..call.len() - 1);
        check(&name(&call[..open]), call, args.as_ref()).map_err(|e| e.message.clone())
    }

    #[test]
    fn commands_compile_to_data_the_client_runs() {
        let toggle = command(r##"js.toggle_class("#menu", "open")"##).expect("valid");
        let focus = command(r#"js.focus(".search input")"#).expect("valid");
        assert_eq!(toggle.args, ["#menu", "open"]);
        assert_eq!(
            data(&[toggle, focus]),
            r##"[["toggle_class","#menu","open"],["focus",".search input"]]"##
        );
        let quoted = command(r#"js.show("[data-x=\"a\\b\"]")"#).expect("valid");
        assert_eq!(quoted.args, [r#"[data-x="a\b"]"#]);
        assert_eq!(data(&[quoted]), r#"[["show","[data-x=\"a\\b\"]"]]"#);
    }

    #[test]
    fn a_wrong_command_says_what_was_meant() {
        let unknown = command(r##"js.toggle_clas("#m", "x")"##).expect_err("unknown");
        assert_eq!(unknown, "unknown client command `js.toggle_clas`");
        assert_eq!(
            command(r##"js.hide("#m", "x")"##).expect_err("count"),
            "`js.hide` takes 1 argument, not 2"
        );
        assert_eq!(
            command("js.hide(selector)").expect_err("not a literal"),
            "the arguments of `js.hide` are string literals"
        );
        assert_eq!(
            command("js.add_class").expect_err("none"),
            "`js.add_class` takes 2 arguments, not 0"
        );
    }
}
