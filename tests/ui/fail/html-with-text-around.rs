use hjx_runtime::{TrustedHtml, hjx};

hjx! {
    component Article
    state:
      body: TrustedHtml = TrustedHtml::default()
    layout:
      view (html="<p>{{body}}</p>")
}

fn main() {}
