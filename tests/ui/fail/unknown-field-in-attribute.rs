use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      badge = "new"
    layout:
      view (title="{{bagde}}"): "x"
}

fn main() {}
