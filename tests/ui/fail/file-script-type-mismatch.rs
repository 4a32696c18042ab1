// A type mismatch in a `script:` method of a `.hjx` file is reported in the method, on the
// file's own line and column. Its .stderr keeps rustc's line numbers in the file (a variation
// trybuild accepts), so write it by hand: TRYBUILD=overwrite would blank them.
hjx_runtime::include_hjx!("../files/Script.hjx");

fn main() {}
