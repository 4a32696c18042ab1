use hjx_runtime::hjx;

hjx! {
    component Counter
    layout:
      view (title="a" title="b"): "x"
}

fn main() {}
