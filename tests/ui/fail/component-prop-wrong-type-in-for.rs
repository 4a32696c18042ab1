// A prop given a value of the wrong type inside a keyed `for` is reported at the prop.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Panel from "./components/Panel.hjx"
    state:
      counts: Vec<String> = Vec::new()
    layout:
      view:
        for (c in counts, key: c):
          Panel (count="{{c}}")
}

fn main() {}
