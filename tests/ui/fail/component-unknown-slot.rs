// Content for a slot the imported component does not have is reported at the slot name, with the closest one.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Panel from "./components/Panel.hjx"
    layout:
      Panel (title="About"):
        text: "Body"
        slot footr:
          text: "Footer"
}

fn main() {}
