use hjx_runtime::{Mount, hjx};

hjx! {
    component Item

    state:
      title = ""

    script:
      async fn mount(&mut self, cx: &Mount) -> Result<(), String> {
          self.title = cx.query("title").ok_or("no title")?;
          Ok(())
      }

    layout:
      view:
        text: "{{title}}"
}

fn main() {}
