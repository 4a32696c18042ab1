use hjx_runtime::hjx;

hjx! {
    component List
    state:
      items = ["a", "b"]
    layout:
      ul:
        for (Item in items):
          li: "{{Item}}"
}

fn main() {}
