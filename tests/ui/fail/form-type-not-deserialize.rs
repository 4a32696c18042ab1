use hjx_runtime::{Form, hjx};

pub struct NewItem {
    pub title: String,
}

hjx! {
    component Items

    state:
      count: usize = 0

    layout:
      form (on submit -> save(form)):
        input (name="title")

    handlers:
      save(form: Form<NewItem>):
        set count = count + form.fields().len()
}

fn main() {}
