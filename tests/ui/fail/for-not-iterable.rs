use hjx_runtime::hjx;

hjx! {
    component List
    state:
      count = 3
    layout:
      ul:
        for (n in count):
          li: "{{n}}"
}

fn main() {}
