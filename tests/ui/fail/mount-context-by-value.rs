use hjx_runtime::{Mount, Refuse, hjx};

hjx! {
    component Item

    state:
      title = ""

    script:
      async fn mount(&mut self, cx: Mount<u32>) -> Result<(), Refuse> {
          self.title = cx.state().to_string();
          Ok(())
      }

    layout:
      view:
        text: "{{title}}"
}

fn main() {}
