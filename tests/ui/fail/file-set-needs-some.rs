// A type mismatch in a `.hjx` file's `set` is reported at the value, on the file's own line and
// column, with rustc's help. Its .stderr keeps rustc's line numbers in the file (a variation
// trybuild accepts), so write it by hand: TRYBUILD=overwrite would blank them.
hjx_runtime::include_hjx!("../files/TeamPoll.hjx");

fn main() {}
