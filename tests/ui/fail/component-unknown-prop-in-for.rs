// A prop the component does not have, on an instance inside a keyed `for`, is reported at the
// attribute, with the closest prop.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Panel from "./components/Panel.hjx"
    state:
      titles = ["a", "b"]
    layout:
      view:
        for (title in titles, key: title):
          Panel (titel="{{title}}")
}

fn main() {}
