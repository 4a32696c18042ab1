// A type mismatch inside an imported `.hjx` file is reported at the expression, on that file's
// own line and column. Its .stderr keeps rustc's line numbers in the file (a variation trybuild
// accepts), so write it by hand: TRYBUILD=overwrite would blank them.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Tally from "./components/Tally.hjx"
    layout:
      Tally
}

fn main() {}
