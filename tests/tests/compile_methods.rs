//! Logic in methods: `script:` methods that read and write `shared:` fields as `self.field`,
//! with their writes tracked, and handlers that `push` to and `remove` from a collection in
//! place, patched as the fewest list operations.

use hjx_runtime::{HydrationId, PatchOp, hjx};
use hjx_tests::model::Model;

/// An option of the poll.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    id: u64,
    label: String,
}

hjx! {
    component Poll

    state:
      draft = ""
      mine = 0

    shared:
      options: Vec<Choice> = Vec::new()
      next_id: u64 = 1

    layout:
      view.poll:
        text.count: "{{options.len()}} options"
        text.mine: "You added {{mine}}"
        text.state: "{{ if self.is_full() { \"full\" } else { \"open\" } }}"
        input.draft (bind value <-> draft)
        button.add (on click -> add): "Add"
        button.tidy (on click -> tidy): "Tidy"
        ul:
          for (choice in options, key: choice.id):
            li:
              text: "{{choice.label}}"
              button (on click -> drop(choice.id)): "x"

    handlers:
      add:
        call self.add_option()
      tidy:
        call self.tidy_draft()
      drop(id: u64):
        remove options where |choice| choice.id == id

    script:
      /// Adds the draft as an option for everyone, unless it is empty or the poll is full.
      fn add_option(&mut self) {
          let label = self.draft.trim().to_owned();
          if label.is_empty() || self.is_full() {
              return;
          }
          let id = self.take_id();
          self.options.push(Choice { id, label });
          self.draft.clear();
          self.mine += 1;
      }

      /// A `&self` method reading a shared field.
      fn is_full(&self) -> bool {
          self.options.len() >= 3
      }

      /// A method reaching a shared field through its setter.
      fn take_id(&mut self) -> u64 {
          let id = self.next_id;
          self.set_next_id(id + 1);
          id
      }

      /// Reads shared fields, but writes only the session's own state.
      fn tidy_draft(&mut self) {
          if self.options.len() < 100 && !self.is_full() && self.next_id > 0 {
              self.draft = self.draft.trim().to_owned();
          }
      }
}

/// A task of the list below.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    id: i64,
    title: String,
}

hjx! {
    component Tasks

    state:
      tasks: Vec<Task> = Vec::new()
      next = 1

    layout:
      view:
        ul:
          for (task, i in tasks, key: task.id):
            li:
              text: "{{task.title}}"
              button (on click -> drop_at(i)): "x"
        button.add (on click -> add): "Add"

    handlers:
      add:
        push tasks <- Task { id: next, title: format!("Task {}", next) }
        set next = next + 1
      drop_at(index: usize):
        remove tasks at index
}

fn hids(ops: &[PatchOp]) -> Vec<HydrationId> {
    ops.iter().map(PatchOp::hid).collect()
}

fn add(poll: &mut Model<Poll>, label: &str) -> Vec<PatchOp> {
    let input = poll.hid("class=\"draft\"");
    poll.input(input, label);
    let add = poll.hid("class=\"add\"");
    poll.click(add)
}

#[test]
fn a_method_writes_shared_fields_and_the_spots_reading_them_are_patched() {
    let mut poll = Model::<Poll>::default();
    let count = poll.hid("class=\"count\"");
    let mine = poll.hid("class=\"mine\"");
    let ops = add(&mut poll, "  Tea ");
    assert_eq!(
        poll.shared.options,
        [Choice {
            id: 1,
            label: "Tea".into()
        }]
    );
    assert_eq!(poll.shared.next_id, 2);
    assert!(
        ops.contains(&PatchOp::SetText {
            hid: count,
            text: "1 options".into()
        }),
        "{ops:?}"
    );
    assert!(
        ops.contains(&PatchOp::SetText {
            hid: mine,
            text: "You added 1".into()
        }),
        "{ops:?}"
    );
    // The new option is one insert into the keyed list, and nothing else structural.
    let inserts: Vec<_> = ops
        .iter()
        .filter(|op| matches!(op, PatchOp::Insert { .. }))
        .collect();
    assert_eq!(inserts.len(), 1, "{ops:?}");
    assert!(matches!(inserts[0], PatchOp::Insert { index: 0, html, .. } if html.contains("Tea")));
    assert!(
        !ops.iter()
            .any(|op| matches!(op, PatchOp::Remove { .. } | PatchOp::ReplaceHtml { .. }))
    );
    // The `&self` method reads the shared value too: a full poll takes no more options.
    add(&mut poll, "Coffee");
    let state = poll.hid("class=\"state\"");
    assert!(poll.html().contains(">open<"));
    // `{{ self.is_full() }}` reads what the method reads: the third option patches it.
    let ops = add(&mut poll, "Juice");
    assert!(
        ops.contains(&PatchOp::SetText {
            hid: state,
            text: "full".into()
        }),
        "{ops:?}"
    );
    let ops = add(&mut poll, "Water");
    assert_eq!(poll.shared.options.len(), 3);
    assert!(
        !ops.iter().any(|op| matches!(op, PatchOp::Insert { .. })),
        "{ops:?}"
    );
}

#[test]
fn a_method_writing_only_state_fields_patches_only_their_spots() {
    let mut poll = Model::<Poll>::default();
    add(&mut poll, "Tea");
    let input = poll.hid("class=\"draft\"");
    poll.input(input, "  padded  ");
    let tidy = poll.hid("class=\"tidy\"");
    let ops = poll.click(tidy);
    assert_eq!(poll.app.draft, "padded");
    // The method only read `options` and `next_id`: only the bound input, which reads `draft`,
    // is patched, with no shared spot and no list op.
    assert_eq!(hids(&ops), [input], "{ops:?}");
}

#[test]
fn remove_where_in_a_handler_is_one_list_remove() {
    let mut poll = Model::<Poll>::default();
    for label in ["Tea", "Coffee", "Juice"] {
        add(&mut poll, label);
    }
    let drop_coffee = poll.row_hid("Coffee", "<button");
    let ops = poll.click(drop_coffee);
    let labels: Vec<&str> = poll
        .shared
        .options
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(labels, ["Tea", "Juice"]);
    let count = poll.hid("class=\"count\"");
    assert!(
        ops.contains(&PatchOp::SetText {
            hid: count,
            text: "2 options".into()
        }),
        "{ops:?}"
    );
    let structural: Vec<_> = ops
        .iter()
        .filter(|op| !matches!(op, PatchOp::SetText { .. }))
        .collect();
    assert!(
        matches!(structural[..], [PatchOp::Remove { index: 1, .. }]),
        "{ops:?}"
    );
}

#[test]
fn push_and_remove_at_edit_the_list_in_place_with_one_op_each() {
    let mut tasks = Model::<Tasks>::default();
    let add = tasks.hid("class=\"add\"");
    for _ in 0..3 {
        tasks.click(add);
    }
    let ops = tasks.click(add);
    assert_eq!(tasks.app.tasks.len(), 4);
    assert!(
        matches!(&ops[..], [PatchOp::Insert { index: 3, html, .. }] if html.contains("Task 4")),
        "{ops:?}"
    );
    let drop_second = tasks.row_hid("Task 2", "<button");
    let ops = tasks.click(drop_second);
    let titles: Vec<&str> = tasks.app.tasks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["Task 1", "Task 3", "Task 4"]);
    assert!(
        matches!(&ops[..], [PatchOp::Remove { index: 1, .. }]),
        "{ops:?}"
    );
}
