use hjx_runtime::{Mount, Refuse, hjx};

hjx! {
    component Item

    state:
      title = ""

    script:
      fn mount(&mut self, cx: &Mount) -> Result<(), Refuse> {
          self.title = cx.query("title").unwrap_or_default();
          Ok(())
      }

    layout:
      view:
        text: "{{title}}"
}

fn main() {}
