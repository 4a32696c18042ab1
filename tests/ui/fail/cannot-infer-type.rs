use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      items = Vec::new()
    layout:
      view: "x"
}

fn main() {}
