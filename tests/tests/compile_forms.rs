//! Typed forms: a submit handler takes `Form<T>`, validates it in plain Rust, and keeps the
//! errors in state; the markup shows each beside its field, and a failed submit touches none
//! of the inputs, so nothing typed is lost.

use hjx_runtime::{Form, FormErrors, PatchOp, hjx};
use hjx_tests::model::Model;
use serde::Deserialize;

/// What the form submits.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct NewItem {
    title: String,
    votes: u32,
    #[serde(default)]
    urgent: bool,
}

hjx! {
    component Items

    state:
      errors: FormErrors = FormErrors::new()
      items: Vec<NewItem> = Vec::new()

    script:
      fn create(&mut self, mut form: Form<NewItem>) {
          if form.raw("title").unwrap_or_default().trim().is_empty() {
              form.add_error("title", "Give the item a title");
          }
          match form.into_result() {
              Ok(item) => {
                  self.items.push(item);
                  self.errors.clear();
              }
              Err(errors) => self.errors = errors,
          }
      }

    layout:
      form (on submit -> save(form)):
        input (name="title")
        if (errors.has("title")):
          text.error: "{{errors.message(\"title\")}}"
        input (name="votes" type="number")
        if (errors.has("votes")):
          text.error: "{{errors.message(\"votes\")}}"
        input (name="urgent" type="checkbox")
        button (type="submit"): "Create"
      text.count: "{{items.len()}} items"

    handlers:
      save(form: Form<NewItem>):
        call self.create(form)
}

/// The hydration IDs a patch touches.
fn touched(ops: &[PatchOp]) -> Vec<u32> {
    let mut hids: Vec<u32> = ops.iter().map(|op| op.hid().0).collect();
    hids.sort_unstable();
    hids.dedup();
    hids
}

#[test]
fn a_valid_submit_reaches_the_handler_as_the_typed_value() {
    let mut model = Model::<Items>::default();
    let form = model.hid("data-on=\"submit\"");
    let ops = model.submit(form, &[("title", "Tea"), ("votes", "3"), ("urgent", "on")]);
    assert_eq!(
        model.app.items,
        [NewItem {
            title: "Tea".into(),
            votes: 3,
            urgent: true
        }]
    );
    assert!(model.app.errors.is_empty());
    assert!(model.html().contains(">1 items<"));
    assert_eq!(touched(&ops), [model.hid("class=\"count\"").0]);
}

#[test]
fn a_bad_number_and_an_empty_title_show_beside_their_fields_and_touch_no_input() {
    let mut model = Model::<Items>::default();
    let form = model.hid("data-on=\"submit\"");
    let ops = model.submit(form, &[("title", " "), ("votes", "abc")]);
    assert!(model.app.items.is_empty());
    assert_eq!(
        model.app.errors.get("votes"),
        Some("must be a whole number")
    );
    assert_eq!(model.app.errors.get("title"), Some("Give the item a title"));
    let html = model.html();
    let title_error = html
        .find("Give the item a title")
        .expect("the title's error");
    let votes_error = html
        .find("must be a whole number")
        .expect("the votes' error");
    let votes_input = html.find("name=\"votes\"").expect("the votes input");
    // Each error stands right after its own field.
    assert!(html.find("name=\"title\"").unwrap() < title_error);
    assert!(title_error < votes_input && votes_input < votes_error);
    // The patch shows the errors without touching an input or the form around them: the
    // inputs are never rendered again, so what was typed stays typed.
    assert!(!ops.is_empty());
    assert!(!touched(&ops).contains(&form.0));
    let shown = format!("{ops:?}");
    assert!(!shown.contains("<input"), "{shown}");
    assert!(shown.contains("Give the item a title") && shown.contains("must be a whole number"));

    // Fixing the fields and submitting again clears the errors and adds the item.
    let ops = model.submit(form, &[("title", "Tea"), ("votes", "4")]);
    assert_eq!(model.app.items.len(), 1);
    assert!(!model.html().contains("class=\"error\""));
    assert!(!format!("{ops:?}").contains("<input"));
}

#[test]
fn a_forged_field_is_ignored_and_a_forged_form_without_fields_is_an_error_not_a_panic() {
    let mut model = Model::<Items>::default();
    let form = model.hid("data-on=\"submit\"");
    model.submit(form, &[("title", "Tea"), ("votes", "1"), ("admin", "true")]);
    assert_eq!(model.app.items.len(), 1);
    model.submit(form, &[]);
    assert_eq!(model.app.items.len(), 1);
    assert_eq!(model.app.errors.get("votes"), Some("is required"));
    assert_eq!(model.app.errors.get("title"), Some("Give the item a title"));
}

/// A rename form in each row of a keyed list.
#[derive(Debug, Deserialize)]
pub struct Rename {
    name: String,
}

hjx! {
    component Rows

    state:
      rows: Vec<(u32, String)> = vec![(1, "one".to_owned()), (2, "two".to_owned())]
      errors: FormErrors = FormErrors::new()

    script:
      fn rename(&mut self, id: u32, form: Form<Rename>) {
          match form.into_result() {
              Ok(rename) if !rename.name.is_empty() => {
                  if let Some(row) = self.rows.iter_mut().find(|row| row.0 == id) {
                      row.1 = rename.name;
                  }
              }
              Ok(_) => self.errors.insert("name", "is empty"),
              Err(errors) => self.errors = errors,
          }
      }

    layout:
      ul:
        for (row in rows.iter(), key: row.0):
          li:
            text: "{{row.1}}"
            form (on submit -> rename(row.0, form)):
              input (name="name")
      text: "{{errors.message(\"name\")}}"

    handlers:
      rename(id: u32, form: Form<Rename>):
        call self.rename(id, form)
}

#[test]
fn a_form_in_a_list_row_takes_the_row_and_the_typed_form() {
    let mut model = Model::<Rows>::default();
    let form = model.row_hid("two", "data-on=\"submit\"");
    model.submit(form, &[("name", "deux")]);
    assert_eq!(model.app.rows[1].1, "deux");
    assert_eq!(model.app.rows[0].1, "one");
    model.submit(form, &[]);
    assert_eq!(model.app.errors.get("name"), Some("is required"));
    assert!(model.html().contains("is required"));
}
