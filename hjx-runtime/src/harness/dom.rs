//! The page as the harness reads it: its HTML parsed, found with CSS selectors, and described
//! when a find fails; and the server's frames, as far as a page acts on them.

use scraper::{ElementRef, Html, Selector};

use super::PushedEvent;

/// A page's HTML, parsed.
pub(super) struct Dom {
    html: Html,
}

/// An element found: what the harness reads of it.
pub(super) struct Found {
    pub(super) text: String,
    tag: String,
    attrs: Vec<(String, String)>,
    /// For a form: its fields' names and values, as the browser would submit them.
    fields: Vec<(String, String)>,
    /// For a form: the names of all its fields.
    names: Vec<String>,
}

impl Found {
    fn new(element: ElementRef<'_>) -> Found {
        let value = element.value();
        let (fields, names) = if value.name() == "form" {
            form_fields(element)
        } else {
            (Vec::new(), Vec::new())
        };
        Found {
            text: element.text().collect(),
            tag: value.name().to_owned(),
            attrs: value
                .attrs()
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect(),
            fields,
            names,
        }
    }

    /// The attribute `name`.
    pub(super) fn attr(&self, name: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|(attr, _)| attr == name)
            .map(|(_, value)| value.clone())
    }

    /// A form's fields, as submitted.
    pub(super) fn form_fields(&self) -> Vec<(String, String)> {
        self.fields.clone()
    }

    /// Whether a form has a field `name` that it does not submit now (an unchecked checkbox).
    pub(super) fn has_field(&self, name: &str) -> bool {
        self.names.iter().any(|field| field == name)
    }

    /// The element as a failure message names it: `` `Save` (button.save) ``.
    pub(super) fn describe(&self) -> String {
        describe(&self.tag, self.attr("class").as_deref(), &self.text)
    }
}

fn describe(tag: &str, class: Option<&str>, text: &str) -> String {
    let classes: String = class
        .unwrap_or_default()
        .split_whitespace()
        .map(|class| format!(".{class}"))
        .collect();
    let text = text.trim();
    let text: String = text.chars().take(40).collect();
    format!("`{text}` ({tag}{classes})")
}

impl Dom {
    pub(super) fn new(html: &str) -> Dom {
        Dom {
            html: Html::parse_fragment(html),
        }
    }

    fn selector(css: &str) -> Selector {
        Selector::parse(css)
            .unwrap_or_else(|error| panic!("`{css}` is not a CSS selector: {error}"))
    }

    /// The first element `css` matches.
    ///
    /// # Panics
    ///
    /// When none does, with the page's elements of the kind the selector names.
    pub(super) fn find(&self, css: &str) -> Found {
        let selector = Dom::selector(css);
        match self.html.select(&selector).next() {
            Some(element) => Found::new(element),
            None => panic!("no element matches `{css}`; {}", self.holds(css)),
        }
    }

    /// The first element `css` matches whose text, trimmed, is `text`.
    ///
    /// # Panics
    ///
    /// When none is, with the texts of those `css` matches.
    pub(super) fn find_text(&self, css: &str, text: &str) -> Found {
        let selector = Dom::selector(css);
        let found = self
            .html
            .select(&selector)
            .find(|element| element.text().collect::<String>().trim() == text);
        match found {
            Some(element) => Found::new(element),
            None => {
                let texts: Vec<String> = self
                    .texts(css)
                    .iter()
                    .map(|text| format!("`{}`", text.trim()))
                    .collect();
                panic!(
                    "no `{css}` has the text `{text}`; {}",
                    if texts.is_empty() {
                        self.holds(css)
                    } else {
                        format!("the texts of `{css}`: {}", texts.join(", "))
                    }
                )
            }
        }
    }

    /// How many elements `css` matches.
    pub(super) fn count(&self, css: &str) -> usize {
        self.html.select(&Dom::selector(css)).count()
    }

    /// The text of each element `css` matches.
    pub(super) fn texts(&self, css: &str) -> Vec<String> {
        self.html
            .select(&Dom::selector(css))
            .map(|element| element.text().collect())
            .collect()
    }

    /// The whole page's text.
    pub(super) fn text(&self) -> String {
        self.html.root_element().text().collect()
    }

    /// What the page holds that `css` may have meant: its elements of the tag the selector
    /// starts with, or else its elements that bind events.
    fn holds(&self, css: &str) -> String {
        let tag: String = css
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let (what, selector) = if tag.is_empty() {
            (
                "elements that bind events".to_owned(),
                "[data-on]".to_owned(),
            )
        } else {
            (format!("<{tag}> elements"), tag)
        };
        let found: Vec<String> = self
            .html
            .select(&Dom::selector(&selector))
            .map(|element| {
                let text: String = element.text().collect();
                describe(element.value().name(), element.value().attr("class"), &text)
            })
            .collect();
        if found.is_empty() {
            format!("the page has no {what}")
        } else {
            format!("the page's {what}: {}", found.join(", "))
        }
    }
}

/// A form's fields as the browser submits them: named inputs (checkboxes and radios only when
/// checked), textareas and selects, in document order; and the names of all its fields.
fn form_fields(form: ElementRef<'_>) -> (Vec<(String, String)>, Vec<String>) {
    let fields = Dom::selector("input[name], textarea[name], select[name]");
    let options = Dom::selector("option");
    let mut out = Vec::new();
    let mut names = Vec::new();
    for field in form.select(&fields) {
        let value = field.value();
        let name = value.attr("name").unwrap_or_default().to_owned();
        names.push(name.clone());
        match value.name() {
            "textarea" => out.push((name, field.text().collect())),
            "select" => {
                let chosen = value.attr("value").map(str::to_owned).or_else(|| {
                    let all: Vec<ElementRef<'_>> = field.select(&options).collect();
                    let picked = all
                        .iter()
                        .find(|option| option.value().attr("selected").is_some())
                        .or(all.first())?;
                    Some(
                        picked
                            .value()
                            .attr("value")
                            .map_or_else(|| picked.text().collect(), str::to_owned),
                    )
                });
                out.push((name, chosen.unwrap_or_default()));
            }
            _ => match value.attr("type").unwrap_or("text") {
                "checkbox" | "radio" => {
                    if value.attr("checked").is_some() {
                        out.push((name, value.attr("value").unwrap_or("on").to_owned()));
                    }
                }
                "submit" | "button" | "file" | "reset" | "image" => {}
                _ => out.push((name, value.attr("value").unwrap_or_default().to_owned())),
            },
        }
    }
    (out, names)
}

/// What a page acts on in a server frame.
pub(super) enum ServerFrame {
    /// An EVENT for the page's scripts.
    Event(PushedEvent),
    /// NAVIGATE: the page goes to the URL.
    Navigate(String),
    /// URL: the page's URL moved, with no remount.
    Url(String),
    /// Patches, replies, and the rest: the harness reads a fresh render instead.
    Other,
}

/// Reads a server frame.
pub(super) fn server_frame(frame: &[u8]) -> ServerFrame {
    let mut rd = frame;
    let Ok(_) = rmp::decode::read_array_len(&mut rd) else {
        return ServerFrame::Other;
    };
    let Ok(tag) = rmp::decode::read_int::<u8, _>(&mut rd) else {
        return ServerFrame::Other;
    };
    let mut text = || -> Option<String> {
        let len = rmp::decode::read_str_len(&mut rd).ok()? as usize;
        let bytes = rd.get(..len)?;
        let text = String::from_utf8(bytes.to_vec()).ok()?;
        rd = &rd[len..];
        Some(text)
    };
    let first = text();
    match (tag, first) {
        (1, Some(name)) if !name.starts_with("hjx-upload") => ServerFrame::Event(PushedEvent {
            name,
            data: rd.to_vec(),
        }),
        (6, Some(url)) => ServerFrame::Navigate(url),
        (10, Some(url)) => ServerFrame::Url(url),
        _ => ServerFrame::Other,
    }
}
