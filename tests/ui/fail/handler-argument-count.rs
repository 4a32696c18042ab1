use hjx_runtime::hjx;

hjx! {
    component Search
    state:
      query = ""
    layout:
      input (on input -> typed)
    handlers:
      typed(value: String):
        set query = value
}

fn main() {}
