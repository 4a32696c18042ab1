// A component instance takes no `#id`: the id belongs on an element of the component's markup.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Panel from "./components/Panel.hjx"
    layout:
      Panel #main (title="About")
}

fn main() {}
