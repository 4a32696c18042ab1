// A String field passed with `{{ }}` to an i64 prop is a type error at the attribute's value.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Panel from "./components/Panel.hjx"
    state:
      name = "seven"
    layout:
      Panel (count="{{name}}")
}

fn main() {}
