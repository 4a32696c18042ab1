// A client command's arguments are string literals, as many as it takes.
use hjx_runtime::hjx;

hjx! {
    component Menu
    state:
      target = "#menu"
    layout:
      button (on click -> js.hide(target)): "Hide"
      button (on click -> js.add_class("#menu")): "Add"
}

fn main() {}
