use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      count = 0
    layout:
      text: "{{cont}}"
      button (on click -> incremnt): "+"
    handlers:
      increment:
        set coutn = 1
}

fn main() {}
