use hjx_runtime::hjx;

hjx! {
    component Editor
    state:
      saved = 0
    layout:
      input (on input.debounce -> save)
    handlers:
      save:
        set saved = saved + 1
}

fn main() {}
