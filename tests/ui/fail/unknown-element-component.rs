use hjx_runtime::hjx;

hjx! {
    component Counter
    layout:
      Card: "x"
}

fn main() {}
