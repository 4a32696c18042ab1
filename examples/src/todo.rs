//! TodoMVC: the component is `TodoApp.hjx` (with `components/NewTodo.hjx` and
//! `components/FilterLink.hjx`); this module holds the `Todo` row it lists and the
//! helper functions its markup calls.

use hjx_runtime::include_hjx;

/// The most items a list holds: past it, adding does nothing.
pub const MAX_TODOS: usize = 500;
/// The longest title, in characters: a longer one is cut there.
pub const MAX_TITLE: usize = 200;

/// `title` trimmed and cut to [`MAX_TITLE`] characters.
pub fn bounded_title(title: &str) -> String {
    title.trim().chars().take(MAX_TITLE).collect()
}

/// One task of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Todo {
    /// Unique within a list; the `for` key.
    pub id: u64,
    /// What to do.
    pub title: String,
    /// Whether it is done.
    pub done: bool,
}

include_hjx!("TodoApp.hjx");

/// The todos that `filter` (`all`, `active` or `completed`) shows.
pub fn visible<'a>(todos: &'a [Todo], filter: &str) -> impl Iterator<Item = &'a Todo> + 'a {
    let wanted: Option<bool> = match filter {
        "active" => Some(false),
        "completed" => Some(true),
        _ => None,
    };
    todos
        .iter()
        .filter(move |todo| wanted.is_none_or(|done| todo.done == done))
}

/// Whether there are todos and every one is done (the state of the toggle-all box).
pub fn all_done(todos: &[Todo]) -> bool {
    !todos.is_empty() && todos.iter().all(|todo| todo.done)
}

/// `1 item left`, `3 items left`.
pub fn items_left(todos: &[Todo]) -> String {
    let left = todos.iter().filter(|todo| !todo.done).count();
    format!("{left} item{} left", if left == 1 { "" } else { "s" })
}

/// The class of a todo's row: `completed`, `editing`, both or none.
pub fn item_class(todo: &Todo, editing: Option<u64>) -> String {
    let mut class = Vec::new();
    if todo.done {
        class.push("completed");
    }
    if editing == Some(todo.id) {
        class.push("editing");
    }
    class.join(" ")
}
