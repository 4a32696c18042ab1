// A handler for a component's event gets the emitted value itself: explicit arguments are refused.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Saver from "./components/Saver.hjx"
    state:
      count = 0
    layout:
      Saver (on saved -> stored(1))
    handlers:
      stored(value: i64):
        set count = value
}

fn main() {}
