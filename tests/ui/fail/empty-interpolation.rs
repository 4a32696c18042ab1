use hjx_runtime::hjx;

hjx! {
    component Counter
    layout:
      text: "Count: {{ }}"
}

fn main() {}
