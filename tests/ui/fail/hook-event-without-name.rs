// A hook's event is bound by its name: `on hook.<name>`.
use hjx_runtime::hjx;

hjx! {
    component Pad
    state:
      strokes = 0
    layout:
      canvas (hook="Sketch" on hook -> add)
      canvas (hook="Sketch" on hook.Stroke -> add)
    handlers:
      add:
        set strokes = strokes + 1
}

fn main() {}
