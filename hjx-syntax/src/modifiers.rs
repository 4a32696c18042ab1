//! Event modifiers: what follows an event's name in a binding, each after a `.`.
//!
//! - `debounce(ms)`: the event is sent once it has stopped firing for `ms` milliseconds, with
//!   its latest data (`on input.debounce(300) -> search(event.value)`).
//! - `throttle(ms)`: at most once every `ms` milliseconds; the last one of a burst is sent at
//!   the end of its window, so the final value is never lost.
//! - Key filters, on `keydown` and `keyup`: a key (`enter`, `escape`, `space`, `tab`, `up`,
//!   `down`, `left`, `right`, `backspace`, `delete`, `home`, `end`, `pageup`, `pagedown`, or one
//!   letter or digit) and modifier keys that must be held (`ctrl`, `shift`, `alt`, `meta`):
//!   `on keydown.ctrl.s -> save`. Other keys never reach the wire, and the server checks the
//!   filter again, so two bindings on one element (`keydown.enter`, `keydown.escape`) each run
//!   only for their key.
//! - `window`, on key events: the binding listens on the whole window (shortcuts), not just
//!   while its element has the focus.
//!
//! [`check`] turns the modifiers as written into [`Modifiers`], or an error at the offending
//! one; [`data`] is what the element's `data-on-<event>` attribute carries to the
//! client, and [`KeyFilter::matches`] is the check both sides make.

use crate::ast::{Modifier, Name};
use crate::diag::{Diagnostic, unknown_help};
use crate::events::DomEvent;

/// Keys a filter may name, with the DOM `key` each stands for, lowercased (`" "` is `space`).
pub const KEY_NAMES: [(&str, &str); 14] = [
    ("enter", "enter"),
    ("escape", "escape"),
    ("space", "space"),
    ("tab", "tab"),
    ("up", "arrowup"),
    ("down", "arrowdown"),
    ("left", "arrowleft"),
    ("right", "arrowright"),
    ("backspace", "backspace"),
    ("delete", "delete"),
    ("home", "home"),
    ("end", "end"),
    ("pageup", "pageup"),
    ("pagedown", "pagedown"),
];

/// Modifier keys a filter may require, with their bit in the wire's modifier mask.
pub const MODIFIER_KEYS: [(&str, u8); 4] = [("ctrl", 1), ("shift", 2), ("alt", 4), ("meta", 8)];

/// The modifiers that take a number of milliseconds.
const TIMED: [&str; 2] = ["debounce", "throttle"];

/// A binding's modifiers, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Modifiers {
    /// `debounce(ms)`.
    pub debounce: Option<u32>,
    /// `throttle(ms)`.
    pub throttle: Option<u32>,
    /// `window`: listen on the whole window.
    pub window: bool,
    /// The key filter, if the binding names keys or modifier keys.
    pub keys: Option<KeyFilter>,
    /// `max_mb(n)`, on `upload`: the largest file accepted, in MiB.
    pub max_mb: Option<u32>,
    /// `max_files(n)`, on `upload`: the most files one selection may hold.
    pub max_files: Option<u32>,
}

/// Which key (and modifier keys) a key binding runs for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyFilter {
    /// The DOM `key`, lowercased, with `space` for `" "`; `None` for any key.
    pub key: Option<String>,
    /// The modifier keys that must be held, as a mask of [`MODIFIER_KEYS`] bits.
    pub modifiers: u8,
}

impl KeyFilter {
    /// Whether a key event with DOM `key` and the modifier keys `held` passes the filter:
    /// the key is the one named (letters in either case) and every required modifier is held.
    pub fn matches(&self, key: &str, held: u8) -> bool {
        key_matches(self.key.as_deref(), self.modifiers, key, held)
    }

    /// The filter as one token of `data-on-<event>`: `<key>/<mask>`, either side empty when
    /// unused (`enter/`, `s/1`, `/1`).
    pub fn token(&self) -> String {
        format!(
            "{}/{}",
            self.key.as_deref().unwrap_or_default(),
            self.modifiers
        )
    }
}

/// [`KeyFilter::matches`] on the filter's parts: `want` (lowercased; `None` for any key) and
/// the `required` modifier mask, for a DOM `key` with `held` modifier keys.
pub fn key_matches(want: Option<&str>, required: u8, key: &str, held: u8) -> bool {
    let key_ok = want.is_none_or(|want| {
        if key == " " {
            want == "space"
        } else {
            key.eq_ignore_ascii_case(want)
        }
    });
    key_ok && held & required == required
}

impl Modifiers {
    /// Whether there is nothing to tell the client.
    pub fn is_empty(&self) -> bool {
        *self == Modifiers::default()
    }
}

/// The `data-on-<event>` attribute's tokens, space-separated, for the bindings of one event on
/// one element (`of`): `debounce:300` and `throttle:100` (the first binding's that has one), and
/// each binding's key filter token, so that the client sends when any binding would run; none
/// when a binding of the event filters no key. `window` is carried by the element's `data-win`
/// attribute instead.
pub fn data<'a>(of: impl IntoIterator<Item = &'a Modifiers>) -> String {
    let of: Vec<&Modifiers> = of.into_iter().collect();
    let mut tokens = Vec::new();
    if let Some(ms) = of.iter().find_map(|m| m.debounce) {
        tokens.push(format!("debounce:{ms}"));
    }
    if let Some(ms) = of.iter().find_map(|m| m.throttle) {
        tokens.push(format!("throttle:{ms}"));
    }
    if of.iter().all(|m| m.keys.is_some()) {
        tokens.extend(
            of.iter()
                .filter_map(|m| m.keys.as_ref().map(KeyFilter::token)),
        );
    }
    tokens.join(" ")
}

/// Checks the modifiers of a binding of `event` (named at `name`): each known, each once, with
/// its argument where it takes one, and key filters and `window` only on key events.
pub fn check(
    event: DomEvent,
    name: &Name,
    modifiers: &[Modifier],
) -> Result<Modifiers, Diagnostic> {
    if event.is_hook() {
        return hook_name(name, modifiers);
    }
    if event.is_upload() {
        return upload_limits(modifiers);
    }
    let mut checked = Modifiers::default();
    let mut seen: Vec<&str> = Vec::new();
    for modifier in modifiers {
        let text = modifier.name.text.as_str();
        let error = |message: String| Diagnostic::new(modifier.name.pos.clone(), message);
        if seen.contains(&text) {
            return Err(error(format!("`{text}` is given twice")));
        }
        seen.push(text);
        if TIMED.contains(&text) {
            let ms = timed(modifier, text)?;
            if text == "debounce" {
                checked.debounce = Some(ms);
            } else {
                checked.throttle = Some(ms);
            }
            continue;
        }
        let key = KEY_NAMES
            .iter()
            .find(|(written, _)| *written == text)
            .map(|(_, dom)| (*dom).to_owned())
            .or_else(|| {
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if c.is_ascii_alphanumeric() => {
                        Some(c.to_ascii_lowercase().to_string())
                    }
                    _ => None,
                }
            });
        let modifier_key = MODIFIER_KEYS.iter().find(|(written, _)| *written == text);
        if text != "window" && key.is_none() && modifier_key.is_none() {
            let mut known: Vec<&str> = vec!["debounce", "throttle"];
            if event.is_key() {
                known.push("window");
                known.extend(MODIFIER_KEYS.iter().map(|(name, _)| *name));
                known.extend(KEY_NAMES.iter().map(|(name, _)| *name));
            }
            let mut error = error(format!("unknown modifier `{text}` of `{}`", name.text));
            error.help(unknown_help(text, &known, "the modifiers here are ", ""));
            return Err(error);
        }
        if let Some(arg) = &modifier.arg {
            let mut error = Diagnostic::new(arg.pos.clone(), format!("`{text}` takes no argument"));
            error.help(format!("write `.{text}`"));
            return Err(error);
        }
        if !event.is_key() {
            let mut error = error(format!(
                "`{text}` applies to key events; `{}` is not one",
                name.text
            ));
            error.help(
                "key filters and `window` go on `keydown` or `keyup`: `on keydown.enter -> save`",
            );
            return Err(error);
        }
        if text == "window" {
            checked.window = true;
            continue;
        }
        let filter = checked.keys.get_or_insert_with(KeyFilter::default);
        if let Some((_, bit)) = modifier_key {
            filter.modifiers |= bit;
        } else if let Some(previous) = &filter.key {
            return Err(error(format!(
                "a binding filters one key, and `{previous}` is already named"
            )));
        } else {
            filter.key = key;
        }
    }
    Ok(checked)
}

/// The one modifier of `on hook.<name>`: the name of the hook's event, which the server
/// checks as a key filter's key (`[a-z][a-z0-9_]*`, so that it matches as written).
fn hook_name(name: &Name, modifiers: &[Modifier]) -> Result<Modifiers, Diagnostic> {
    let help = "a hook's event is bound as `on hook.<name> -> handler(event.value)`, and its script sends it with `this.push(\"<name>\", value)`";
    let Some(first) = modifiers.first() else {
        let mut error = Diagnostic::new(
            name.pos.clone(),
            "`on hook` needs the name of the hook's event",
        );
        error.help(help);
        return Err(error);
    };
    let text = first.name.text.as_str();
    let valid = text.starts_with(|c: char| c.is_ascii_lowercase())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let problem = if !valid {
        Some((
            first.name.pos.clone(),
            format!("`{text}` is not a hook event's name: lowercase letters, digits and `_`"),
        ))
    } else if let Some(arg) = &first.arg {
        Some((arg.pos.clone(), format!("`{text}` takes no argument")))
    } else {
        modifiers.get(1).map(|extra| {
            (
                extra.name.pos.clone(),
                format!("`on hook.{text}` takes no other modifier"),
            )
        })
    };
    if let Some((pos, message)) = problem {
        let mut error = Diagnostic::new(pos, message);
        error.help(help);
        return Err(error);
    }
    Ok(Modifiers {
        keys: Some(KeyFilter {
            key: Some(text.to_owned()),
            modifiers: 0,
        }),
        ..Modifiers::default()
    })
}

/// The modifiers of `on upload`: `max_mb(n)` (1 to 4096) and `max_files(n)` (1 to 100).
fn upload_limits(modifiers: &[Modifier]) -> Result<Modifiers, Diagnostic> {
    let mut checked = Modifiers::default();
    for modifier in modifiers {
        let text = modifier.name.text.as_str();
        let (slot, most) = match text {
            "max_mb" => (&mut checked.max_mb, 4096),
            "max_files" => (&mut checked.max_files, 100),
            _ => {
                let mut error = Diagnostic::new(
                    modifier.name.pos.clone(),
                    format!("unknown modifier `{text}` of `upload`"),
                );
                error.help(unknown_help(
                    text,
                    &["max_mb", "max_files"],
                    "the modifiers here are ",
                    "",
                ));
                return Err(error);
            }
        };
        if slot.is_some() {
            return Err(Diagnostic::new(
                modifier.name.pos.clone(),
                format!("`{text}` is given twice"),
            ));
        }
        let value = modifier
            .arg
            .as_ref()
            .and_then(|arg| arg.text.trim().parse::<u32>().ok())
            .filter(|n| (1..=most).contains(n));
        let Some(value) = value else {
            let at = modifier
                .arg
                .as_ref()
                .map_or(&modifier.name.pos, |arg| &arg.pos);
            let mut error = Diagnostic::new(
                at.clone(),
                format!("`{text}` needs a whole number from 1 to {most}"),
            );
            error.help(format!("write `.{text}(10)`"));
            return Err(error);
        };
        *slot = Some(value);
    }
    Ok(checked)
}

/// The milliseconds of `debounce(ms)` or `throttle(ms)`.
fn timed(modifier: &Modifier, text: &str) -> Result<u32, Diagnostic> {
    let Some(arg) = &modifier.arg else {
        let mut error = Diagnostic::new(
            modifier.name.pos.clone(),
            format!("`{text}` needs a time in milliseconds"),
        );
        error.help(format!("write `.{text}(300)`"));
        return Err(error);
    };
    match arg.text.trim().parse::<u32>() {
        Ok(ms) if (1..=60_000).contains(&ms) => Ok(ms),
        _ => {
            let mut error = Diagnostic::new(
                arg.pos.clone(),
                format!("`{}` is not a time for `{text}`", arg.text),
            );
            error.help("give whole milliseconds from 1 to 60000: `.debounce(300)`");
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests;
