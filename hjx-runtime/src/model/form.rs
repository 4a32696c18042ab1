//! Typed forms: a submitted form's fields deserialized into a struct, with the fields that did
//! not parse kept as errors beside the text the user typed.
//!
//! A handler that takes `form: Form<NewItem>` (bound `on submit -> save(form)`) receives the
//! form deserialized with serde into `NewItem`; a number field holding `abc` becomes an error
//! of that field ([`Form::error`]) rather than a dropped event. Validation is plain Rust in the
//! handler ([`Form::add_error`]); the errors it keeps in state ([`FormErrors`]) are what the
//! markup shows beside each field.

mod de;
#[cfg(test)]
mod tests;

use serde::de::DeserializeOwned;

/// A submitted form deserialized into a `T` (any `serde::Deserialize` type), or the errors of
/// the fields that did not deserialize, with every value the user typed kept.
///
/// Each field's text is parsed into what `T` asks for: numbers, `bool` (a checked checkbox
/// sends `on`; an unchecked one sends nothing, so give such a field `#[serde(default)]`),
/// `Option` (`None` for empty text), `Vec` (every value of a repeated name), unit enum variants
/// by name. A field the form sends but `T` does not have is ignored, unless `T` is
/// `#[serde(deny_unknown_fields)]`, when it is an error of that field.
///
/// ```
/// use hjx_runtime::Form;
///
/// #[derive(Debug, serde::Deserialize)]
/// struct NewItem {
///     title: String,
///     votes: u32,
/// }
///
/// let fields = vec![("title".to_owned(), "Tea".to_owned()), ("votes".to_owned(), "abc".to_owned())];
/// let mut form = Form::<NewItem>::parse(fields);
/// assert_eq!(form.error("votes"), Some("must be a whole number"));
/// assert_eq!(form.raw("votes"), Some("abc"));
/// assert!(form.value().is_none());
/// form.add_error("title", "is taken");
/// let errors = form.into_result().unwrap_err();
/// assert_eq!(errors.get("title"), Some("is taken"));
/// ```
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Form<T> {
    value: Option<T>,
    errors: FormErrors,
    fields: Vec<(String, String)>,
}

impl<T: DeserializeOwned> Form<T> {
    /// Deserializes a submitted form's `(name, value)` pairs, in document order.
    pub fn parse(fields: Vec<(String, String)>) -> Form<T> {
        let (value, errors) = de::parse(&fields);
        Form {
            value,
            errors: FormErrors(errors),
            fields,
        }
    }
}

impl<T> Form<T> {
    /// The deserialized value, when every field deserialized (errors added afterwards by
    /// [`Form::add_error`] leave it here; [`Form::into_result`] takes both into account).
    pub fn value(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// The field errors: those of deserializing and those added by validation.
    pub fn errors(&self) -> &FormErrors {
        &self.errors
    }

    /// The error of field `name`, if it has one.
    pub fn error(&self, name: &str) -> Option<&str> {
        self.errors.get(name)
    }

    /// Adds a validation error to field `name` (replacing any it had).
    pub fn add_error(&mut self, name: &str, message: impl Into<String>) {
        self.errors.insert(name, message);
    }

    /// Whether the form deserialized and has no errors.
    pub fn is_valid(&self) -> bool {
        self.value.is_some() && self.errors.is_empty()
    }

    /// The text submitted for field `name` (its last value, for a repeated name), as typed.
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .rev()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every submitted `(name, value)` pair, in document order.
    pub fn fields(&self) -> &[(String, String)] {
        &self.fields
    }

    /// The value when the form is valid, its errors otherwise.
    pub fn into_result(self) -> Result<T, FormErrors> {
        match self.value {
            Some(value) if self.errors.is_empty() => Ok(value),
            _ => Err(self.errors),
        }
    }
}

/// Errors by field name, in the order they were found: what a form's handler keeps in state
/// so the markup can show each beside its field. The name `""` stands for the form as a whole.
///
/// ```text
/// state:
///   errors: FormErrors = FormErrors::default()
/// layout:
///   input (name="title")
///   if (errors.has("title")):
///     text.error: "{{errors.message("title")}}"
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FormErrors(Vec<(String, String)>);

impl FormErrors {
    /// No errors.
    pub fn new() -> FormErrors {
        FormErrors::default()
    }

    /// The error of field `name`, if it has one.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, message)| message.as_str())
    }

    /// The error of field `name`, or `""`: for markup that shows it.
    pub fn message(&self, name: &str) -> &str {
        self.get(name).unwrap_or_default()
    }

    /// Whether field `name` has an error.
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets the error of field `name`, replacing any it had.
    pub fn insert(&mut self, name: &str, message: impl Into<String>) {
        let message = message.into();
        match self.0.iter_mut().find(|(field, _)| field == name) {
            Some((_, old)) => *old = message,
            None => self.0.push((name.to_owned(), message)),
        }
    }

    /// Removes the error of field `name`.
    pub fn remove(&mut self, name: &str) {
        self.0.retain(|(field, _)| field != name);
    }

    /// Removes every error.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// Whether there are no errors.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many fields have errors.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Each field with an error and its message, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(f, m)| (f.as_str(), m.as_str()))
    }
}

/// What a handler's parameter can be when its binding passes `form`: the submitted fields as
/// they came (`Vec<(String, String)>`) or deserialized (`Form<T>`). Implement it for a type of
/// your own to take a form some other way.
#[diagnostic::on_unimplemented(
    message = "a submitted form cannot be passed as a `{Self}`",
    label = "the form is passed here",
    note = "take `form: Form<T>` with `T: serde::Deserialize`, or `Vec<(String, String)>` for the fields as sent"
)]
pub trait FromForm {
    /// Builds the parameter from a submitted form's `(name, value)` pairs.
    fn from_form(fields: &[(String, String)]) -> Self;
}

impl FromForm for Vec<(String, String)> {
    fn from_form(fields: &[(String, String)]) -> Self {
        fields.to_vec()
    }
}

impl<T: DeserializeOwned> FromForm for Form<T> {
    fn from_form(fields: &[(String, String)]) -> Self {
        Form::parse(fields.to_vec())
    }
}
