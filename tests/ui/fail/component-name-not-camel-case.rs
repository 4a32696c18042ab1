use hjx_runtime::hjx;

hjx! {
    component counter
    layout:
      view: "x"
}

fn main() {}
