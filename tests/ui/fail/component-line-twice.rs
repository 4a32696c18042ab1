use hjx_runtime::hjx;

hjx! {
    component A
    component B
    layout:
      view: "x"
}

fn main() {}
