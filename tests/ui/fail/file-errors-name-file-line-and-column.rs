hjx_runtime::include_hjx!("../files/typo.hjx");

fn main() {}
