// In a `.hjx` file, an unknown field in a `script:` method is reported at the file's line and
// column.
hjx_runtime::include_hjx!("../files/Methods.hjx");

fn main() {}
