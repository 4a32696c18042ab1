// A type mismatch inside `{{ }}` in a `.hjx` file is reported at the expression, on the file's
// own line and column. Its .stderr keeps rustc's line numbers in the file (a variation trybuild
// accepts), so write it by hand: TRYBUILD=overwrite would blank them.
hjx_runtime::include_hjx!("../files/Interpolation.hjx");

fn main() {}
