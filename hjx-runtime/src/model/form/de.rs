//! A serde deserializer over a submitted form's `(name, value)` pairs.
//!
//! The form is a map from field names to their values; a name given more than once holds all
//! its values, in document order, so it can fill a `Vec`. Each value is text, parsed into what
//! the field asks for: numbers, `bool` (`on`, `true`, `yes`, `1` and their opposites; an
//! unchecked checkbox sends nothing, so give such a field `#[serde(default)]`), `char`, an
//! `Option` (`None` for empty text), a `Vec` (every value of the name), a unit enum variant by
//! name. A value that does not parse is recorded as an error of its field and stands in as a
//! zero value, so the deserializer goes on and reports every bad field at once.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Display;

use serde::de::value::{SeqDeserializer, StrDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};

/// The errors found so far, each a field's name and a message; the first per field is kept.
type Sink = RefCell<Vec<(String, String)>>;

/// Deserializes `fields` into a `T`: the value when every field parsed, and the errors (each a
/// field name, `""` for the form as a whole, and a message) otherwise.
pub(super) fn parse<T: DeserializeOwned>(
    fields: &[(String, String)],
) -> (Option<T>, Vec<(String, String)>) {
    let mut grouped = group(fields);
    loop {
        let sink = Sink::default();
        let result = T::deserialize(Form {
            fields: &grouped,
            sink: &sink,
        });
        let mut errors = sink.into_inner();
        let (field, message) = match result {
            Ok(value) if errors.is_empty() => return (Some(value), errors),
            Ok(_) => return (None, errors),
            // serde reports one missing field at a time: give it no values (which reports it
            // and stands in a zero) and go again, so every missing field is reported. Each
            // round adds one of the type's own field names, so the rounds are few.
            Err(Error::Missing(field)) if !grouped.iter().any(|(name, _)| *name == field) => {
                grouped.push((field, Vec::new()));
                continue;
            }
            Err(Error::Missing(field)) => (field.to_owned(), REQUIRED.to_owned()),
            Err(Error::Field { field, message }) => (field, message),
            Err(Error::Message(message)) => (String::new(), message),
        };
        if !errors.iter().any(|(name, _)| *name == field) {
            errors.push((field, message));
        }
        return (None, errors);
    }
}

/// The error of a field the form does not send, or sends empty, that has no default.
const REQUIRED: &str = "is required";

/// The pairs grouped by name, in the order each name first appears.
fn group(fields: &[(String, String)]) -> Vec<(&str, Vec<&str>)> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut grouped: Vec<(&str, Vec<&str>)> = Vec::new();
    for (name, value) in fields {
        match index.get(name.as_str()) {
            Some(&at) => grouped[at].1.push(value),
            None => {
                index.insert(name, grouped.len());
                grouped.push((name, vec![value]));
            }
        }
    }
    grouped
}

/// Records `message` for `field` unless the field already has an error.
fn record(sink: &Sink, field: &str, message: String) {
    let mut errors = sink.borrow_mut();
    if !errors.iter().any(|(name, _)| name == field) {
        errors.push((field.to_owned(), message));
    }
}

/// Why the form did not deserialize.
#[derive(Debug)]
pub(super) enum Error {
    /// A field's error: a value the field's type rejected, a missing or an unknown field.
    Field {
        /// The field's name.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// A field the form did not send, which has no default.
    Missing(&'static str),
    /// An error not yet tied to a field.
    Message(String),
}

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Field { field, message } => write!(f, "{field}: {message}"),
            Error::Missing(field) => write!(f, "{field}: {REQUIRED}"),
            Error::Message(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<M: Display>(message: M) -> Error {
        Error::Message(message.to_string())
    }

    fn missing_field(field: &'static str) -> Error {
        Error::Missing(field)
    }

    fn unknown_field(field: &str, _expected: &'static [&'static str]) -> Error {
        Error::Field {
            field: field.to_owned(),
            message: "is not a field of this form".to_owned(),
        }
    }
}

/// The whole form, as a map.
struct Form<'a> {
    fields: &'a [(&'a str, Vec<&'a str>)],
    sink: &'a Sink,
}

impl<'de> de::Deserializer<'de> for Form<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(Fields {
            fields: self.fields.iter(),
            current: None,
            sink: self.sink,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

/// The fields one after another, for a struct's or a map's visitor.
struct Fields<'a> {
    fields: std::slice::Iter<'a, (&'a str, Vec<&'a str>)>,
    current: Option<&'a (&'a str, Vec<&'a str>)>,
    sink: &'a Sink,
}

impl<'de> MapAccess<'de> for Fields<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(entry) = self.fields.next() else {
            return Ok(None);
        };
        self.current = Some(entry);
        let name: StrDeserializer<'_, Error> = entry.0.into_deserializer();
        seed.deserialize(name).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let Some((name, values)) = self.current.take() else {
            return Err(Error::Message(
                "a form value came before its name".to_owned(),
            ));
        };
        if values.is_empty() {
            // A field serde found missing, given back with no values.
            record(self.sink, name, REQUIRED.to_owned());
        }
        let value = Value {
            name,
            values,
            sink: self.sink,
        };
        seed.deserialize(value).map_err(|error| {
            let message = match error {
                Error::Field { message, .. } | Error::Message(message) => message,
                Error::Missing(_) => REQUIRED.to_owned(),
            };
            record(self.sink, name, message.clone());
            Error::Field {
                field: (*name).to_owned(),
                message,
            }
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.fields.len())
    }
}

/// One field's values, parsed into what the field's type asks for.
struct Value<'a> {
    name: &'a str,
    values: &'a [&'a str],
    sink: &'a Sink,
}

impl<'a> Value<'a> {
    /// The field's text: its last value, so a later input of the same name wins.
    fn text(&self) -> &'a str {
        self.values.last().copied().unwrap_or("")
    }

    /// Records that this field's text did not parse.
    fn fail(&self, message: String) {
        record(self.sink, self.name, message);
    }
}

/// What a whole number field says when its text is not one of `min..=max`.
fn whole_number_message(text: &str, min: impl Display, max: impl Display) -> String {
    if text.is_empty() {
        REQUIRED.to_owned()
    } else if text.parse::<i128>().is_ok() {
        format!("must be between {min} and {max}")
    } else {
        "must be a whole number".to_owned()
    }
}

/// Deserialize methods for whole numbers: parse, or record the error and stand in a zero.
macro_rules! whole_numbers {
    ($($method:ident $ty:ident $visit:ident),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let text = self.text().trim();
            match text.parse::<$ty>() {
                Ok(number) => visitor.$visit(number),
                Err(_) => {
                    self.fail(whole_number_message(text, $ty::MIN, $ty::MAX));
                    visitor.$visit(0)
                }
            }
        }
    )*};
}

/// Deserialize methods for floating point numbers.
macro_rules! numbers {
    ($($method:ident $ty:ident $visit:ident),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let text = self.text().trim();
            match text.parse::<$ty>() {
                Ok(number) if number.is_finite() => visitor.$visit(number),
                _ => {
                    self.fail(if text.is_empty() { REQUIRED } else { "must be a number" }.to_owned());
                    visitor.$visit(0.0)
                }
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Value<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.text())
    }

    whole_numbers! {
        deserialize_i8 i8 visit_i8, deserialize_i16 i16 visit_i16, deserialize_i32 i32 visit_i32,
        deserialize_i64 i64 visit_i64, deserialize_i128 i128 visit_i128,
        deserialize_u8 u8 visit_u8, deserialize_u16 u16 visit_u16, deserialize_u32 u32 visit_u32,
        deserialize_u64 u64 visit_u64, deserialize_u128 u128 visit_u128,
    }

    numbers! { deserialize_f32 f32 visit_f32, deserialize_f64 f64 visit_f64 }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let text = self.text().trim().to_ascii_lowercase();
        match text.as_str() {
            "on" | "true" | "yes" | "1" | "checked" => visitor.visit_bool(true),
            "off" | "false" | "no" | "0" | "" => visitor.visit_bool(false),
            _ => {
                self.fail("must be yes or no".to_owned());
                visitor.visit_bool(false)
            }
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let mut chars = self.text().chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => visitor.visit_char(c),
            _ => {
                self.fail("must be one character".to_owned());
                visitor.visit_char('\0')
            }
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.text())
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.text())
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_bytes(self.text().as_bytes())
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_bytes(self.text().as_bytes())
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.text().is_empty() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let (name, sink) = (self.name, self.sink);
        let items = self.values.iter().map(|value| Value {
            name,
            values: std::slice::from_ref(value),
            sink,
        });
        let mut seq = SeqDeserializer::new(items);
        let value = visitor.visit_seq(&mut seq)?;
        seq.end()?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(Error::Message(
            "a form field holds text, not a group of fields".to_owned(),
        ))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let variant: StrDeserializer<'_, Error> = self.text().trim().into_deserializer();
        visitor.visit_enum(variant)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.text())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

impl<'de, 'a> IntoDeserializer<'de, Error> for Value<'a> {
    type Deserializer = Value<'a>;

    fn into_deserializer(self) -> Value<'a> {
        self
    }
}
