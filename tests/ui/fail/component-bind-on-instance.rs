// `bind` on a component instance is refused: it works on inputs only.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Panel from "./components/Panel.hjx"
    state:
      title = ""
    layout:
      Panel (bind value <-> title)
}

fn main() {}
