use hjx_runtime::hjx;

hjx! {
    component Form
    state:
      busy = 0
    layout:
      button (disabled="{{busy}}"): "Save"
}

fn main() {}
