//! The HTML writer that server-side rendering writes into.
//!
//! Generated `render` code pushes its static markup with [`Html::raw`] (the macro merges every
//! static run into one string) and every dynamic value with [`Html::text`] or
//! [`Html::attr_value`], which escape it on the way in: no state value can inject markup or
//! script (invariant 3 of the design).

use std::fmt::{self, Write};

/// A growing HTML document.
#[derive(Debug, Default, Clone)]
pub struct Html {
    buf: String,
}

impl Html {
    /// An empty document.
    pub fn new() -> Html {
        Html::default()
    }

    /// An empty document with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Html {
        Html {
            buf: String::with_capacity(capacity),
        }
    }

    /// Reserves room for at least `additional` more bytes.
    pub fn reserve(&mut self, additional: usize) {
        self.buf.reserve(additional);
    }

    /// Appends markup as it is. Only for markup the component's author wrote, never for values.
    pub fn raw(&mut self, markup: &str) {
        self.buf.push_str(markup);
    }

    /// Appends a value as text content, escaping `&`, `<` and `>`.
    pub fn text<T: fmt::Display + ?Sized>(&mut self, value: &T) {
        // Writing into a String cannot fail.
        let _ = write!(Escaper { out: &mut self.buf }, "{value}");
    }

    /// Appends a value inside a double-quoted attribute, escaping `&`, `<`, `>` and `"`.
    pub fn attr_value<T: fmt::Display + ?Sized>(&mut self, value: &T) {
        self.text(value);
    }

    /// Appends a number in decimal (a hydration ID): no formatting machinery, nothing to escape.
    pub fn number(&mut self, mut n: u32) {
        let mut digits = [0u8; 10];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        // ASCII digits: always UTF-8, so this never falls back to the empty string.
        self.buf
            .push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
    }

    /// The HTML written so far.
    pub fn as_str(&self) -> &str {
        &self.buf
    }

    /// The finished document.
    pub fn into_string(self) -> String {
        self.buf
    }
}

/// Appends `s` to `out`, escaped for text content or a double-quoted attribute value.
fn escape_into(s: &str, out: &mut String) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// A `fmt::Write` that escapes what passes through it.
struct Escaper<'a> {
    out: &'a mut String,
}

impl Write for Escaper<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        escape_into(s, self.out);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escape(s: &str) -> String {
        let mut out = String::new();
        escape_into(s, &mut out);
        out
    }

    #[test]
    fn text_escapes_markup_characters() {
        let mut html = Html::new();
        html.text("<script>alert('x') & \"y\"</script>");
        assert_eq!(
            html.as_str(),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn raw_is_written_as_is_and_numbers_format_with_display() {
        let mut html = Html::new();
        html.raw("<b>");
        html.text(&42_i64);
        html.raw("</b>");
        assert_eq!(html.into_string(), "<b>42</b>");
    }

    #[test]
    fn number_writes_decimal_digits() {
        let mut html = Html::new();
        for n in [0, 7, 10, 4_294_967_295] {
            html.number(n);
            html.raw(" ");
        }
        assert_eq!(html.as_str(), "0 7 10 4294967295 ");
    }

    #[test]
    fn escape_keeps_plain_text_and_multibyte_characters() {
        assert_eq!(escape("héllo wörld ✓"), "héllo wörld ✓");
        assert_eq!(escape("a<b"), "a&lt;b");
    }
}
