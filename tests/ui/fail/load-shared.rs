use hjx_runtime::{Load, hjx};

hjx! {
    component Board

    shared:
      latest: Load<String> = Load::idle()

    layout:
      view:
        text: "{{latest}}"
}

fn main() {}
