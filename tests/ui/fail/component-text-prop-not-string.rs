// Plain text passed to a prop that is not a String is a type error at the attribute.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Panel from "./components/Panel.hjx"
    layout:
      Panel (count="two")
}

fn main() {}
