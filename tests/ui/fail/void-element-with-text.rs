use hjx_runtime::hjx;

hjx! {
    component Counter
    layout:
      input: "text"
}

fn main() {}
