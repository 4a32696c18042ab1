//! What `hjx!` generates, seen through the `Component` trait: a Dashboard with
//! `shared:` state and a `script:` init, escaping, scoped style, and patch minimality.

use hjx_runtime::{
    Component, Event, EventKind, EventPayload, FieldSet, HydrationId, PatchOp, PatchScope,
    SharedStore, hjx,
};

hjx! {
    component Dashboard

    shared:
      time = ""
      cpu = 0.0
      memory = 0.0

    script:
      fn init_shared(store: SharedStore<Self>) {
          let ticker = store.clone();
          store.spawn(async move {
              let mut interval = tokio::time::interval(std::time::Duration::from_secs(1));
              loop {
                  interval.tick().await;
                  ticker.set(|shared| shared.set_cpu(shared.cpu + 1.0));
              }
          });
      }

    layout:
      view.container:
        text: "Server Time: {{time}}"
        text: "CPU: {{format!(\"{:.0}\", cpu)}}%"
        text: "Memory: {{memory}}%"
}

#[test]
fn dashboard_renders_its_markup_from_shared_state() {
    let dashboard = Dashboard::default();
    let shared = DashboardShared {
        time: "12:00:00".into(),
        cpu: 42.4,
        memory: 10.5,
        ..Default::default()
    };
    assert_eq!(
        dashboard.render_to_string(&shared),
        "<div class=\"container\"><span data-hid=\"1\">Server Time: 12:00:00</span>\
         <span data-hid=\"2\">CPU: 42%</span><span data-hid=\"3\">Memory: 10.5%</span></div>"
    );
}

#[test]
fn shared_setters_track_changes_and_shared_spots_patch_in_the_shared_scope() {
    use hjx_runtime::Tracked;
    let dashboard = Dashboard::default();
    let mut shared = DashboardShared::default();
    shared.set_cpu(99.0);
    let dirty = shared.take_dirty();
    assert_eq!(dirty, FieldSet::bit(1));
    assert!(
        shared.take_dirty().is_empty(),
        "taking the record clears it"
    );

    let mut ops = Vec::new();
    dashboard.patch(&shared, dirty, PatchScope::SharedOnly, &mut ops);
    assert_eq!(
        ops,
        vec![PatchOp::SetText {
            hid: HydrationId(2),
            text: "CPU: 99%".into()
        }]
    );
    ops.clear();
    dashboard.patch(&shared, dirty, PatchScope::SessionOnly, &mut ops);
    assert!(
        ops.is_empty(),
        "a spot reading only shared fields is not a per-session patch"
    );
    assert_eq!(Dashboard::META.shared, FieldSet(0b111));
}

hjx! {
    component Profile

    state:
      name = "Ada"
      bio = "<script>alert(1)</script>"
      followers = 150
      premium = false
      notes = 0

    style:
      .profile { padding: 24px; }

    layout:
      view.profile:
        text.greeting: "Welcome {{name}}"
        text (title="{{name}} & co"): "{{followers}} followers of {{name}}"
        text.bio: "{{bio}}"
        button (on click -> follow): "Follow"
        button (on click -> note): "Note"
        input (type="checkbox" bind checked <-> premium)

    handlers:
      follow:
        set followers = followers + 1
      note:
        set notes = notes + 1
        log "noted {{notes}}"
}

#[test]
fn state_values_render_escaped_as_text() {
    let html = Profile::default().render_to_string(&());
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("title=\"Ada &amp; co\""), "{html}");
}

#[test]
fn style_is_scoped_to_the_component_root() {
    let html = Profile::default().render_to_string(&());
    let scope = Profile::META.scope;
    assert!(scope.starts_with("Profile-"), "{scope}");
    assert!(
        html.starts_with(&format!(
            "<div class=\"profile\" data-hjx-scope=\"{scope}\">"
        )),
        "{html}"
    );
    assert!(
        Profile::META
            .style
            .contains(&format!("[data-hjx-scope=\"{scope}\"] .profile"))
    );
}

#[test]
fn a_handler_writing_an_unread_field_yields_no_patch() {
    let mut profile = Profile::default();
    let handled = profile
        .handle(
            &mut (),
            &Event {
                hid: HydrationId(5),
                kind: EventKind::Click,
                payload: EventPayload::None,
            },
        )
        .unwrap();
    assert_eq!(handled.handler, "note");
    let mut ops = Vec::new();
    profile.patch(&(), handled.dirty, PatchScope::All, &mut ops);
    assert!(ops.is_empty(), "{ops:?}");
    assert_eq!(profile.notes, 1);
}

#[test]
fn a_field_read_by_two_spots_yields_two_patches() {
    let mut profile = Profile::default();
    profile.set_name("Grace".into());
    use hjx_runtime::Tracked;
    let dirty = profile.take_dirty();
    let mut ops = Vec::new();
    profile.patch(&(), dirty, PatchScope::All, &mut ops);
    assert_eq!(
        ops,
        vec![
            PatchOp::SetText {
                hid: HydrationId(1),
                text: "Welcome Grace".into()
            },
            PatchOp::SetAttr {
                hid: HydrationId(2),
                name: "title",
                value: "Grace & co".into()
            },
            PatchOp::SetText {
                hid: HydrationId(2),
                text: "150 followers of Grace".into()
            },
        ]
    );
}

#[test]
fn unbound_events_are_refused_and_change_nothing() {
    let mut profile = Profile::default();
    for (hid, kind) in [
        (1, EventKind::Click),
        (4, EventKind::Input),
        (99, EventKind::Click),
    ] {
        let event = Event {
            hid: HydrationId(hid),
            kind,
            payload: EventPayload::None,
        };
        assert!(profile.handle(&mut (), &event).is_err());
    }
    assert_eq!(profile.followers, 150);
    assert_eq!(profile.notes, 0);
}

#[test]
fn bind_checked_follows_the_checkbox_and_patches_the_attribute() {
    let mut profile = Profile::default();
    let binding = Profile::META
        .bindings
        .iter()
        .find(|b| b.handler == "bind:premium")
        .unwrap();
    assert_eq!(binding.kind, EventKind::Change);
    let event = Event {
        hid: binding.hid,
        kind: EventKind::Change,
        payload: EventPayload::Checked(true),
    };
    let handled = profile.handle(&mut (), &event).unwrap();
    assert!(profile.premium);
    let mut ops = Vec::new();
    profile.patch(&(), handled.dirty, PatchScope::All, &mut ops);
    assert_eq!(
        ops,
        vec![PatchOp::SetAttr {
            hid: binding.hid,
            name: "checked",
            value: String::new()
        }]
    );
    assert!(
        profile
            .render_to_string(&())
            .contains("type=\"checkbox\" checked data-hid")
    );
}

hjx! {
    component Numbers

    state:
      small: i8 = -128
      big: u64 = 18446744073709551615
      size: isize = -5
      name = "a<b"
      ratio = 1.5
      items: Vec<i64> = vec![-1, 0, 1234567]

    layout:
      p.values: "{{small}} {{big}} {{size}} {{name}} {{ratio}} {{&name}}"
      ul:
        for (item in items):
          li: "{{item}}|{{*item}}"
}

#[test]
fn integers_strings_and_other_values_render_as_display_writes_them() {
    let html = Numbers::default().render_to_string(&());
    assert!(
        html.contains(">-128 18446744073709551615 -5 a&lt;b 1.5 a&lt;b<"),
        "{html}"
    );
    for item in ["-1|-1", "0|0", "1234567|1234567"] {
        assert!(html.contains(&format!(">{item}<")), "{item} in {html}");
    }
}
