use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      count = 0
    layout:
      button (on click -> go): "+"
    handlers:
      go:
        log count
}

fn main() {}
