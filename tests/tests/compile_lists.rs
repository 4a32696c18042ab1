//! `for` blocks: keyed and positional lists, item events that capture the item's values, nested
//! lists and conditionals inside items, and patches that stay minimal.

use hjx_runtime::{
    Component, Event, EventKind, EventPayload, FieldSet, HydrationId, PatchOp, PatchScope, Tracked,
    hjx,
};

/// A row of the lists below.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    id: u64,
    label: String,
    done: bool,
}

fn row(id: u64, label: &str) -> Row {
    Row {
        id,
        label: label.to_owned(),
        done: false,
    }
}

hjx! {
    component Rows

    state:
      rows: Vec<Row> = Vec::new()
      title = "Rows"
      removed: Vec<u64> = Vec::new()

    layout:
      view.rows:
        text.title: "{{title}}"
        ul:
          for (row, i in rows, key: row.id):
            li (class="{{ if row.done { \"done\" } else { \"\" } }}"):
              text: "{{i}}. {{row.label}}"
              input (type="checkbox" checked="{{row.done}}" on change -> toggle(row.id))
              button (on click -> remove(row.id)): "x"

    handlers:
      toggle(id: u64):
        call self.toggle_row(id)
      remove(id: u64):
        set removed = [removed.clone(), vec![id]].concat()
        set rows = rows.iter().filter(|r| r.id != id).cloned().collect()

    script:
      fn toggle_row(&mut self, id: u64) {
          for row in self.rows.iter_mut().filter(|r| r.id == id) {
              row.done = !row.done;
          }
      }
}

fn patch(rows: &mut Rows) -> Vec<PatchOp> {
    let dirty: FieldSet = rows.take_dirty();
    let mut ops = Vec::new();
    rows.patch(&(), dirty, PatchScope::All, &mut ops);
    ops
}

fn with_rows(n: u64) -> Rows {
    let mut rows = Rows::default();
    rows.set_rows((0..n).map(|i| row(i, &format!("row {i}"))).collect());
    let _ = rows.take_dirty();
    let _ = rows.render_to_string(&());
    rows
}

fn click(hid: u32) -> Event {
    Event {
        hid: HydrationId(hid),
        kind: EventKind::Click,
        payload: EventPayload::None,
    }
}

#[test]
fn renders_items_with_their_own_hydration_ids_inside_the_container() {
    let rows = with_rows(2);
    assert_eq!(
        rows.render_to_string(&()),
        "<div class=\"rows\"><span class=\"title\" data-hid=\"1\">Rows</span><ul data-hid=\"2\">\
         <li class=\"\" data-hid=\"3\"><span data-hid=\"4\">0. row 0</span>\
         <input type=\"checkbox\" data-hid=\"5\" data-on=\"change\"><button data-hid=\"6\" data-on=\"click\">x</button></li>\
         <li class=\"\" data-hid=\"7\"><span data-hid=\"8\">1. row 1</span>\
         <input type=\"checkbox\" data-hid=\"9\" data-on=\"change\"><button data-hid=\"10\" data-on=\"click\">x</button></li>\
         </ul></div>"
    );
}

#[test]
fn one_changed_row_of_ten_thousand_is_one_op() {
    let mut rows = with_rows(10_000);
    rows.rows[5_000].label = "changed".into();
    rows.set_rows(rows.rows.clone());
    let ops = patch(&mut rows);
    assert_eq!(ops.len(), 1, "{ops:?}");
    assert!(matches!(&ops[0], PatchOp::SetText { text, .. } if text == "5000. changed"));
}

#[test]
fn insert_at_the_front_of_a_thousand_is_one_insert_plus_the_shifted_indices() {
    // Without the index in the text, an insert at the front is exactly one op.
    let mut rows = with_rows(1_000);
    let mut next = rows.rows.clone();
    next.insert(0, row(5_000, "new"));
    rows.set_rows(next);
    let ops = patch(&mut rows);
    let inserts: Vec<_> = ops
        .iter()
        .filter(|op| matches!(op, PatchOp::Insert { .. }))
        .collect();
    assert_eq!(inserts.len(), 1);
    assert!(
        matches!(inserts[0], PatchOp::Insert { hid: HydrationId(2), index: 0, html } if html.contains("0. new"))
    );
    // Every other op is a kept row's index text changing, never a structural op.
    assert!(
        ops.iter()
            .all(|op| matches!(op, PatchOp::Insert { .. } | PatchOp::SetText { .. }))
    );
}

#[test]
fn an_item_event_runs_the_handler_with_the_items_value() {
    let mut rows = with_rows(3);
    // The second row's button: base 7, offset 3.
    let handled = rows.handle(&mut (), &click(10)).expect("bound in the item");
    assert_eq!(handled.handler, "remove");
    assert_eq!(rows.removed, vec![1]);
    assert_eq!(
        rows.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![0, 2]
    );
    let mut ops = Vec::new();
    rows.patch(&(), handled.dirty, PatchScope::All, &mut ops);
    assert_eq!(
        ops,
        vec![
            PatchOp::SetText {
                hid: HydrationId(12),
                text: "1. row 2".into()
            },
            PatchOp::Remove {
                hid: HydrationId(2),
                index: 1
            },
        ]
    );
    // The removed row's hydration IDs are gone: a second click is refused.
    assert!(rows.handle(&mut (), &click(10)).is_err());
}

#[test]
fn toggling_a_row_patches_its_flag_and_class_only() {
    let mut rows = with_rows(3);
    let handled = rows
        .handle(
            &mut (),
            &Event {
                hid: HydrationId(9),
                kind: EventKind::Change,
                payload: EventPayload::Checked(true),
            },
        )
        .expect("bound");
    assert!(rows.rows[1].done);
    let mut ops = Vec::new();
    rows.patch(&(), handled.dirty, PatchScope::All, &mut ops);
    assert_eq!(
        ops,
        vec![
            PatchOp::SetAttr {
                hid: HydrationId(7),
                name: "class",
                value: "done".into()
            },
            PatchOp::SetAttr {
                hid: HydrationId(9),
                name: "checked",
                value: String::new()
            },
        ]
    );
}

#[test]
fn swapping_two_rows_moves_only_those() {
    let mut rows = Rows::default();
    rows.set_rows((0..1_000).map(|i| row(i, "same")).collect());
    let _ = rows.take_dirty();
    let _ = rows.render_to_string(&());
    let mut next = rows.rows.clone();
    next.swap(10, 900);
    rows.set_rows(next);
    let ops = patch(&mut rows);
    let moves = ops
        .iter()
        .filter(|op| matches!(op, PatchOp::Move { .. }))
        .count();
    assert_eq!(moves, 2, "{ops:?}");
    // The two rows' index texts change too; nothing else does.
    assert_eq!(ops.len(), 4, "{ops:?}");
}

#[test]
fn unbound_hydration_ids_and_kinds_are_refused() {
    let mut rows = with_rows(2);
    assert!(rows.handle(&mut (), &click(4)).is_err(), "a text span");
    assert!(
        rows.handle(&mut (), &click(999)).is_err(),
        "no such element"
    );
    assert_eq!(rows.rows.len(), 2);
}

hjx! {
    component Groups

    state:
      groups: Vec<(String, Vec<u32>)> = vec![("a".to_owned(), vec![1, 2]), ("b".to_owned(), vec![3])]
      picked: u32 = 0
      show_even = true

    layout:
      view:
        for (group in groups, key: group.0.clone()):
          section:
            text.name: "{{group.0}}"
            for (n in group.1.iter()):
              if (n % 2 == 0 && show_even):
                button (on click -> pick(*n)): "even {{n}}"
              else:
                text: "odd {{n}}"
        text: "picked {{picked}}"

    handlers:
      pick(n: u32):
        set picked = n
}

#[test]
fn nested_lists_and_conditionals_render_and_dispatch() {
    let mut groups = Groups::default();
    let html = groups.render_to_string(&());
    assert_eq!(
        html,
        "<div><hjx-for data-hid=\"1\">\
         <section><span class=\"name\" data-hid=\"3\">a</span><hjx-for data-hid=\"4\">\
         <hjx-if data-hid=\"5\"><span data-hid=\"7\">odd 1</span></hjx-if>\
         <hjx-if data-hid=\"8\"><button data-hid=\"9\" data-on=\"click\">even 2</button></hjx-if></hjx-for></section>\
         <section><span class=\"name\" data-hid=\"11\">b</span><hjx-for data-hid=\"12\">\
         <hjx-if data-hid=\"13\"><span data-hid=\"15\">odd 3</span></hjx-if></hjx-for></section>\
         </hjx-for><span data-hid=\"2\">picked 0</span></div>"
    );
    let handled = groups
        .handle(&mut (), &click(9))
        .expect("the nested button");
    assert_eq!(groups.picked, 2);
    let mut ops = Vec::new();
    groups.patch(&(), handled.dirty, PatchScope::All, &mut ops);
    assert_eq!(
        ops,
        vec![PatchOp::SetText {
            hid: HydrationId(2),
            text: "picked 2".into()
        }]
    );

    // A branch change inside a nested item replaces only that item's region.
    groups.set_show_even(false);
    let ops = {
        let dirty = groups.take_dirty();
        let mut ops = Vec::new();
        groups.patch(&(), dirty, PatchScope::All, &mut ops);
        ops
    };
    assert_eq!(
        ops,
        vec![PatchOp::ReplaceHtml {
            hid: HydrationId(8),
            html: "<span data-hid=\"10\">odd 2</span>".into()
        }]
    );
    // Its button is gone with it.
    assert!(groups.handle(&mut (), &click(9)).is_err());

    // A new inner item.
    groups.groups[1].1.push(4);
    groups.set_show_even(true);
    let dirty = groups.take_dirty();
    let mut ops = Vec::new();
    groups.patch(&(), dirty, PatchScope::All, &mut ops);
    assert_eq!(ops.len(), 2, "{ops:?}");
    assert!(
        matches!(&ops[0], PatchOp::ReplaceHtml { hid: HydrationId(8), html } if html.contains("even 2"))
    );
    assert!(
        matches!(&ops[1], PatchOp::Insert { hid: HydrationId(12), index: 1, html } if html.contains("even 4"))
    );
}

hjx! {
    component Grid

    state:
      cells: Vec<Vec<u32>> = vec![vec![1, 2], vec![3]]

    layout:
      table:
        for (row in cells):
          tr:
            for (cell in row):
              td: "{{cell}}"
}

#[test]
fn an_inner_loop_goes_over_the_outer_item_itself() {
    let grid = Grid::default();
    assert_eq!(
        grid.render_to_string(&()),
        "<table data-hid=\"1\"><tr data-hid=\"2\"><td data-hid=\"3\">1</td><td data-hid=\"4\">2</td></tr>\
         <tr data-hid=\"5\"><td data-hid=\"6\">3</td></tr></table>"
    );
}

hjx! {
    component Checklist

    state:
      items: hjx_runtime::Rows<Row> = (0..5).map(|i| row(i, &format!("item {i}"))).collect()

    layout:
      ul:
        for (item in items, key: item.id):
          li:
            text: "{{item.label}}"
            button (on click -> toggle(item.id)): "{{item.done}}"
      button.add (on click -> add): "add"
      button.rekey (on click -> rekey): "rekey"

    handlers:
      toggle(id: u64):
        call self.toggle(id)
      add:
        push items <- row(items.len() as u64 + 100, "new")
      rekey:
        call self.rekey()

    script:
      fn toggle(&mut self, id: u64) {
          if let Some(item) = self.items.find_mut(|item| item.id == id) {
              item.done = !item.done;
          }
      }
      fn rekey(&mut self) {
          if let Some(item) = self.items.get_mut(0) {
              item.id = 999;
              item.label = "rekeyed".to_owned();
          }
      }
}

/// The hydration ID of the first start tag after `needle` in `html`.
fn hid_after(html: &str, needle: &str) -> u32 {
    let at = html.find(needle).expect("in the render") + needle.len();
    let rest = &html[at..];
    let value = &rest[rest.find("data-hid=\"").expect("a hydration ID") + 10..];
    value[..value.find('"').expect("closed")]
        .parse()
        .expect("a number")
}

#[test]
fn a_row_changed_in_place_patches_that_row_alone_and_a_new_key_reconciles() {
    let mut list = Checklist::default();
    let html = list.render_to_string(&());
    let third = hid_after(&html, "item 2");
    let handled = list.handle(&mut (), &click(third)).expect("bound");
    assert_eq!(handled.handler, "toggle");
    let mut ops = Vec::new();
    list.patch(&(), handled.dirty, PatchScope::All, &mut ops);
    assert_eq!(
        ops,
        vec![PatchOp::SetText {
            hid: HydrationId(third),
            text: "true".to_owned()
        }]
    );

    // A key changed in place: the whole list is compared, and the item replaced.
    let rekey = hid_after(&html, "class=\"rekey\"");
    let handled = list.handle(&mut (), &click(rekey)).expect("bound");
    let mut ops = Vec::new();
    list.patch(&(), handled.dirty, PatchScope::All, &mut ops);
    assert!(
        matches!(ops.as_slice(), [PatchOp::Remove { index: 0, .. }, PatchOp::Insert { index: 0, html, .. }] if html.contains("rekeyed")),
        "{ops:?}"
    );

    // An append (which reads the list it goes into) is one insert at the end, and a row
    // changed in place afterwards patches alone again.
    let add = hid_after(&html, "class=\"add\"");
    let handled = list.handle(&mut (), &click(add)).expect("bound");
    let mut ops = Vec::new();
    list.patch(&(), handled.dirty, PatchScope::All, &mut ops);
    assert!(
        matches!(ops.as_slice(), [PatchOp::Insert { index: 5, html, .. }] if html.contains("new")),
        "{ops:?}"
    );
    let second = hid_after(&html, "item 1");
    let handled = list.handle(&mut (), &click(second)).expect("bound");
    let mut ops = Vec::new();
    list.patch(&(), handled.dirty, PatchScope::All, &mut ops);
    assert_eq!(
        ops,
        vec![PatchOp::SetText {
            hid: HydrationId(second),
            text: "true".to_owned()
        }]
    );
}
