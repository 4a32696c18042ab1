use hjx_runtime::hjx;

hjx! {
    component Article
    state:
      body = "<em>unchecked</em>"
    layout:
      view (html="{{body}}")
}

fn main() {}
