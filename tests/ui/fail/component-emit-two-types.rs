// One event emitted with values of two different types is reported at the second `emit`.
use hjx_runtime::hjx;

hjx! {
    component Editor
    state:
      text = ""
      count: i64 = 0
    layout:
      button (on click -> save): "Save"
      button (on click -> count_up): "+"
    handlers:
      save:
        emit saved(text)
      count_up:
        set count = count + 1
        emit saved(count)
}

fn main() {}
