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
    /// Where a remembered spot's text is written before it is hashed and escaped into `buf`:
    /// one buffer for every spot of a render, instead of a string each.
    scratch: String,
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
            scratch: String::new(),
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

    /// Appends the text `write` writes, escaped, and returns its hash ([`text_hash`] of the text
    /// as written, before escaping): a spot whose memory remembers what it last showed.
    pub fn spot(&mut self, write: impl FnOnce(&mut String)) -> u64 {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        write(&mut scratch);
        escape_into(&scratch, &mut self.buf);
        let hash = text_hash(&scratch);
        self.scratch = scratch;
        hash
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
/// The hash of a spot's text as last rendered or sent, to tell whether it changed.
pub fn text_hash(text: &str) -> u64 {
    hjx_syntax::fnv1a64(text.as_bytes())
}

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
    fn a_spot_is_escaped_and_hashed_as_written() {
        let mut html = Html::new();
        let first = html.spot(|text| text.push_str("a < b"));
        let second = html.spot(|text| text.push_str("42"));
        assert_eq!(html.as_str(), "a &lt; b42");
        assert_eq!(first, text_hash("a < b"));
        assert_eq!(second, text_hash("42"));
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
