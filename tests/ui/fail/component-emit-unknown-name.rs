// An emitted value must be a parameter of the handler or a field.
use hjx_runtime::hjx;

hjx! {
    component Editor
    state:
      text = ""
    layout:
      button (on click -> save): "Save"
    handlers:
      save:
        emit saved(txt)
}

fn main() {}
