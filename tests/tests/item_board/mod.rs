//! The board the live and browser tests of components inside `for` share: a keyed list of
//! tasks, an `ItemCard` (with its own count) per task, and buttons that reorder, drop and add.

use hjx_runtime::hjx;

hjx! {
    component Board
    imports:
      ItemCard from "../components/ItemCard.hjx"

    state:
      tasks: Vec<(u64, String)> = vec![(1, "one".into()), (2, "two".into()), (3, "three".into())]
      next: u64 = 4
      finished: Vec<u64> = Vec::new()

    layout:
      main:
        ul:
          for (t in tasks, key: t.0):
            li:
              ItemCard (label="{{t.1}}" on done -> finish(t.0))
        button.reverse (on click -> reverse): "Reverse"
        button.drop (on click -> drop_first): "Drop"
        button.add (on click -> add): "Add"
        text.finished: "finished {{finished.len()}}"

    handlers:
      reverse:
        set tasks = tasks.iter().rev().cloned().collect()
      drop_first:
        set tasks = tasks.iter().skip(1).cloned().collect()
      add:
        set tasks = [tasks.clone(), vec![(next, format!("task {}", next))]].concat()
        set next = next + 1
      finish(id: u64):
        set finished = [finished.clone(), vec![id]].concat()
}
