use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      count = 0
    layout:
      button (on click -> increment): "{{count}}"
    handlers:
      increment:
        set count = "one"
}

fn main() {}
