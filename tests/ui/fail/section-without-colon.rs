use hjx_runtime::hjx;

hjx! {
    component Counter
    state
      count = 0
    layout:
      view: "x"
}

fn main() {}
