use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      count: Vec< = 0
    layout:
      view: "x"
}

fn main() {}
