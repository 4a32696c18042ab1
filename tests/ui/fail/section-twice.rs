use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      a = 0
    state:
      b = 0
    layout:
      view: "x"
}

fn main() {}
