use hjx_runtime::hjx;

hjx! {
    component List
    state:
      items = ["a", "b"]
    layout:
      ul:
        for (item, index, extra in items):
          li: "{{item}}"
}

fn main() {}
