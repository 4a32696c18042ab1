use hjx_runtime::hjx;

hjx! {
    component Form
    state:
      age = 0
    layout:
      input (bind value <-> age)
}

fn main() {}
