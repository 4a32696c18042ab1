// `bind checked` on a field that is not `bool` is one error, at the field.
use hjx_runtime::hjx;

hjx! {
    component Form
    state:
      agreed = ""
    layout:
      input (type="checkbox" bind checked <-> agreed)
}

fn main() {}
