// `push` and `remove` name a field like `set` does.
use hjx_runtime::hjx;

hjx! {
    component Todos
    state:
      todos: Vec<String> = Vec::new()
    layout:
      button (on click -> add): "+"
      button (on click -> clear): "x"
    handlers:
      add:
        push todo <- String::from("new")
      clear:
        remove todos
}

fn main() {}
