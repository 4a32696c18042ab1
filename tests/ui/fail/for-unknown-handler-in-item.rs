use hjx_runtime::hjx;

hjx! {
    component List
    state:
      items = ["a", "b"]
    layout:
      ul:
        for (item in items):
          li (on click -> remvoe(item.clone())): "{{item}}"
    handlers:
      remove(item: String):
        log "removed {{item}}"
}

fn main() {}
