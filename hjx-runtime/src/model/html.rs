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
    // Inlined into the generated render, where the markup's length is a constant: the copy
    // becomes a few moves instead of a call.
    #[inline]
    pub fn raw(&mut self, markup: &str) {
        self.buf.push_str(markup);
    }

    /// Appends a value as text content, escaping `&`, `<` and `>`.
    pub fn text<T: fmt::Display + ?Sized>(&mut self, value: &T) {
        // Writing into a String cannot fail.
        let _ = write!(Escaper { out: &mut self.buf }, "{value}");
    }

    /// Appends the text `write` writes, escaped, and returns its hash ([`text_hash`] of the text
    /// as written, before escaping): a spot whose memory remembers what it last showed. The text
    /// is written into the page itself, and moved through the scratch buffer to be escaped only
    /// when it holds a character to escape (a number never does).
    #[inline]
    pub fn spot(&mut self, write: impl FnOnce(&mut String)) -> u64 {
        let start = self.buf.len();
        write(&mut self.buf);
        let written = &self.buf[start..];
        let hash = text_hash(written);
        if written.bytes().any(|b| entity(b).is_some()) {
            self.scratch.clear();
            self.scratch.push_str(written);
            self.buf.truncate(start);
            escape_into(&self.scratch, &mut self.buf);
        }
        hash
    }

    /// Appends a value inside a double-quoted attribute, escaping `&`, `<`, `>` and `"`.
    pub fn attr_value<T: fmt::Display + ?Sized>(&mut self, value: &T) {
        self.text(value);
    }

    /// Appends a number in decimal (a hydration ID): no formatting machinery, nothing to escape.
    #[inline]
    pub fn number(&mut self, n: u32) {
        push_integer(&mut self.buf, u64::from(n), false);
    }

    /// How many bytes were written so far.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// Whether nothing was written yet.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
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

/// Two decimal digits for each number below 100, for [`push_integer`].
const DIGIT_PAIRS: &[u8; 200] = b"\
    0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// Appends an integer in decimal (`-` first when `negative`), as `Display` writes it, without the
/// formatting machinery: two digits per division.
#[inline]
pub(crate) fn push_integer(out: &mut String, magnitude: u64, negative: bool) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = magnitude;
    while rest >= 100 {
        let pair = (rest % 100) as usize * 2;
        rest /= 100;
        at -= 2;
        digits[at..at + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    }
    if rest >= 10 {
        let pair = rest as usize * 2;
        at -= 2;
        digits[at..at + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    } else {
        at -= 1;
        digits[at] = b'0' + rest as u8;
    }
    out.reserve(digits.len() - at + 1);
    if negative {
        out.push('-');
    }
    // Pushed a character at a time: each is ASCII, one byte, with room already reserved.
    for digit in &digits[at..] {
        out.push(char::from(*digit));
    }
}

/// The hash of a spot's text as last rendered or sent, to tell whether it changed.
pub fn text_hash(text: &str) -> u64 {
    hjx_syntax::fnv1a64(text.as_bytes())
}

/// The entity that stands for byte `b` in text content or a double-quoted attribute value, if
/// it must be escaped.
#[inline]
fn entity(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// Appends `s` to `out`, escaped for text content or a double-quoted attribute value.
fn escape_into(s: &str, out: &mut String) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let Some(entity) = entity(b) else {
            continue;
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
    fn integers_are_written_as_display_writes_them() {
        let mut cases: Vec<(u64, bool)> = vec![(0, false), (u64::MAX, false), (1 << 63, true)];
        for digits in 1..=20u32 {
            let ten = 10u64.checked_pow(digits - 1).unwrap_or(u64::MAX);
            for n in [
                ten,
                ten.saturating_sub(1),
                ten.saturating_add(1),
                ten.saturating_mul(3),
            ] {
                cases.push((n, false));
                cases.push((n, true));
            }
        }
        for (magnitude, negative) in cases {
            let mut out = String::from("x");
            push_integer(&mut out, magnitude, negative);
            let sign = if negative { "-" } else { "" };
            assert_eq!(out, format!("x{sign}{magnitude}"));
        }
    }

    #[test]
    fn a_spot_after_an_escaped_one_is_written_in_place() {
        let mut html = Html::new();
        html.raw("<p>");
        let quoted = html.spot(|text| text.push_str("say \"hi\" & 'bye'"));
        let plain = html.spot(|text| text.push('7'));
        assert_eq!(html.as_str(), "<p>say &quot;hi&quot; &amp; &#39;bye&#39;7");
        assert_eq!(quoted, text_hash("say \"hi\" & 'bye'"));
        assert_eq!(plain, text_hash("7"));
    }

    #[test]
    fn escape_keeps_plain_text_and_multibyte_characters() {
        assert_eq!(escape("héllo wörld ✓"), "héllo wörld ✓");
        assert_eq!(escape("a<b"), "a&lt;b");
    }
}
