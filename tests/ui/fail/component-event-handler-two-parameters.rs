// A handler for a component's event takes one parameter at most: the emitted value.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Saver from "./components/Saver.hjx"
    state:
      last = ""
    layout:
      Saver (on saved -> stored)
    handlers:
      stored(value: String, other: String):
        set last = value
}

fn main() {}
