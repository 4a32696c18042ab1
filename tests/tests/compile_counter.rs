//! The Counter (the example app's own component), compiled by `hjx!`: render, handle
//! and patch.

use hjx_runtime::{
    Component, Event, EventKind, EventPayload, FieldSet, HydrationId, PatchOp, PatchScope,
};

use hjx_examples::counter::Counter;

#[test]
fn counter_renders_with_hydration_ids() {
    let counter = Counter::default();
    assert_eq!(
        counter.render_to_string(&()),
        "<div class=\"counter\"><span data-hid=\"1\">Count: 0</span><button data-hid=\"2\" data-on=\"click\">+</button></div>"
    );
}

#[test]
fn increment_yields_one_set_text() {
    let mut counter = Counter::default();
    let handled = counter
        .handle(
            &mut (),
            &Event {
                hid: HydrationId(2),
                kind: EventKind::Click,
                payload: EventPayload::None,
            },
        )
        .unwrap();
    assert_eq!(handled.handler, "increment");
    assert_eq!(handled.dirty, FieldSet::bit(0));
    let mut ops = Vec::new();
    counter.patch(&(), handled.dirty, PatchScope::All, &mut ops);
    assert_eq!(
        ops,
        vec![PatchOp::SetText {
            hid: HydrationId(1),
            text: "Count: 1".into()
        }]
    );
}
