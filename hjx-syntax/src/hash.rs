//! FNV-1a, 64-bit: the one hash the project uses to tell texts apart (a component's CSS scope,
//! the client build's URL). Tiny and const-evaluable; not for security.

/// The FNV-1a 64-bit hash of `bytes`.
///
/// ```
/// assert_eq!(hjx_syntax::fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
/// assert_eq!(hjx_syntax::fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
/// ```
pub const fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::fnv1a64;

    #[test]
    fn matches_the_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn is_usable_in_a_const() {
        const HASH: u64 = fnv1a64(b"hjx");
        assert_eq!(HASH, fnv1a64("hjx".as_bytes()));
    }
}
