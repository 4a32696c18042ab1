hjx_runtime::include_hjx!("../files/missing.hjx");

fn main() {}
