// `remove` edits a collection in place: on a number field it is one error, at the field.
use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      count = 0
    layout:
      button (on click -> drop_big): "x"
      button (on click -> drop_first): "y"
    handlers:
      drop_big:
        remove count where |n| *n > 3
      drop_first:
        remove count at 0
}

fn main() {}
