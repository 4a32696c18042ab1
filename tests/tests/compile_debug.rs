//! `{:?}` of a compiled component prints its fields as `#[derive(Debug)]` would; so do its
//! `Shared` struct and its emitted events. A field whose type has no `Debug` prints as `..`.

use hjx_runtime::{Child, Component, Event, EventKind, EventPayload, HydrationId, hjx};

/// A field type without `Debug`.
#[allow(missing_debug_implementations)]
pub struct Secret(pub u32);

hjx! {
    component Profile

    state:
      name = "Ada"
      visits = 3
      secret: Secret = Secret(7)

    shared:
      online = 2

    layout:
      p: "{{name}} {{visits}} {{secret.0}} {{online}}"
}

mod picker {
    use hjx_runtime::hjx;

    hjx! {
        component Picker

        state:
          choice = "red"

        layout:
          button (on click -> pick): "Pick"

        handlers:
          pick:
            emit picked(choice)
            emit cleared
    }
}

use picker::Picker;

#[test]
fn a_component_prints_its_fields_and_a_field_without_debug_as_dots() {
    assert_eq!(
        format!("{:?}", Profile::default()),
        r#"Profile { name: "Ada", visits: 3, secret: .. }"#
    );
    assert_eq!(
        format!("{:?}", ProfileShared::default()),
        "ProfileShared { online: 2 }"
    );
}

#[test]
fn emitted_events_print_their_names_and_values() {
    let mut picker = Picker::default();
    let html = picker.render_to_string(&());
    assert!(html.contains("<button data-hid=\"1\""), "{html}");
    let click = Event {
        hid: HydrationId(1),
        kind: EventKind::Click,
        payload: EventPayload::None,
    };
    picker.handle(&mut (), &click).expect("the button is bound");
    assert_eq!(
        format!("{:?}", picker.take_emits()),
        r#"[picked("red"), cleared]"#
    );
    assert_eq!(format!("{picker:?}"), r#"Picker { choice: "red" }"#);
}
