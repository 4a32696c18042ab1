use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      count = 0
    layout:
      text: "Count: {{count +}}"
}

fn main() {}
