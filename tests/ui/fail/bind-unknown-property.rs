use hjx_runtime::hjx;

hjx! {
    component Form
    state:
      name = ""
    layout:
      input (bind text <-> name)
}

fn main() {}
