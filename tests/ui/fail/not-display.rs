use hjx_runtime::hjx;

hjx! {
    component Counter
    state:
      tags = ["a", "b"]
    layout:
      text: "Tags: {{tags}}"
}

fn main() {}
