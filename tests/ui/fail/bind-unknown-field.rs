use hjx_runtime::hjx;

hjx! {
    component Form
    state:
      name = ""
    layout:
      input (bind value <-> nmae)
}

fn main() {}
