// Children given to an imported component that has no `slot` are reported at the component's tag.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Saver from "./components/Saver.hjx"
    layout:
      Saver:
        text: "Inside"
}

fn main() {}
