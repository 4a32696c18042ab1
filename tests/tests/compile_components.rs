//! Components inside components, compiled and driven without a socket: props, slots, the
//! merged class, emitted events, and hydration IDs that stay unique on the page.

use hjx_runtime::{
    Component, Event, EventKind, EventPayload, FieldSet, HydrationId, PatchOp, PatchScope, Tracked,
    hjx,
};

mod widgets {
    use hjx_runtime::hjx;

    hjx! {
        component Badge

        state:
          label = ""
          tone = "info"

        layout:
          text.badge (class="{{tone}}"): "{{label}}"
    }
}

use widgets::Badge;

hjx! {
    component Page

    imports:
      Card from "./components/Card.hjx"
      Stepper from "./components/Stepper.hjx"

    state:
      total: i64 = 0
      heading = "Totals"
      wide = false

    layout:
      main:
        Card (title="{{heading}}" class="{{if wide { \"wide\" } else { \"narrow\" } }}"):
          text.sum: "Total: {{total}}"
          Stepper (step="{{2}}" on changed -> got)
          slot footer:
            Badge (label="{{total}} points" tone="ok")
        button.widen (on click -> widen): "Widen"

    handlers:
      got(value: i64):
        set total = value
      widen:
        set wide = !wide
}

fn click(hid: u32) -> Event {
    Event {
        hid: HydrationId(hid),
        kind: EventKind::Click,
        payload: EventPayload::None,
    }
}

fn run(page: &mut Page, event: Event) -> Vec<PatchOp> {
    let handled = page.handle(&mut (), &event).expect("bound");
    let dirty: FieldSet = handled.dirty.union(page.take_dirty());
    let mut ops = Vec::new();
    page.patch(&(), dirty, PatchScope::All, &mut ops);
    ops
}

#[test]
fn renders_children_with_props_slots_and_class() {
    let page = Page::default();
    let html = page.render_to_string(&());
    println!("{html}");
    assert!(html.contains("<h2"), "{html}");
}

#[test]
fn child_events_patch_only_the_child_and_emit_to_the_parent() {
    let mut page = Page::default();
    let html = page.render_to_string(&());
    let up = html.find("class=\"up\"").expect("stepper up");
    let hid: u32 = html[up..]
        .split("data-hid=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let ops = run(&mut page, click(hid));
    println!("{ops:?}");
    assert_eq!(page.total, 2);
}
