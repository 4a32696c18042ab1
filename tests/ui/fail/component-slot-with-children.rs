// A `slot` in a component's own layout takes no children: content for a slot goes inside an instance.
use hjx_runtime::hjx;

hjx! {
    component Frame
    layout:
      view:
        slot footer:
          text: "Default footer"
}

fn main() {}
