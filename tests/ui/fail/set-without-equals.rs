use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      count = 0
    layout:
      button (on click -> increment): "+"
    handlers:
      increment:
        set count count + 1
}

fn main() {}
