//! Component instances inside a keyed `for`: one child per item, keyed by the loop's key. Each
//! keeps its own state across reorders, a removed item drops its child, a new item gets a fresh
//! one, props that read the item are set again when it changes, and an event the child emits
//! reaches the parent's handler with the item's values.

use hjx_runtime::{Component, PatchOp, PatchScope, Tracked, hjx};
use hjx_tests::model::Model;

/// An item of the board below.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    id: u64,
    title: String,
}

fn task(id: u64, title: &str) -> Task {
    Task {
        id,
        title: title.to_owned(),
    }
}

hjx! {
    component Board
    imports:
      ItemCard from "./components/ItemCard.hjx"

    state:
      tasks: Vec<Task> = vec![task(1, "one"), task(2, "two"), task(3, "three")]
      finished: Vec<u64> = Vec::new()

    layout:
      main:
        ul.tasks:
          for (t in tasks, key: t.id):
            li:
              ItemCard (label="{{t.title}}" on done -> finish(t.id))
        text.finished: "finished {{finished.len()}}"

    handlers:
      finish(id: u64):
        set finished = [finished.clone(), vec![id]].concat()
}

/// The patch of what the test changed directly.
fn patch(model: &mut Model<Board>) -> Vec<PatchOp> {
    let dirty = model.app.take_dirty();
    let mut ops = Vec::new();
    model.app.patch(&(), dirty, PatchScope::All, &mut ops);
    ops
}

/// The count the card of the item titled `title` shows.
fn count_of(html: &str, title: &str) -> String {
    let at = html
        .find(&format!(">{title}<"))
        .unwrap_or_else(|| panic!("{title} in {html}"));
    let rest = &html[at..];
    let count = rest.find("count ").expect("a count after the label");
    rest[count..count + rest[count..].find('<').expect("text end")].to_owned()
}

fn set_tasks(model: &mut Model<Board>, tasks: Vec<Task>) -> Vec<PatchOp> {
    model.app.set_tasks(tasks);
    patch(model)
}

#[test]
fn each_item_keeps_its_own_card_across_a_reorder() {
    let mut model = Model::<Board>::default();
    let bump = model.hid_after(">two<", "class=\"bump");
    let ops = model.click(bump);
    // The child's own spot, nothing else.
    assert_eq!(ops.len(), 1, "{ops:?}");
    assert!(
        matches!(&ops[0], PatchOp::SetText { text, .. } if text == "count 1"),
        "{ops:?}"
    );
    assert_eq!(count_of(&model.html(), "two"), "count 1");
    assert_eq!(count_of(&model.html(), "one"), "count 0");

    let ops = set_tasks(
        &mut model,
        vec![task(3, "three"), task(2, "two"), task(1, "one")],
    );
    assert!(
        ops.iter().all(|op| matches!(op, PatchOp::Move { .. })),
        "a reorder only moves items: {ops:?}"
    );
    let html = model.html();
    assert_eq!(count_of(&html, "two"), "count 1");
    assert_eq!(count_of(&html, "one"), "count 0");
    assert_eq!(count_of(&html, "three"), "count 0");
}

#[test]
fn a_removed_item_drops_its_card_and_a_new_one_starts_fresh() {
    let mut model = Model::<Board>::default();
    let bump = model.hid_after(">one<", "class=\"bump");
    model.click(bump);
    assert_eq!(model.app.__hjx_cards(), 3);

    let ops = set_tasks(&mut model, vec![task(2, "two"), task(3, "three")]);
    assert_eq!(ops.len(), 1, "{ops:?}");
    assert!(matches!(ops[0], PatchOp::Remove { .. }), "{ops:?}");
    assert_eq!(model.app.__hjx_cards(), 2);

    // The same key again is a new item: its card starts at zero.
    let ops = set_tasks(
        &mut model,
        vec![task(1, "one"), task(2, "two"), task(3, "three")],
    );
    assert_eq!(ops.len(), 1, "{ops:?}");
    match &ops[0] {
        PatchOp::Insert { html, .. } => {
            assert!(html.contains(">one<") && html.contains("count 0"), "{html}");
        }
        other => panic!("an insert, not {other:?}"),
    }
    assert_eq!(model.app.__hjx_cards(), 3);
    assert_eq!(count_of(&model.html(), "one"), "count 0");
}

#[test]
fn a_prop_reading_the_item_is_set_again_when_the_item_changes() {
    let mut model = Model::<Board>::default();
    let bump = model.hid_after(">two<", "class=\"bump");
    model.click(bump);
    let ops = set_tasks(
        &mut model,
        vec![task(1, "one"), task(2, "TWO"), task(3, "three")],
    );
    // The one changed label; the unchanged items' props are not set again.
    assert_eq!(ops.len(), 1, "{ops:?}");
    assert!(
        matches!(&ops[0], PatchOp::SetText { text, .. } if text == "TWO"),
        "{ops:?}"
    );
    assert_eq!(count_of(&model.html(), "TWO"), "count 1");
}

#[test]
fn an_emitted_event_runs_the_parent_handler_with_the_item() {
    let mut model = Model::<Board>::default();
    model
        .app
        .set_tasks(vec![task(3, "three"), task(7, "seven")]);
    let _ = model.app.render_to_string(&());
    let finish = model.hid_after(">seven<", "class=\"finish");
    let ops = model.click(finish);
    assert_eq!(model.app.finished, vec![7]);
    assert!(
        ops.iter()
            .any(|op| matches!(op, PatchOp::SetText { text, .. } if text == "finished 1")),
        "{ops:?}"
    );
}

/// The number of cards the board keeps, for the tests above.
trait Cards {
    fn __hjx_cards(&self) -> usize;
}

impl Cards for Board {
    fn __hjx_cards(&self) -> usize {
        self.__hjx_c0.len()
    }
}

hjx! {
    component Steppers
    imports:
      Stepper from "./components/Stepper.hjx"

    state:
      ids: Vec<u64> = vec![1, 2]
      last: i64 = 0
      selected: u64 = 0

    layout:
      main:
        for (id in ids, key: id):
          Stepper (step="{{*id as i64}}" on changed -> got on click -> select(*id))
        text.last: "last {{last}} from {{selected}}"

    handlers:
      got(value: i64):
        set last = value
      select(id: u64):
        set selected = id
}

#[test]
fn an_emitted_value_and_a_dom_event_on_the_instance_reach_the_parent() {
    let mut model = Model::<Steppers>::default();
    let html = model.html();
    // The second stepper steps by its item's id, 2.
    let second = html
        .find("<hjx-c")
        .and_then(|first| html[first + 1..].find("<hjx-c").map(|n| n + first + 1))
        .expect("two instances");
    let up = hjx_tests::model::hid_after(&html[second..], "stepper", "class=\"up");
    let ops = model.click(up);
    assert_eq!(model.app.last, 2, "{ops:?}");
    // `on click` on the instance binds its wrapper; the handler gets the item.
    let wrapper = hjx_tests::model::hid_after(&html[second..], "<hjx-c", "hjx-c");
    model.click(wrapper);
    assert_eq!(model.app.selected, 2);
    assert!(model.html().contains("last 2 from 2"));
}

hjx! {
    component Folding
    imports:
      ItemCard from "./components/ItemCard.hjx"

    state:
      names: Vec<String> = vec!["a".to_owned(), "b".to_owned()]
      open = true

    layout:
      main:
        button.fold (on click -> fold): "Fold"
        if (open):
          ul:
            for (name in names, key: name):
              li:
                ItemCard (label="{{name}}")
        else:
          p: "folded"

    handlers:
      fold:
        set open = !open
}

#[test]
fn cards_in_a_list_inside_if_come_back_with_the_branch() {
    let mut model = Model::<Folding>::default();
    let bump = model.hid_after(">b<", "class=\"bump");
    model.click(bump);
    let fold = model.hid("class=\"fold\"");
    let ops = model.click(fold);
    assert!(
        matches!(&ops[..], [PatchOp::ReplaceHtml { html, .. }] if html.contains("folded")),
        "{ops:?}"
    );
    let ops = model.click(fold);
    assert!(
        matches!(&ops[..], [PatchOp::ReplaceHtml { html, .. }] if html.contains("count 1") && html.contains("count 0")),
        "{ops:?}"
    );
    // The shown cards still take events.
    let bump = model.hid_after(">a<", "class=\"bump");
    model.click(bump);
    let html = model.html();
    assert_eq!(count_of(&html, "a"), "count 1");
    assert_eq!(count_of(&html, "b"), "count 1");
}
