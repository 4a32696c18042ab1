// A prop of the wrong type for a component defined in Rust is one error, at the value.
use hjx_runtime::hjx;

mod widgets {
    use hjx_runtime::hjx;

    hjx! {
        component Badge
        state:
          count: i64 = 0
        layout:
          text.badge: "{{count}}"
    }
}

use widgets::Badge;

hjx! {
    component Page
    state:
      name = "seven"
    layout:
      Badge (count="{{name}}")
}

fn main() {}
