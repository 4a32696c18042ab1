use hjx_runtime::hjx;

hjx! {
    component Counter
    layout:
      text: "a" extra
}

fn main() {}
