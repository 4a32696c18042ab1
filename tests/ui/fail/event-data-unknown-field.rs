// A misspelt field of a binding's `event` is one error at it, naming the type users know.
use hjx_runtime::hjx;

hjx! {
    component Form
    state:
      text = ""
    layout:
      input (on input -> typed(event.valu))
    handlers:
      typed(value: String):
        set text = value
}

fn main() {}
