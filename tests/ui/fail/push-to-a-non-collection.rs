// `push` edits a collection in place: on a number field it is one error, at the field.
use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      count = 0
    layout:
      button (on click -> add): "+"
    handlers:
      add:
        push count <- 1
}

fn main() {}
