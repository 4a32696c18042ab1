// A `slot` inside `for` in a component's layout would repeat the parent's content: refused.
use hjx_runtime::hjx;

hjx! {
    component List
    state:
      items = ["a", "b"]
    layout:
      ul:
        for (item in items):
          li:
            slot
}

fn main() {}
