// An `emit` whose value is an expression rather than a field or parameter is reported with the statement's form.
use hjx_runtime::hjx;

hjx! {
    component Editor
    state:
      text = ""
    layout:
      button (on click -> save): "Save"
    handlers:
      save:
        emit saved(text.len())
}

fn main() {}
