//! `if` / `else if` / `else`: a branch change replaces the region in one op; otherwise only
//! the live branch's spots that read a changed field are patched.

use hjx_runtime::{Component, FieldSet, HydrationId, PatchOp, PatchScope, Tracked, hjx};

hjx! {
    component Plan

    state:
      name = "Ada"
      followers = 0
      premium = false

    layout:
      view.profile:
        if (premium):
          text.badge: "Premium {{name}}"
        else if (followers > 100):
          text: "Popular {{name}} ({{followers}})"
        else:
          text: "Free plan"
        text: "{{followers}} followers"
}

fn patch(plan: &mut Plan) -> Vec<PatchOp> {
    let dirty: FieldSet = plan.take_dirty();
    let mut ops = Vec::new();
    plan.patch(&(), dirty, PatchScope::All, &mut ops);
    ops
}

#[test]
fn renders_the_live_branch_inside_its_region() {
    let plan = Plan::default();
    assert_eq!(
        plan.render_to_string(&()),
        "<div class=\"profile\"><hjx-if data-hid=\"1\"><span>Free plan</span></hjx-if>\
         <span data-hid=\"4\">0 followers</span></div>"
    );
    assert!(
        Plan::META
            .style
            .starts_with("hjx-if,hjx-for,hjx-item,hjx-c{display:contents}")
    );
}

#[test]
fn a_branch_change_is_one_replace_and_a_change_inside_a_branch_is_one_set_text() {
    let mut plan = Plan::default();
    let _ = plan.render_to_string(&());

    plan.set_followers(150);
    let ops = patch(&mut plan);
    assert_eq!(
        ops,
        vec![
            PatchOp::ReplaceHtml {
                hid: HydrationId(1),
                html: "<span data-hid=\"3\">Popular Ada (150)</span>".into()
            },
            PatchOp::SetText {
                hid: HydrationId(4),
                text: "150 followers".into()
            },
        ]
    );

    plan.set_followers(151);
    let ops = patch(&mut plan);
    assert_eq!(
        ops,
        vec![
            PatchOp::SetText {
                hid: HydrationId(3),
                text: "Popular Ada (151)".into()
            },
            PatchOp::SetText {
                hid: HydrationId(4),
                text: "151 followers".into()
            },
        ]
    );

    plan.set_name("Grace".into());
    let ops = patch(&mut plan);
    assert_eq!(
        ops,
        vec![PatchOp::SetText {
            hid: HydrationId(3),
            text: "Popular Grace (151)".into()
        }]
    );

    plan.set_premium(true);
    let ops = patch(&mut plan);
    assert_eq!(
        ops,
        vec![PatchOp::ReplaceHtml {
            hid: HydrationId(1),
            html: "<span class=\"badge\" data-hid=\"2\">Premium Grace</span>".into()
        }]
    );

    // A field that only a hidden branch reads changes nothing on the page.
    plan.set_followers(5);
    let ops = patch(&mut plan);
    assert_eq!(
        ops,
        vec![PatchOp::SetText {
            hid: HydrationId(4),
            text: "5 followers".into()
        }]
    );
}

hjx! {
    component Status

    shared:
      online = false

    state:
      seen = 0

    layout:
      if (online):
        text: "online"
      else:
        text: "offline"
      if (online):
        text: "seen {{seen}}"
}

#[test]
fn a_region_reading_only_shared_fields_patches_in_the_shared_scope() {
    let status = Status::default();
    let mut shared = StatusShared::default();
    let _ = status.render_to_string(&shared);
    shared.set_online(true);
    let dirty = shared.take_dirty();

    let mut shared_ops = Vec::new();
    status.patch(&shared, dirty, PatchScope::SharedOnly, &mut shared_ops);
    assert_eq!(
        shared_ops,
        vec![PatchOp::ReplaceHtml {
            hid: HydrationId(1),
            html: "<span>online</span>".into()
        }]
    );

    // The second region shows a per-session value: each session replaces it itself.
    let mut session_ops = Vec::new();
    status.patch(&shared, dirty, PatchScope::SessionOnly, &mut session_ops);
    assert_eq!(
        session_ops,
        vec![PatchOp::ReplaceHtml {
            hid: HydrationId(2),
            html: "<span data-hid=\"3\">seen 0</span>".into()
        }]
    );
}
