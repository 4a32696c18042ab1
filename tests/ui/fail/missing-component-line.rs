use hjx_runtime::hjx;

hjx! {
    state:
      count = 0
    layout:
      view: "x"
}

fn main() {}
