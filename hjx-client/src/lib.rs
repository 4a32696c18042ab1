//! The HJX browser runtime, embedded into the Rust build so that users need no Node or bundler.
//!
//! `js/client.js` is the readable source (its list of DOM events generated from
//! `hjx_syntax::DOM_EVENTS`); `js/client.min.js` is its minified build and `js/client.min.js.gz`
//! the same bytes gzipped, both committed (rebuilt by `js/build.sh`, which only maintainers run).
//! The runtime serves [`CLIENT_JS`] (or [`CLIENT_JS_GZIP`] when the browser accepts gzip) at the
//! immutable URL `/hjx/client-<CLIENT_HASH>.js`, and [`EXTRAS_JS`] (hooks and client commands)
//! at `/hjx/extras-<EXTRAS_HASH>.js` for apps that use them.

/// The minified browser client.
pub const CLIENT_JS: &str = include_str!("../js/client.min.js");

/// [`CLIENT_JS`] gzipped (`gzip -9n`), for serving with `Content-Encoding: gzip`.
pub const CLIENT_JS_GZIP: &[u8] = include_bytes!("../js/client.min.js.gz");

/// A short content hash of [`CLIENT_JS`] (16 lowercase hex digits of FNV-1a 64), for a
/// cache-forever URL: a new client build gets a new URL.
pub const CLIENT_HASH: &str = match core::str::from_utf8(&HASH_HEX) {
    Ok(hash) => hash,
    Err(_) => panic!("hex digits are ASCII"),
};

/// Computed at compile time so the hash can never drift from the embedded bytes.
const HASH_HEX: [u8; 16] = hex(hjx_syntax::fnv1a64(CLIENT_JS.as_bytes()));

/// The client's second file, minified: element hooks and client commands, loaded only by
/// pages of apps whose markup uses them (`js/extras.js` is its source).
pub const EXTRAS_JS: &str = include_str!("../js/extras.min.js");

/// [`EXTRAS_JS`] gzipped (`gzip -9n`).
pub const EXTRAS_JS_GZIP: &[u8] = include_bytes!("../js/extras.min.js.gz");

/// A short content hash of [`EXTRAS_JS`], for its cache-forever URL.
pub const EXTRAS_HASH: &str = match core::str::from_utf8(&EXTRAS_HASH_HEX) {
    Ok(hash) => hash,
    Err(_) => panic!("hex digits are ASCII"),
};

const EXTRAS_HASH_HEX: [u8; 16] = hex(hjx_syntax::fnv1a64(EXTRAS_JS.as_bytes()));

const fn hex(value: u64) -> [u8; 16] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 16];
    let mut i = 0;
    while i < 16 {
        out[i] = DIGITS[((value >> (60 - 4 * i)) & 0xf) as usize];
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_sixteen_lowercase_hex_digits() {
        assert_eq!(CLIENT_HASH.len(), 16);
        assert!(
            CLIENT_HASH
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
    }
}
