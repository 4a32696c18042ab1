//! What a snapshot holds of a session and of a component's shared values: written when the
//! server stops (and periodically), read back when it starts.

use serde::{Deserialize, Serialize};

/// One session, saved: enough to open its page again under the same ID.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct SavedSession {
    /// The session's ID, in hex.
    pub(crate) id: String,
    /// The page's URL (path and query), as the browser shows it.
    pub(crate) url: String,
    /// The component's name and shape ([`Component::SHAPE`](crate::Component::SHAPE)).
    pub(crate) component: String,
    pub(crate) shape: u64,
    /// What [`Component::save`](crate::Component::save) wrote.
    #[serde(with = "bytes")]
    pub(crate) state: Vec<u8>,
    /// The layout around the page, if it has one that can be saved: its shape and state.
    #[serde(default)]
    pub(crate) layout: Option<SavedLayout>,
    /// When it was saved from a live session (Unix seconds): a saved session whose page has
    /// not come back within the grace period is dropped.
    #[serde(default)]
    pub(crate) saved_at: u64,
}

/// The time now, in Unix seconds.
pub(crate) fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

/// A page's layout, saved.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct SavedLayout {
    pub(crate) shape: u64,
    #[serde(with = "bytes")]
    pub(crate) state: Vec<u8>,
}

/// One component's `shared:` values, saved.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct SavedShared {
    pub(crate) component: String,
    pub(crate) shape: u64,
    #[serde(with = "bytes")]
    pub(crate) state: Vec<u8>,
}

/// Bytes as one MessagePack `bin`, not an array of numbers.
mod bytes {
    use serde::{Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<u8>, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
                Ok(bytes.to_vec())
            }
            fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(bytes)
            }
        }
        deserializer.deserialize_bytes(Visitor)
    }
}
