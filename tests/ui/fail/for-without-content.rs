use hjx_runtime::hjx;

hjx! {
    component List
    state:
      items = ["a", "b"]
    layout:
      ul:
        for (item in items):
      text: "after"
}

fn main() {}
