// A prop the imported component's `state:` does not have is reported at the attribute, with the closest prop.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Panel from "./components/Panel.hjx"
    layout:
      Panel (titel="About")
}

fn main() {}
