// The default `slot` placed twice in one layout is reported at the second one.
use hjx_runtime::hjx;

hjx! {
    component Frame
    layout:
      view:
        slot
        slot
}

fn main() {}
