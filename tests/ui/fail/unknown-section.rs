use hjx_runtime::hjx;

hjx! {
    component Counter
    stat:
      count = 0
    layout:
      view: "x"
}

fn main() {}
