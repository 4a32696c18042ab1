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
        Badge (label="Tap to widen" on click -> widen)
        button.rename (on click -> rename): "Rename"

    handlers:
      rename:
        set heading = "Scores".to_owned()
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

/// The hydration ID of the first element whose markup contains `marker`.
fn hid_of(html: &str, marker: &str) -> u32 {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {html}"));
    let tag_start = html[..=at].rfind('<').expect("an element");
    let tag = &html[tag_start..];
    let tag = &tag[..tag.find('>').expect("tag end")];
    tag.split("data-hid=\"")
        .nth(1)
        .expect("a data-hid")
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

fn hids(html: &str) -> Vec<u32> {
    html.split("data-hid=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().parse().unwrap())
        .collect()
}

#[test]
fn renders_children_with_props_slots_and_class() {
    let page = Page::default();
    assert_eq!(
        page.render_to_string(&()),
        "<main><hjx-c data-hid=\"1\"><section class=\"card narrow\"><header><h2 data-hid=\"8\">Totals</h2>\
         <button class=\"toggle\" data-hid=\"9\" data-on=\"click\">Hide</button></header>\
         <hjx-if data-hid=\"10\"><div class=\"body\"><span class=\"sum\" data-hid=\"2\">Total: 0</span>\
         <hjx-c data-hid=\"3\"><div class=\"stepper\"><button class=\"down\" data-hid=\"11\" data-on=\"click\">−</button>\
         <span class=\"value\" data-hid=\"12\">0</span><button class=\"up\" data-hid=\"13\" data-on=\"click\">+</button>\
         </div></hjx-c></div></hjx-if><footer><hjx-c data-hid=\"4\"><span class=\"badge ok\" data-hid=\"14\">0 points</span>\
         </hjx-c></footer></section></hjx-c><button class=\"widen\" data-hid=\"5\" data-on=\"click\">Widen</button>\
         <hjx-c data-hid=\"6\" data-on=\"click\"><span class=\"badge info\" data-hid=\"15\">Tap to widen</span></hjx-c>\
         <button class=\"rename\" data-hid=\"7\" data-on=\"click\">Rename</button></main>"
    );
    // The page's style carries every child's style once, with the wrappers' rule.
    assert!(
        Page::META
            .styles()
            .starts_with("hjx-if,hjx-for,hjx-item,hjx-c{display:contents}")
    );
}

#[test]
fn hydration_ids_stay_unique_through_re_renders() {
    let mut page = Page::default();
    let html = page.render_to_string(&());
    let mut seen = hids(&html);
    let count = seen.len();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), count, "{html}");
    // Hiding and showing the card's body renders the stepper again, with fresh IDs.
    let toggle = hid_of(&html, "class=\"toggle\"");
    run(&mut page, click(toggle));
    let ops = run(&mut page, click(toggle));
    let Some(PatchOp::ReplaceHtml { html: body, .. }) = ops
        .iter()
        .find(|op| matches!(op, PatchOp::ReplaceHtml { .. }))
    else {
        panic!("the body is shown again: {ops:?}");
    };
    for hid in hids(body) {
        if hid > 4 {
            assert!(!seen.contains(&hid), "{hid} reused in {body}");
        }
    }
    // The stepper answers at its new IDs.
    let up = hid_of(body, "class=\"up\"");
    run(&mut page, click(up));
    assert_eq!(page.total, 2);
}

#[test]
fn a_child_event_patches_the_child_and_emits_to_the_parent() {
    let mut page = Page::default();
    let html = page.render_to_string(&());
    let up = hid_of(&html, "class=\"up\"");
    let ops = run(&mut page, click(up));
    assert_eq!(
        page.total, 2,
        "the `step` prop is 2 and `changed` set the total"
    );
    assert_eq!(
        ops,
        vec![
            PatchOp::SetText {
                hid: HydrationId(2),
                text: "Total: 2".into()
            },
            PatchOp::SetText {
                hid: HydrationId(hid_of(&html, "class=\"value\"")),
                text: "2".into()
            },
            PatchOp::SetText {
                hid: HydrationId(hid_of(&html, "class=\"badge")),
                text: "2 points".into()
            },
        ]
    );
}

#[test]
fn a_child_change_that_emits_nothing_touches_only_the_child() {
    let mut page = Page::default();
    let html = page.render_to_string(&());
    let toggle = hid_of(&html, "class=\"toggle\"");
    let ops = run(&mut page, click(toggle));
    // Card's own elements only: its button's text and its `if` region, now empty.
    assert_eq!(
        ops,
        vec![
            PatchOp::SetText {
                hid: HydrationId(toggle),
                text: "Show".into()
            },
            PatchOp::ReplaceHtml {
                hid: HydrationId(hid_of(&html, "<hjx-if")),
                html: String::new()
            },
        ]
    );
    for op in &ops {
        assert!((8..=10).contains(&op.hid().0), "{op:?} is outside the card");
    }
}

#[test]
fn a_prop_that_reads_a_changed_field_is_set_again() {
    let mut page = Page::default();
    let html = page.render_to_string(&());
    let ops = run(&mut page, click(hid_of(&html, "class=\"rename\"")));
    assert_eq!(
        ops,
        vec![PatchOp::SetText {
            hid: HydrationId(hid_of(&html, "<h2")),
            text: "Scores".into()
        }]
    );
}

#[test]
fn a_changed_class_renders_the_instance_again() {
    let mut page = Page::default();
    let html = page.render_to_string(&());
    let ops = run(&mut page, click(hid_of(&html, "class=\"widen\"")));
    let [PatchOp::ReplaceHtml { hid, html: card }] = ops.as_slice() else {
        panic!("one op: {ops:?}");
    };
    assert_eq!(hid.0, 1);
    assert!(card.starts_with("<section class=\"card wide\">"), "{card}");
    // The fresh render is what a fresh page would show inside the wrapper.
    let page_html = page.render_to_string(&());
    let inner = &page_html["<main><hjx-c data-hid=\"1\">".len()
        ..page_html.find("</hjx-c><button class=\"widen\"").unwrap()];
    let strip = |s: &str| {
        s.split("data-hid=\"")
            .map(|p| p.trim_start_matches(|c: char| c.is_ascii_digit()))
            .collect::<String>()
    };
    assert_eq!(strip(card), strip(inner));
}

#[test]
fn an_unknown_id_is_refused_by_every_child() {
    let mut page = Page::default();
    page.render_to_string(&());
    let err = page.handle(&mut (), &click(999)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no element with hydration ID 999 binds a `click` event"
    );
}

#[test]
fn a_dom_event_on_an_instance_runs_the_parent_handler() {
    let mut page = Page::default();
    let html = page.render_to_string(&());
    // The wrapper of the Badge binds `click`; a click inside the badge bubbles to it.
    let wrapper = hid_of(&html, "<hjx-c data-hid=\"6\" data-on");
    assert_eq!(wrapper, 6);
    assert!(!page.wide);
    let ops = run(&mut page, click(wrapper));
    assert!(page.wide);
    assert!(
        matches!(
            ops.as_slice(),
            [PatchOp::ReplaceHtml {
                hid: HydrationId(1),
                ..
            }]
        ),
        "{ops:?}"
    );
}
