//! The signed, expiring tokens that prove a socket belongs to a page.
//!
//! The page carries a token `<sid>.<expiry>.<mac>`: the expiry in Unix seconds and an HMAC-SHA256 of
//! `<sid>.<expiry>` under a key generated at start-up (or configured, so several processes can
//! share it). A socket's HELLO must present a valid, unexpired token for the session in its URL.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::live::session_id::{SessionId, decode_hex, fill_random};

type HmacSha256 = Hmac<Sha256>;

/// Why a token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenError {
    /// Not a token this server signed.
    Invalid,
    /// Signed by this server, but past its expiry.
    Expired,
}

/// Signs and verifies session tokens.
pub(crate) struct TokenSigner {
    key: [u8; 32],
    ttl: Duration,
}

impl TokenSigner {
    /// A signer with this key; tokens live for `ttl`.
    pub(crate) fn new(key: [u8; 32], ttl: Duration) -> TokenSigner {
        TokenSigner { key, ttl }
    }

    /// A fresh random key.
    pub(crate) fn random_key() -> [u8; 32] {
        let mut key = [0; 32];
        fill_random(&mut key);
        key
    }

    /// The token for `sid`, valid for the configured time from now.
    pub(crate) fn sign(&self, sid: SessionId) -> String {
        let expiry = unix_now().saturating_add(self.ttl.as_secs());
        let body = format!("{sid}.{expiry}");
        let mac = self.mac(body.as_bytes()).finalize().into_bytes();
        let mut token = body;
        token.push('.');
        for byte in mac {
            token.push_str(&format!("{byte:02x}"));
        }
        token
    }

    /// The session a token was signed for, if it is valid and unexpired.
    pub(crate) fn verify(&self, token: &str) -> Result<SessionId, TokenError> {
        let (body, mac_hex) = token.rsplit_once('.').ok_or(TokenError::Invalid)?;
        let mut mac = [0; 32];
        decode_hex(mac_hex, &mut mac).ok_or(TokenError::Invalid)?;
        self.mac(body.as_bytes())
            .verify_slice(&mac)
            .map_err(|_| TokenError::Invalid)?;
        let (sid, expiry) = body.split_once('.').ok_or(TokenError::Invalid)?;
        let sid = SessionId::parse(sid).ok_or(TokenError::Invalid)?;
        let expiry: u64 = expiry.parse().map_err(|_| TokenError::Invalid)?;
        if unix_now() >= expiry {
            return Err(TokenError::Expired);
        }
        Ok(sid)
    }

    fn mac(&self, body: &[u8]) -> HmacSha256 {
        // HMAC accepts keys of any length, so this cannot fail.
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(body);
        mac
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(ttl: u64) -> TokenSigner {
        TokenSigner::new([7; 32], Duration::from_secs(ttl))
    }

    #[test]
    fn a_signed_token_verifies_to_its_session() {
        let sid = SessionId::random();
        assert_eq!(signer(60).verify(&signer(60).sign(sid)), Ok(sid));
    }

    #[test]
    fn a_tampered_or_foreign_token_is_invalid() {
        let token = signer(60).sign(SessionId::random());
        let other = SessionId::random().to_string();
        let swapped = format!("{other}{}", &token[32..]);
        assert_eq!(signer(60).verify(&swapped), Err(TokenError::Invalid));
        let foreign = TokenSigner::new([8; 32], Duration::from_secs(60));
        assert_eq!(foreign.verify(&token), Err(TokenError::Invalid));
        assert_eq!(signer(60).verify("garbage"), Err(TokenError::Invalid));
        assert_eq!(signer(60).verify("a.b.ü"), Err(TokenError::Invalid));
    }

    #[test]
    fn a_token_past_its_expiry_is_expired() {
        let token = signer(0).sign(SessionId::random());
        assert_eq!(signer(0).verify(&token), Err(TokenError::Expired));
    }
}
