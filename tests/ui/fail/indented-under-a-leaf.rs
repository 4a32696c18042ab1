use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      count = 0
        extra = 1
    layout:
      view: "x"
}

fn main() {}
