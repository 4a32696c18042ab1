//! Decoding client → server frames.
//!
//! The input is whatever bytes a socket delivered, so every read is checked: a wrong type, a
//! truncated value, trailing bytes or an unknown tag is a [`DecodeError`], never a panic.

use std::fmt;

use rmp::Marker;
use rmp::decode::{read_array_len, read_int, read_str_len};

use crate::model::event::{Event, EventKind, EventPayload};
use crate::model::patch::HydrationId;

/// A frame from the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientFrame {
    /// `[0, version, token, last_seq]`: opens (or resumes) the session.
    Hello {
        /// The protocol version the client speaks.
        version: u64,
        /// The signed session token from the page.
        token: String,
        /// The last PATCHES/RESYNC sequence number the client applied; 0 on a fresh page.
        last_seq: u64,
    },
    /// `[1, hid, kind]` or `[1, hid, kind, payload]`: a user event.
    Event(Event),
    /// `[2]`: keep-alive.
    Ping,
    /// `[4, hid, upload, name, size, type, count]`: a file of the input `hid` starts uploading,
    /// numbered `upload` by the page; `count` is how many files its selection holds.
    UploadStart {
        /// The file input's hydration ID.
        hid: HydrationId,
        /// The page's number for this upload.
        upload: u32,
        /// The file's name.
        name: String,
        /// Its size in bytes, as the page declares it.
        size: u64,
        /// Its content type.
        content_type: String,
        /// How many files the selection holds.
        count: u32,
    },
    /// `[5, upload, offset, bytes]`: the next bytes of an upload, from `offset`.
    Chunk {
        /// The upload.
        upload: u32,
        /// Where these bytes start in the file.
        offset: u64,
        /// The bytes.
        bytes: Vec<u8>,
    },
    /// `[6, upload]`: the page cancels an upload.
    CancelUpload {
        /// The upload.
        upload: u32,
    },
    /// `[3, url, same_path]` (or `[3, url]`, not the same path): the page asks to go to `url` (a
    /// path with an optional query) of this app, over this socket; `same_path` when only the
    /// query differs from the page's.
    Navigate {
        /// The path and query asked for.
        url: String,
        /// Whether the path is the page's own: only the query changes.
        same_path: bool,
    },
}

/// Why a client frame was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError(&'static str);

/// Why an EVENT with a kind code no client sends is refused.
const UNKNOWN_KIND: &str = "unknown event kind";

impl DecodeError {
    /// Whether the frame is an EVENT of a kind no markup binds (an unknown code): the server
    /// answers it as an unbound event (ERROR 6), not as a malformed frame.
    pub fn is_unknown_kind(&self) -> bool {
        self.0 == UNKNOWN_KIND
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed frame: {}", self.0)
    }
}

impl std::error::Error for DecodeError {}

/// The most form fields a submit event may carry.
const MAX_FORM_FIELDS: u32 = 1024;

impl ClientFrame {
    /// Decodes one frame, requiring that it spans exactly `bytes`.
    pub fn decode(bytes: &[u8]) -> Result<ClientFrame, DecodeError> {
        let mut rd = bytes;
        let len = read_array_len(&mut rd).map_err(|_| DecodeError("expected an array"))?;
        if len == 0 {
            return Err(DecodeError("empty array"));
        }
        let tag: u8 = read_int(&mut rd).map_err(|_| DecodeError("expected a frame tag"))?;
        let frame = match (tag, len) {
            (0, 4) => ClientFrame::Hello {
                version: read_int(&mut rd).map_err(|_| DecodeError("bad HELLO version"))?,
                token: read_string(&mut rd)?,
                last_seq: read_int(&mut rd).map_err(|_| DecodeError("bad HELLO last_seq"))?,
            },
            (1, 3..=5) => {
                let hid: u32 = read_int(&mut rd).map_err(|_| DecodeError("bad hydration ID"))?;
                let code: u8 = read_int(&mut rd).map_err(|_| DecodeError("bad event kind"))?;
                let kind = EventKind::from_code(code).ok_or(DecodeError(UNKNOWN_KIND))?;
                let payload = match len {
                    // A hook's event: `[1, hid, 11, name, value]`.
                    5 if kind == EventKind::Hook => EventPayload::Hook {
                        name: read_string(&mut rd)?,
                        value: read_string(&mut rd)?,
                    },
                    _ if kind == EventKind::Hook => {
                        return Err(DecodeError("a hook's event is [1, hid, 11, name, value]"));
                    }
                    3 => EventPayload::None,
                    4 => read_payload(&mut rd, kind)?,
                    // A key event with modifier keys held: `[1, hid, kind, key, held]`.
                    _ => match read_payload(&mut rd, kind)? {
                        EventPayload::Key(key) => EventPayload::KeyHeld {
                            key,
                            held: read_int(&mut rd)
                                .map_err(|_| DecodeError("bad modifier keys"))?,
                        },
                        _ => return Err(DecodeError("only a key event carries modifier keys")),
                    },
                };
                ClientFrame::Event(Event {
                    hid: HydrationId(hid),
                    kind,
                    payload,
                })
            }
            (2, 1) => ClientFrame::Ping,
            (3, 2 | 3) => ClientFrame::Navigate {
                url: read_string(&mut rd)?,
                same_path: len == 3
                    && rmp::decode::read_bool(&mut rd)
                        .map_err(|_| DecodeError("bad NAVIGATE same-path flag"))?,
            },
            (4, 7) => ClientFrame::UploadStart {
                hid: HydrationId(read_int(&mut rd).map_err(|_| DecodeError("bad hydration ID"))?),
                upload: read_int(&mut rd).map_err(|_| DecodeError("bad upload number"))?,
                name: read_string(&mut rd)?,
                size: read_int(&mut rd).map_err(|_| DecodeError("bad upload size"))?,
                content_type: read_string(&mut rd)?,
                count: read_int(&mut rd).map_err(|_| DecodeError("bad upload count"))?,
            },
            (5, 4) => ClientFrame::Chunk {
                upload: read_int(&mut rd).map_err(|_| DecodeError("bad upload number"))?,
                offset: read_int(&mut rd).map_err(|_| DecodeError("bad chunk offset"))?,
                bytes: read_bin(&mut rd)?,
            },
            (6, 2) => ClientFrame::CancelUpload {
                upload: read_int(&mut rd).map_err(|_| DecodeError("bad upload number"))?,
            },
            (0..=6, _) => return Err(DecodeError("wrong number of elements")),
            _ => return Err(DecodeError("unknown frame tag")),
        };
        if !rd.is_empty() {
            return Err(DecodeError("trailing bytes"));
        }
        Ok(frame)
    }
}

/// Whether `bytes` starts as a CHUNK frame does (`[5, …]` with four elements, as the client
/// writes it), read from its first two bytes: what the rate limit leaves to the upload's own
/// pacing, without decoding the frame first.
pub fn is_chunk(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x94, 0x05])
}

/// Reads MessagePack binary data.
fn read_bin(rd: &mut &[u8]) -> Result<Vec<u8>, DecodeError> {
    let len = rmp::decode::read_bin_len(rd).map_err(|_| DecodeError("expected binary data"))?;
    let len = usize::try_from(len).map_err(|_| DecodeError("binary data too long"))?;
    if rd.len() < len {
        return Err(DecodeError("truncated binary data"));
    }
    let (bytes, rest) = rd.split_at(len);
    *rd = rest;
    Ok(bytes.to_vec())
}

/// Reads a MessagePack string, borrowing nothing from the input.
fn read_string(rd: &mut &[u8]) -> Result<String, DecodeError> {
    let len = read_str_len(rd).map_err(|_| DecodeError("expected a string"))?;
    let len = usize::try_from(len).map_err(|_| DecodeError("string too long"))?;
    if rd.len() < len {
        return Err(DecodeError("truncated string"));
    }
    let (head, tail) = rd.split_at(len);
    *rd = tail;
    let text = std::str::from_utf8(head).map_err(|_| DecodeError("string is not UTF-8"))?;
    Ok(text.to_owned())
}

/// Reads an event payload: a string (value or key), a bool (checked) or `[name, value]` pairs.
fn read_payload(rd: &mut &[u8], kind: EventKind) -> Result<EventPayload, DecodeError> {
    let first = *rd.first().ok_or(DecodeError("missing payload"))?;
    match Marker::from_u8(first) {
        Marker::Null => {
            *rd = &rd[1..];
            Ok(EventPayload::None)
        }
        Marker::True | Marker::False => {
            *rd = &rd[1..];
            Ok(EventPayload::Checked(first == Marker::True.to_u8()))
        }
        Marker::FixStr(_) | Marker::Str8 | Marker::Str16 | Marker::Str32 => {
            let text = read_string(rd)?;
            Ok(match kind {
                EventKind::Keydown | EventKind::Keyup => EventPayload::Key(text),
                _ => EventPayload::Value(text),
            })
        }
        Marker::FixArray(_) | Marker::Array16 | Marker::Array32 => {
            let count = read_array_len(rd).map_err(|_| DecodeError("bad form fields"))?;
            if count > MAX_FORM_FIELDS {
                return Err(DecodeError("too many form fields"));
            }
            let mut fields = Vec::new();
            for _ in 0..count {
                let pair = read_array_len(rd).map_err(|_| DecodeError("bad form field"))?;
                if pair != 2 {
                    return Err(DecodeError("a form field is a [name, value] pair"));
                }
                let name = read_string(rd)?;
                let value = read_string(rd)?;
                fields.push((name, value));
            }
            Ok(EventPayload::Form(fields))
        }
        _ => Err(DecodeError("unsupported payload type")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn click_event_is_four_bytes() {
        let frame = ClientFrame::decode(&[0x93, 0x01, 0x02, 0x00]).expect("valid click");
        assert_eq!(
            frame,
            ClientFrame::Event(Event {
                hid: HydrationId(2),
                kind: EventKind::Click,
                payload: EventPayload::None,
            })
        );
    }

    #[test]
    fn hello_decodes_version_token_and_last_seq() {
        let bytes = [0x94, 0x00, 0x01, 0xa3, b'a', b'b', b'c', 0x07];
        assert_eq!(
            ClientFrame::decode(&bytes),
            Ok(ClientFrame::Hello {
                version: 1,
                token: "abc".to_owned(),
                last_seq: 7
            })
        );
    }

    #[test]
    fn payloads_decode_by_type_and_kind() {
        let input = [0x94, 0x01, 0x03, 0x01, 0xa2, b'h', b'i'];
        let key = [0x94, 0x01, 0x03, 0x04, 0xa1, b'K'];
        let checked = [0x94, 0x01, 0x03, 0x02, 0xc3];
        let form = [0x94, 0x01, 0x03, 0x03, 0x91, 0x92, 0xa1, b'n', 0xa1, b'v'];
        let payload = |bytes: &[u8]| match ClientFrame::decode(bytes) {
            Ok(ClientFrame::Event(event)) => event.payload,
            other => panic!("not an event: {other:?}"),
        };
        assert_eq!(payload(&input), EventPayload::Value("hi".to_owned()));
        assert_eq!(payload(&key), EventPayload::Key("K".to_owned()));
        let held = [0x95, 0x01, 0x03, 0x07, 0xa1, b's', 0x01];
        assert_eq!(
            payload(&held),
            EventPayload::KeyHeld {
                key: "s".to_owned(),
                held: 1
            }
        );
        assert!(ClientFrame::decode(&[0x95, 0x01, 0x03, 0x00, 0xa1, b's', 0x01]).is_err());
        assert_eq!(payload(&checked), EventPayload::Checked(true));
        assert_eq!(
            payload(&form),
            EventPayload::Form(vec![("n".to_owned(), "v".to_owned())])
        );
    }

    #[test]
    fn a_hook_event_carries_its_name_and_value() {
        let frame = [
            0x95, 0x01, 0x07, 0x0b, 0xa6, b's', b't', b'r', b'o', b'k', b'e', 0xa2, b'[', b']',
        ];
        assert_eq!(
            ClientFrame::decode(&frame),
            Ok(ClientFrame::Event(Event {
                hid: HydrationId(7),
                kind: EventKind::Hook,
                payload: EventPayload::Hook {
                    name: "stroke".to_owned(),
                    value: "[]".to_owned(),
                },
            }))
        );
        assert!(ClientFrame::decode(&[0x94, 0x01, 0x07, 0x0b, 0xa1, b'x']).is_err());
        assert!(ClientFrame::decode(&[0x95, 0x01, 0x07, 0x0b, 0xa1, b'x', 0x01]).is_err());
    }

    #[test]
    fn a_chunk_is_told_by_its_first_two_bytes() {
        let chunk = [0x94, 0x05, 0x01, 0x00, 0xc4, 0x01, b'x'];
        assert!(is_chunk(&chunk));
        assert!(matches!(
            ClientFrame::decode(&chunk),
            Ok(ClientFrame::Chunk { .. })
        ));
        assert!(!is_chunk(&[0x93, 0x01, 0x02, 0x00]));
        assert!(!is_chunk(&[0x94]));
    }

    #[test]
    fn ping_decodes() {
        assert_eq!(ClientFrame::decode(&[0x91, 0x02]), Ok(ClientFrame::Ping));
    }

    #[test]
    fn garbage_truncation_and_wrong_types_are_errors() {
        let cases: &[&[u8]] = &[
            b"",
            b"\xff\xff\xff",
            b"hello",
            &[0x90],
            &[0x93, 0x01, 0x02],
            &[0x93, 0x01, 0xa1, b'x', 0x00],
            &[0x93, 0x01, 0x02, 0x0b],
            &[0x94, 0x00, 0x01, 0xa5, b'a', 0x00],
            &[0x94, 0x00, 0x01, 0xa1, 0xff, 0x00],
            &[0x91, 0x02, 0x00],
            &[0x91, 0x09],
            &[0xdd, 0xff, 0xff, 0xff, 0xff],
            &[0x94, 0x01, 0x01, 0x03, 0xdd, 0x00, 0x00, 0xff, 0xff],
            &[0x94, 0x01, 0x01, 0x01, 0xcb, 0, 0, 0, 0, 0, 0, 0, 0],
        ];
        for bytes in cases {
            assert!(ClientFrame::decode(bytes).is_err(), "accepted {bytes:x?}");
        }
    }

    #[test]
    fn every_truncation_of_a_valid_frame_is_an_error() {
        let bytes = [0x94, 0x00, 0x01, 0xa3, b'a', b'b', b'c', 0x07];
        for end in 0..bytes.len() {
            assert!(ClientFrame::decode(&bytes[..end]).is_err());
        }
    }
}
