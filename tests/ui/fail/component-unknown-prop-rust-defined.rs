// A prop a component defined in Rust does not have is reported by rustc at the attribute name.
use hjx_runtime::hjx;

mod widgets {
    use hjx_runtime::hjx;

    hjx! {
        component Badge
        state:
          label = ""
        layout:
          text.badge: "{{label}}"
    }
}

use widgets::Badge;

hjx! {
    component Page
    layout:
      Badge (lable="new")
}

fn main() {}
