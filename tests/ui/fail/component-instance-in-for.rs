// A component instance inside `for` is not supported yet; the message says so.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Panel from "./components/Panel.hjx"
    state:
      titles = ["a", "b"]
    layout:
      view:
        for (title in titles):
          Panel (title="{{title}}")
}

fn main() {}
