// A component inside a `for` without `key:` is an error at the component's tag: each item keeps
// its own instance by the loop's key, so the help shows how to write one.
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
