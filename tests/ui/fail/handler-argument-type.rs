use hjx_runtime::hjx;

hjx! {
    component Search
    state:
      count = 0
    layout:
      input (on input -> typed(event.value))
    handlers:
      typed(value: i64):
        set count = value
}

fn main() {}
