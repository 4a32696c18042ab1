use std::rc::Rc;

use hjx_runtime::{Load, hjx};

hjx! {
    component Search

    state:
      results: Load<String> = Load::idle()

    script:
      fn search(&mut self, q: String) {
          self.results.start(async move {
              let shared = Rc::new(q);
              std::future::ready(()).await;
              Ok(shared.to_string())
          });
      }

    layout:
      view:
        input (on input -> typed(event.value))
        text: "{{results}}"

    handlers:
      typed(q: String):
        call self.search(q)
}

fn main() {}
