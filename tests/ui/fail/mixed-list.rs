use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      tags = ["a", 1]
    layout:
      view: "x"
}

fn main() {}
