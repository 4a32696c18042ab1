use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      tags = []
    layout:
      view: "x"
}

fn main() {}
