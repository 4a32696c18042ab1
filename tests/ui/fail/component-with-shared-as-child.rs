// A component with `shared:` fields cannot stand inside another component's markup.
use hjx_runtime::hjx;

mod widgets {
    use hjx_runtime::hjx;

    hjx! {
        component Ticker
        shared:
          ticks = 0
        layout:
          text: "{{ticks}}"
    }
}

use widgets::Ticker;

hjx! {
    component Page
    layout:
      Ticker
}

fn main() {}
