use serde::Deserialize;

use super::{Form, FormErrors};

fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

#[derive(Debug, Deserialize, PartialEq)]
struct Item {
    title: String,
    votes: u32,
    score: f64,
    #[serde(default)]
    urgent: bool,
    note: Option<String>,
    due: Option<u16>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    grade: Option<char>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Strict {
    title: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
enum Level {
    Low,
    High,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Leveled {
    level: Level,
    counts: Vec<i8>,
}

#[test]
fn parses_numbers_bools_options_and_repeated_names() {
    let form = Form::<Item>::parse(pairs(&[
        ("title", "Tea"),
        ("votes", " 42 "),
        ("score", "-1.5"),
        ("urgent", "on"),
        ("note", ""),
        ("due", "7"),
        ("tags", "a"),
        ("tags", "b"),
        ("grade", "A"),
    ]));
    assert!(form.errors().is_empty(), "{:?}", form.errors());
    assert!(form.is_valid());
    assert_eq!(
        form.into_result().unwrap(),
        Item {
            title: "Tea".into(),
            votes: 42,
            score: -1.5,
            urgent: true,
            note: None,
            due: Some(7),
            tags: vec!["a".into(), "b".into()],
            grade: Some('A'),
        }
    );
}

#[test]
fn absent_fields_take_serde_defaults_and_options_are_none() {
    let form = Form::<Item>::parse(pairs(&[("title", "Tea"), ("votes", "1"), ("score", "2")]));
    let item = form.into_result().unwrap();
    assert!(!item.urgent);
    assert_eq!(item.note, None);
    assert_eq!(item.due, None);
    assert!(item.tags.is_empty());
}

#[test]
fn bools_read_checkbox_and_word_forms() {
    #[derive(Deserialize)]
    struct Flags {
        a: bool,
        b: bool,
        c: bool,
        d: bool,
    }
    let form = Form::<Flags>::parse(pairs(&[("a", "true"), ("b", "0"), ("c", "Yes"), ("d", "")]));
    let flags = form.into_result().unwrap();
    assert!(flags.a && !flags.b && flags.c && !flags.d);
    let bad = Form::<Flags>::parse(pairs(&[("a", "maybe"), ("b", "1"), ("c", "1"), ("d", "1")]));
    assert_eq!(bad.error("a"), Some("must be yes or no"));
}

#[test]
fn a_bad_number_is_a_field_error_with_the_raw_value_kept() {
    let form = Form::<Item>::parse(pairs(&[
        ("title", "Tea"),
        ("votes", "abc"),
        ("score", "x"),
        ("due", "70000"),
        ("grade", "AB"),
    ]));
    assert!(form.value().is_none());
    assert!(!form.is_valid());
    assert_eq!(form.error("votes"), Some("must be a whole number"));
    assert_eq!(form.error("score"), Some("must be a number"));
    assert_eq!(form.error("due"), Some("must be between 0 and 65535"));
    assert_eq!(form.error("grade"), Some("must be one character"));
    assert_eq!(form.error("title"), None);
    assert_eq!(form.raw("votes"), Some("abc"));
    assert_eq!(form.raw("title"), Some("Tea"));
    assert_eq!(form.fields().len(), 5);
    // Every bad field is reported at once, in document order.
    let names: Vec<&str> = form.errors().iter().map(|(name, _)| name).collect();
    assert_eq!(names, ["votes", "score", "due", "grade"]);
}

#[test]
fn an_empty_required_number_is_required() {
    let form = Form::<Item>::parse(pairs(&[("title", "Tea"), ("votes", ""), ("score", "1")]));
    assert_eq!(form.error("votes"), Some("is required"));
}

#[test]
fn a_missing_field_is_an_error_of_that_field() {
    let form = Form::<Item>::parse(pairs(&[("votes", "3"), ("score", "1")]));
    assert!(form.value().is_none());
    assert_eq!(form.error("title"), Some("is required"));
    assert_eq!(form.errors().len(), 1);
    // Every missing field is reported, not only the first; options and defaults are not.
    let empty = Form::<Item>::parse(Vec::new());
    let names: Vec<&str> = empty.errors().iter().map(|(name, _)| name).collect();
    assert_eq!(names, ["title", "votes", "score"]);
    assert!(
        empty
            .errors()
            .iter()
            .all(|(_, message)| message == "is required")
    );
}

#[test]
fn an_unknown_field_is_ignored_unless_the_struct_denies_it() {
    let fields = pairs(&[("title", "Tea"), ("admin", "true")]);
    #[derive(Deserialize)]
    struct Lenient {
        title: String,
    }
    let lenient = Form::<Lenient>::parse(fields.clone());
    assert_eq!(
        lenient.into_result().ok().map(|l| l.title),
        Some("Tea".into())
    );
    let strict = Form::<Strict>::parse(fields);
    assert!(strict.value().is_none());
    assert_eq!(strict.error("admin"), Some("is not a field of this form"));
}

#[test]
fn enums_by_variant_name_and_vecs_of_numbers() {
    let form = Form::<Leveled>::parse(pairs(&[
        ("level", "high"),
        ("counts", "1"),
        ("counts", "-2"),
    ]));
    assert_eq!(
        form.into_result().unwrap(),
        Leveled {
            level: Level::High,
            counts: vec![1, -2]
        }
    );
    let bad = Form::<Leveled>::parse(pairs(&[
        ("level", "medium"),
        ("counts", "1"),
        ("counts", "x"),
    ]));
    assert!(
        bad.error("level")
            .is_some_and(|m| m.contains("unknown variant"))
    );
    assert_eq!(bad.raw("level"), Some("medium"));
    let _ = Level::Low;
}

#[test]
fn a_type_that_is_not_a_map_is_an_error_of_the_whole_form() {
    let form = Form::<u32>::parse(pairs(&[("a", "1")]));
    assert!(form.value().is_none());
    assert!(form.error("").is_some());
}

#[test]
fn a_nested_struct_field_is_an_error_not_a_panic() {
    #[derive(Debug, Deserialize)]
    struct Outer {
        #[allow(dead_code)]
        inner: Strict,
    }
    let form = Form::<Outer>::parse(pairs(&[("inner", "x")]));
    assert!(form.error("inner").is_some());
}

#[test]
fn a_map_takes_every_field() {
    let form =
        Form::<std::collections::BTreeMap<String, String>>::parse(pairs(&[("a", "1"), ("b", "2")]));
    let map = form.into_result().unwrap();
    assert_eq!(map.get("b").map(String::as_str), Some("2"));
}

#[test]
fn validation_errors_make_the_result_an_error() {
    let mut form = Form::<Strict>::parse(pairs(&[("title", " ")]));
    assert!(form.is_valid());
    if form.value().is_some_and(|s| s.title.trim().is_empty()) {
        form.add_error("title", "Give it a title");
    }
    assert!(form.value().is_some());
    let errors = form.into_result().unwrap_err();
    assert_eq!(errors.message("title"), "Give it a title");
    assert_eq!(errors.message("other"), "");
}

#[test]
fn form_errors_insert_replace_and_remove() {
    let mut errors = FormErrors::new();
    errors.insert("a", "one");
    errors.insert("b", "two");
    errors.insert("a", "three");
    assert_eq!(errors.len(), 2);
    assert_eq!(errors.get("a"), Some("three"));
    assert!(errors.has("b"));
    errors.remove("b");
    assert!(!errors.has("b"));
    errors.clear();
    assert!(errors.is_empty());
}
