use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      count = 0
      count = 1
    layout:
      view: "{{count}}"
}

fn main() {}
