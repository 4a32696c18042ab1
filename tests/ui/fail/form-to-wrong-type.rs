use hjx_runtime::hjx;

hjx! {
    component Items

    state:
      title = ""

    layout:
      form (on submit -> save(form)):
        input (name="title")

    handlers:
      save(fields: String):
        set title = fields
}

fn main() {}
