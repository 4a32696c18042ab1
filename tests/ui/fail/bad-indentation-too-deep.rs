use hjx_runtime::hjx;

hjx! {
    component Counter
    layout:
      view:
           text: "x"
}

fn main() {}
