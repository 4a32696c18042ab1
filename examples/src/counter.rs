//! The Counter: per-session state, one button, one 14-byte patch per click.

use hjx_runtime::hjx;

hjx! {
    component Counter

    state:
      count = 0

    layout:
      view.counter:
        text: "Count: {{count}}"
        button (on click -> increment): "+"

    handlers:
      increment:
        set count = count + 1
}
