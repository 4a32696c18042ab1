use std::rc::Rc;

use hjx_runtime::{Mount, Refuse, hjx};

hjx! {
    component Item

    state:
      title = ""

    script:
      async fn mount(&mut self, cx: &Mount) -> Result<(), Refuse> {
          let title = Rc::new(cx.query("title").unwrap_or_default());
          tokio::task::yield_now().await;
          self.title = title.to_string();
          Ok(())
      }

    layout:
      view:
        text: "{{title}}"
}

fn main() {}
