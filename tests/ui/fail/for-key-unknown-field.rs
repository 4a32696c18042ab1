// A `for` key naming a field the item does not have is one error, at the field.
use hjx_runtime::hjx;

#[derive(Clone, Debug, PartialEq)]
pub struct Todo {
    pub id: u64,
    pub title: String,
}

hjx! {
    component List
    state:
      todos: Vec<Todo> = Vec::new()
    layout:
      ul:
        for (todo in todos, key: todo.idd):
          li: "{{todo.title}}"
}

fn main() {}
