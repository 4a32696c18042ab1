// A client command that does not exist is an error at its name, with the closest one.
use hjx_runtime::hjx;

hjx! {
    component Menu
    layout:
      button (on click -> js.toggle_clas("#menu", "open")): "Menu"
}

fn main() {}
