// Sections indented under the `component` line are one error there, not also "no `layout:` section".
use hjx_runtime::hjx;

hjx! {
    component Counter
      layout:
        view: "x"
}

fn main() {}
