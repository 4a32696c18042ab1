// Listening for an event the imported component never emits is reported at the event, with the closest one.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Saver from "./components/Saver.hjx"
    state:
      last = ""
    layout:
      Saver (on savd -> stored)
    handlers:
      stored(value: String):
        set last = value
}

fn main() {}
