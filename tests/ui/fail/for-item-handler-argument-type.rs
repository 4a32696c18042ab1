use hjx_runtime::hjx;

hjx! {
    component List
    state:
      items = ["a", "b"]
      picked = 0
    layout:
      ul:
        for (item in items):
          li (on click -> pick(item)): "{{item}}"
    handlers:
      pick(index: i64):
        set picked = index
}

fn main() {}
