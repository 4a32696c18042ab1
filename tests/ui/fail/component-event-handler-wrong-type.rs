// A handler whose parameter type differs from the emitted value's type is a type error.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Saver from "./components/Saver.hjx"
    state:
      count = 0
    layout:
      Saver (on saved -> stored)
    handlers:
      stored(value: i64):
        set count = value
}

fn main() {}
