use hjx_runtime::hjx;

hjx! {
    component Editor
    state:
      saved = 0
    layout:
      button (on click.enter -> save): "Save"
    handlers:
      save:
        set saved = saved + 1
}

fn main() {}
