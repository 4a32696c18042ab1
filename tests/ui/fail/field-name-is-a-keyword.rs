use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      type = "a"
    layout:
      view: "x"
}

fn main() {}
