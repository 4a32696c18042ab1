use hjx_runtime::hjx;

hjx! {
    component Counter
    layout:
      view (title=hello): "x"
}

fn main() {}
