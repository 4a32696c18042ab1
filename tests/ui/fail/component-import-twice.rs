// The same name imported twice is reported at the second import.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Panel from "./components/Panel.hjx"
      Panel from "./components/Panel.hjx"
    layout:
      Panel
}

fn main() {}
