// An unclosed `emit saved(` in an imported .hjx file is reported at its line in that file.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Unclosed from "./components/Unclosed.hjx"
    layout:
      Unclosed
}

fn main() {}
