//! Composition (`Composition.hjx`): a page made of the components in `components/`: `Card`
//! (a slot and a footer slot), `Button` (variants, emits `pressed`) and `TextInput` (a bound
//! input that emits `changed`).

use hjx_runtime::include_hjx;

include_hjx!("Composition.hjx");

/// `Hello, Ada!`, or a prompt while the name is empty.
pub fn greeting(name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        "Type a name above.".to_owned()
    } else {
        format!("Hello, {name}!")
    }
}

/// `saved` with `name` added at the end, trimmed.
pub fn with_name(saved: &[String], name: &str) -> Vec<String> {
    let mut saved = saved.to_vec();
    saved.push(name.trim().to_owned());
    saved
}
