use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      count
    layout:
      view: "x"
}

fn main() {}
