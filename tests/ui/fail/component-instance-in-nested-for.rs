// A component in the items of a nested `for` is not supported yet: the message says so at the
// component's tag.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Panel from "./components/Panel.hjx"
    state:
      groups: Vec<Vec<String>> = Vec::new()
    layout:
      view:
        for (group, i in groups, key: i):
          for (title in group, key: title):
            Panel (title="{{title}}")
}

fn main() {}
