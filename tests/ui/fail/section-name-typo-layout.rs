// A misspelt `layout:` is one error with its did-you-mean, not also "no `layout:` section".
use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      count = 0
    layuot:
      view: "{{count}}"
}

fn main() {}
