//! Session IDs: 128 bits from the OS random number generator, written as 32 hex digits.
//!
//! The ID names a session in its page and in its socket's URL; being unguessable, it is also
//! half of what keeps one client out of another's session (the signed token is the other).

use std::fmt;

/// An unguessable session ID: 128 random bits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SessionId([u8; 16]);

impl SessionId {
    /// A fresh random ID.
    pub(crate) fn random() -> SessionId {
        let mut bytes = [0; 16];
        fill_random(&mut bytes);
        SessionId(bytes)
    }

    /// Parses the 32-hex-digit form.
    pub fn parse(text: &str) -> Option<SessionId> {
        let mut bytes = [0; 16];
        decode_hex(text, &mut bytes)?;
        Some(SessionId(bytes))
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
    }
}

impl fmt::Debug for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Fills `bytes` from the OS random number generator.
pub(crate) fn fill_random(bytes: &mut [u8]) {
    // Without OS randomness no session can be made safe: this is unrecoverable.
    getrandom::fill(bytes).expect("the OS random number generator is unavailable");
}

/// Decodes exactly `out.len()` bytes of lowercase or uppercase hex.
pub(crate) fn decode_hex(text: &str, out: &mut [u8]) -> Option<()> {
    if text.len() != out.len() * 2 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    for (byte, pair) in out.iter_mut().zip(text.as_bytes().chunks_exact(2)) {
        let digits = std::str::from_utf8(pair).ok()?;
        *byte = u8::from_str_radix(digits, 16).ok()?;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_ids_round_trip_through_hex_and_differ() {
        let sid = SessionId::random();
        assert_eq!(SessionId::parse(&sid.to_string()), Some(sid));
        assert_ne!(sid, SessionId::random());
        assert_eq!(SessionId::parse("zz"), None);
    }
}
