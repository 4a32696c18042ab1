//! SSR against compile-time template engines (filled in with the `for`-loop components).

fn main() {}
