use super::*;
use crate::ast::{Arg, Node};

/// The modifiers of the first binding in `args`, as the parser splits them, checked.
fn checked(args: &str) -> Result<Modifiers, String> {
    let markup =
        format!("component C\n\nlayout:\n  input ({args})\n\nhandlers:\n  go:\n    log \"go\"\n");
    let (component, diagnostics) = crate::parse(&markup);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let layout = component.layout.expect("a layout");
    let Node::Element(input) = &layout.nodes[0] else {
        panic!("an element")
    };
    let Arg::On {
        event, modifiers, ..
    } = &input.args[0]
    else {
        panic!("a binding")
    };
    let dom = DomEvent::named(&event.text).expect("a DOM event");
    check(dom, event, modifiers)
        .map_err(|error| format!("{} @ {}", error, &markup[error.span.clone()]))
}

#[test]
fn timing_modifiers_take_milliseconds() {
    let input = checked("on input.debounce(300) -> go").expect("valid");
    assert_eq!(input.debounce, Some(300));
    assert_eq!(data([&input]), "debounce:300");
    let both = checked("on input.throttle(100).debounce(5) -> go").expect("valid");
    assert_eq!((both.throttle, both.debounce), (Some(100), Some(5)));
    assert_eq!(
        checked("on input.debounce -> go").unwrap_err(),
        "`debounce` needs a time in milliseconds\nhelp: write `.debounce(300)` @ debounce"
    );
    assert!(
        checked("on input.debounce(soon) -> go")
            .unwrap_err()
            .ends_with("@ soon")
    );
    assert!(checked("on input.debounce(0) -> go").is_err());
}

#[test]
fn key_filters_name_one_key_and_any_modifier_keys() {
    let save = checked("on keydown.ctrl.s -> go").expect("valid");
    let filter = save.keys.clone().expect("a filter");
    assert_eq!(
        filter,
        KeyFilter {
            key: Some("s".into()),
            modifiers: 1
        }
    );
    assert_eq!(data([&save]), "s/1");
    assert!(filter.matches("s", 1));
    assert!(
        filter.matches("S", 3),
        "shift held as well, and the letter in capitals"
    );
    assert!(!filter.matches("s", 0), "ctrl is required");
    assert!(!filter.matches("d", 1));

    let enter = checked("on keyup.enter -> go")
        .expect("valid")
        .keys
        .expect("a filter");
    assert!(enter.matches("Enter", 0));
    assert!(!enter.matches("a", 0));
    let space = checked("on keydown.space -> go")
        .expect("valid")
        .keys
        .expect("a filter");
    assert!(space.matches(" ", 0));
    let up = checked("on keydown.up -> go").expect("valid");
    assert_eq!(data([&up]), "arrowup/0");
    assert!(up.keys.expect("a filter").matches("ArrowUp", 0));

    let shortcut = checked("on keydown.window.escape -> go").expect("valid");
    assert!(shortcut.window);
    assert_eq!(data([&shortcut]), "escape/0");
}

#[test]
fn a_wrong_modifier_is_an_error_at_its_token() {
    assert_eq!(
        checked("on keydown.entr -> go").unwrap_err(),
        "unknown modifier `entr` of `keydown`\nhelp: did you mean `enter`? @ entr"
    );
    assert_eq!(
        checked("on input.debounse(300) -> go").unwrap_err(),
        "unknown modifier `debounse` of `input`\nhelp: did you mean `debounce`? @ debounse"
    );
    assert_eq!(
        checked("on click.enter -> go").unwrap_err(),
        "`enter` applies to key events; `click` is not one\nhelp: key filters and `window` go on `keydown` or `keyup`: `on keydown.enter -> save` @ enter"
    );
    assert!(
        checked("on keydown.enter.escape -> go")
            .unwrap_err()
            .contains("one key")
    );
    assert!(
        checked("on keydown.enter.enter -> go")
            .unwrap_err()
            .contains("twice")
    );
    assert!(
        checked("on keydown.enter(1) -> go")
            .unwrap_err()
            .contains("takes no argument")
    );
}

#[test]
fn the_attribute_of_several_bindings_sends_when_any_would_run() {
    let enter = checked("on keydown.enter.debounce(50) -> go").expect("valid");
    let escape = checked("on keydown.escape -> go").expect("valid");
    let any = checked("on keydown -> go").expect("valid");
    assert_eq!(data([&enter, &escape]), "debounce:50 enter/0 escape/0");
    assert_eq!(
        data([&enter, &any]),
        "debounce:50",
        "an unfiltered binding takes every key"
    );
}

#[test]
fn the_new_events_are_key_events_or_not() {
    assert!(DomEvent::named("keyup").expect("keyup").is_key());
    for name in ["dblclick", "mouseenter", "mouseleave"] {
        assert!(!DomEvent::named(name).expect(name).is_key());
    }
    assert!(checked("on keydown -> go").expect("valid").is_empty());
}
