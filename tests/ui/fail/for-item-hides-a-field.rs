use hjx_runtime::hjx;

hjx! {
    component List
    state:
      items = ["a", "b"]
      item = "x"
    layout:
      ul:
        for (item in items):
          li: "{{item}}"
}

fn main() {}
