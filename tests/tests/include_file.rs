//! `include_hjx!` compiles a `.hjx` file with the same grammar as inline markup.

use hjx_runtime::{Component, Event, EventKind, EventPayload, HydrationId, PatchOp, PatchScope};

hjx_runtime::include_hjx!("../hjx/Profile.hjx");

#[test]
fn a_hjx_file_renders_with_its_id_classes_and_scoped_style() {
    let html = Profile::default().render_to_string(&());
    let scope = Profile::META.scope;
    assert_eq!(
        html,
        format!(
            "<div id=\"root\" class=\"profile md:w-1/2\" data-hjx-scope=\"{scope}\">\
             <span class=\"greeting\" data-hid=\"1\">Welcome Ada</span>\
             <button class=\"primary\" data-hid=\"2\" data-on=\"click\">Follow</button>\
             <div title=\"Status\" data-hid=\"3\">150 followers, 2 tags</div></div>"
        )
    );
}

#[test]
fn a_hjx_file_handles_events_and_patches() {
    let mut profile = Profile::default();
    let event = Event {
        hid: HydrationId(2),
        kind: EventKind::Click,
        payload: EventPayload::None,
    };
    let handled = profile.handle(&mut (), &event).unwrap();
    let mut ops = Vec::new();
    profile.patch(&(), handled.dirty, PatchScope::All, &mut ops);
    assert_eq!(
        ops,
        vec![PatchOp::SetText {
            hid: HydrationId(3),
            text: "151 followers, 2 tags".into()
        }]
    );
}
