//! Encoding server → client frames.
//!
//! PATCHES is built in two parts so that shared state costs one encoding however many sessions
//! watch it: [`EncodedOps`] holds operations already in wire form, and [`patches`] prefixes a
//! session's own header (tag and sequence number) and appends the session's own operations.

use std::cell::Cell;

use rmp::encode::{write_array_len, write_nil, write_sint, write_str, write_uint};

use crate::model::patch::PatchOp;

use super::ErrorCode;

/// Frame tags, server → client.
mod tag {
    pub(super) const PATCHES: u64 = 0;
    pub(super) const EVENT: u64 = 1;
    pub(super) const RESYNC: u64 = 2;
    pub(super) const ERROR: u64 = 3;
    pub(super) const PONG: u64 = 4;
    pub(super) const READY: u64 = 5;
    pub(super) const NAVIGATE: u64 = 6;
    pub(super) const REPLY: u64 = 7;
    pub(super) const ACK: u64 = 8;
    pub(super) const NAVIGATED: u64 = 9;
    pub(super) const URL: u64 = 10;
}

/// Patch operations in wire form, flattened, with the number of MessagePack values they hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EncodedOps {
    bytes: Vec<u8>,
    values: u32,
    ops: usize,
}

impl EncodedOps {
    /// Encodes `ops`.
    pub fn new(ops: &[PatchOp]) -> EncodedOps {
        let mut encoded = EncodedOps {
            bytes: Vec::with_capacity(ops.iter().map(size_hint).sum()),
            ..EncodedOps::default()
        };
        encoded.extend(ops);
        encoded
    }

    /// Encodes `ops` into a buffer kept per thread between calls, for `with` to read: for the
    /// operations of one frame, copied into it at once, so that they need no allocation of
    /// their own. Re-entrant: a nested call gets a fresh buffer.
    pub(crate) fn scratch<R>(ops: &[PatchOp], with: impl FnOnce(&EncodedOps) -> R) -> R {
        thread_local! {
            static SCRATCH: Cell<EncodedOps> = const {
                Cell::new(EncodedOps { bytes: Vec::new(), values: 0, ops: 0 })
            };
        }
        let mut encoded = SCRATCH.take();
        encoded.extend(ops);
        let result = with(&encoded);
        // A large patch's buffer is not kept.
        if encoded.bytes.capacity() <= 4096 {
            encoded.bytes.clear();
            encoded.values = 0;
            encoded.ops = 0;
            SCRATCH.set(encoded);
        }
        result
    }

    /// Appends the wire form of `ops`.
    pub fn extend(&mut self, ops: &[PatchOp]) {
        for op in ops {
            self.values += encode_op(&mut self.bytes, op);
        }
        self.ops += ops.len();
    }

    /// The number of operations.
    pub fn len(&self) -> usize {
        self.ops
    }

    /// Whether there is no operation.
    pub fn is_empty(&self) -> bool {
        self.ops == 0
    }

    /// The encoded operations.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// About the bytes `op` encodes to: its text, and room for the rest (the buffer is reserved
/// once, not grown as it is written).
fn size_hint(op: &PatchOp) -> usize {
    let text = match op {
        PatchOp::SetText { text, .. } => text.len(),
        PatchOp::SetAttr { name, value, .. } => name.len() + value.len(),
        PatchOp::RemoveAttr { name, .. } => name.len(),
        PatchOp::ReplaceHtml { html, .. }
        | PatchOp::Insert { html, .. }
        | PatchOp::StreamAdd { html, .. } => html.len(),
        PatchOp::StreamItem { html, .. } => html.as_ref().map_or(0, String::len) + 16,
        PatchOp::Remove { .. } | PatchOp::Move { .. } => 0,
    };
    text + 16
}

/// Writing into a `Vec` cannot fail; this keeps the encoders free of impossible error paths.
fn ok<T, E>(_: Result<T, E>) {}

/// An unsigned integer in its shortest MessagePack form, the bytes `rmp`'s `write_uint` writes,
/// pushed straight onto the `Vec` (every operation of every frame writes two or three).
fn put_uint(out: &mut Vec<u8>, value: u64) {
    match uint_size(value) {
        1 => out.push(value as u8),
        2 => out.extend_from_slice(&[0xcc, value as u8]),
        3 => {
            out.push(0xcd);
            out.extend_from_slice(&(value as u16).to_be_bytes());
        }
        5 => {
            out.push(0xce);
            out.extend_from_slice(&(value as u32).to_be_bytes());
        }
        _ => {
            out.push(0xcf);
            out.extend_from_slice(&value.to_be_bytes());
        }
    }
}

/// How many bytes [`put_uint`] writes for `value`.
fn uint_size(value: u64) -> usize {
    match value {
        0..=0x7f => 1,
        0x80..=0xff => 2,
        0x100..=0xffff => 3,
        0x1_0000..=0xffff_ffff => 5,
        _ => 9,
    }
}

/// A string in MessagePack, the bytes `rmp`'s `write_str` writes.
fn put_str(out: &mut Vec<u8>, value: &str) {
    let len = value.len();
    match len {
        0..=31 => out.push(0xa0 | len as u8),
        32..=0xff => out.extend_from_slice(&[0xd9, len as u8]),
        0x100..=0xffff => {
            out.push(0xda);
            out.extend_from_slice(&(len as u16).to_be_bytes());
        }
        _ => {
            out.push(0xdb);
            out.extend_from_slice(&(len as u32).to_be_bytes());
        }
    }
    out.extend_from_slice(value.as_bytes());
}

/// Writes one operation; returns how many MessagePack values it took.
fn encode_op(out: &mut Vec<u8>, op: &PatchOp) -> u32 {
    match op {
        PatchOp::SetText { hid, text } => {
            put_uint(out, 0);
            put_uint(out, hid.0.into());
            put_str(out, text);
            3
        }
        PatchOp::SetAttr { hid, name, value } => {
            put_uint(out, 1);
            put_uint(out, hid.0.into());
            put_str(out, name);
            put_str(out, value);
            4
        }
        PatchOp::RemoveAttr { hid, name } => {
            put_uint(out, 2);
            put_uint(out, hid.0.into());
            put_str(out, name);
            3
        }
        PatchOp::ReplaceHtml { hid, html } => {
            put_uint(out, 3);
            put_uint(out, hid.0.into());
            put_str(out, html);
            3
        }
        PatchOp::Insert { hid, index, html } => {
            put_uint(out, 4);
            put_uint(out, hid.0.into());
            put_uint(out, (*index).into());
            put_str(out, html);
            4
        }
        PatchOp::Remove { hid, index } => {
            put_uint(out, 5);
            put_uint(out, hid.0.into());
            put_uint(out, (*index).into());
            3
        }
        PatchOp::Move { hid, from, to } => {
            put_uint(out, 6);
            put_uint(out, hid.0.into());
            put_uint(out, (*from).into());
            put_uint(out, (*to).into());
            4
        }
        // The client inserts before `children[index] || null`: index -1 (one byte) appends.
        PatchOp::StreamAdd { hid, at_end, html } => {
            put_uint(out, 4);
            put_uint(out, hid.0.into());
            ok(write_sint(out, if *at_end { -1 } else { 0 }));
            put_str(out, html);
            4
        }
        // The item's own element, by its text hydration ID: a replace sets its content, a
        // remove (index -1, no child there) removes the element itself.
        PatchOp::StreamItem { hid, key, html } => {
            let item = crate::model::stream::item_hid(*hid, *key);
            match html {
                Some(html) => {
                    put_uint(out, 3);
                    put_str(out, &item);
                    put_str(out, html);
                }
                None => {
                    put_uint(out, 5);
                    put_str(out, &item);
                    ok(write_sint(out, -1));
                }
            }
            3
        }
    }
}

/// `[0, seq, op, op, …]`: the operations of `parts`, in order, under sequence number `seq`.
pub fn patches(seq: u64, parts: &[&EncodedOps]) -> Vec<u8> {
    numbered(tag::PATCHES, seq, parts)
}

/// `[7, seq, op, op, …]`: PATCHES that answer the client's own event, the same size as
/// PATCHES; the client takes it as that event's answer (its element stops being busy).
pub fn reply(seq: u64, parts: &[&EncodedOps]) -> Vec<u8> {
    numbered(tag::REPLY, seq, parts)
}

/// `[8]`: the client's event was handled and changed nothing on its page.
pub fn ack() -> Vec<u8> {
    let mut out = Vec::with_capacity(2);
    ok(write_array_len(&mut out, 1));
    ok(write_uint(&mut out, tag::ACK));
    out
}

/// A PATCHES or REPLY frame.
fn numbered(frame_tag: u64, seq: u64, parts: &[&EncodedOps]) -> Vec<u8> {
    let values: u32 = parts.iter().map(|part| part.values).sum();
    let body: usize = parts.iter().map(|part| part.bytes.len()).sum();
    let len = 2 + values;
    let head = match len {
        0..=15 => 1,
        16..=0xffff => 3,
        _ => 5,
    } + uint_size(frame_tag)
        + uint_size(seq);
    // Exactly the frame's size: a `Vec` whose capacity is its length becomes the socket's
    // `Bytes` without another allocation.
    let mut out = Vec::with_capacity(head + body);
    ok(write_array_len(&mut out, len));
    put_uint(&mut out, frame_tag);
    put_uint(&mut out, seq);
    for part in parts {
        out.extend_from_slice(&part.bytes);
    }
    out
}

/// `[1, name, data]`: a named event for client-side listeners; `data` is already MessagePack
/// (`None` encodes nil).
pub fn event(name: &str, data: Option<&[u8]>) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len() + data.map_or(1, <[u8]>::len) + 8);
    ok(write_array_len(&mut out, 3));
    ok(write_uint(&mut out, tag::EVENT));
    ok(write_str(&mut out, name));
    match data {
        Some(data) => out.extend_from_slice(data),
        None => ok(write_nil(&mut out)),
    }
    out
}

/// `[6, url, replace]`: the page goes to `url`, replacing the current history entry when
/// `replace` is true.
pub fn navigate(url: &str, replace: bool) -> Vec<u8> {
    url_frame(tag::NAVIGATE, url, &[replace])
}

/// `[tag, url, flags…]`.
fn url_frame(tag: u64, url: &str, flags: &[bool]) -> Vec<u8> {
    let mut out = Vec::with_capacity(url.len() + 8);
    ok(write_array_len(&mut out, 2 + flags.len() as u32));
    ok(write_uint(&mut out, tag));
    ok(write_str(&mut out, url));
    for flag in flags {
        ok(rmp::encode::write_bool(&mut out, *flag));
    }
    out
}

/// `[6, url, false, true]`: the page must load `url` with a request of its own (a route that
/// refused to open over the socket answers that request with its redirect or error page).
pub fn load(url: &str) -> Vec<u8> {
    url_frame(tag::NAVIGATE, url, &[false, true])
}

/// The EVENT `[1, "hjx-uploaded", [upload, received]]`: the server has stored `received` bytes
/// of the page's upload (the page may send more, and shows the progress). An EVENT, so that the
/// client's second file hears it as `hjx:hjx-uploaded` on `window`.
pub fn uploaded(upload: u32, received: u64) -> Vec<u8> {
    let mut data = Vec::with_capacity(16);
    ok(write_array_len(&mut data, 2));
    ok(write_uint(&mut data, upload.into()));
    ok(write_uint(&mut data, received));
    event("hjx-uploaded", Some(&data))
}

/// The EVENT `[1, "hjx-upload-refused", [upload, message]]`: the upload is refused or failed,
/// and dropped; `message` says why.
pub fn upload_refused(upload: u32, message: &str) -> Vec<u8> {
    let mut data = Vec::with_capacity(message.len() + 16);
    ok(write_array_len(&mut data, 2));
    ok(write_uint(&mut data, upload.into()));
    ok(write_str(&mut data, message));
    event("hjx-upload-refused", Some(&data))
}

/// `[10, url, replace]`: the page is now at `url` (its query changed with no remount); the
/// browser's history gets the URL, replacing the current entry when `replace`.
pub fn url(url: &str, replace: bool) -> Vec<u8> {
    url_frame(tag::URL, url, &[replace])
}

/// `[9, url, sid, token, title, html]`: the page asked for, opened as a new session that this
/// socket now serves (its READY follows).
pub fn navigated(url: &str, sid: &str, token: &str, title: &str, html: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(url.len() + token.len() + title.len() + html.len() + 64);
    ok(write_array_len(&mut out, 6));
    ok(write_uint(&mut out, tag::NAVIGATED));
    for text in [url, sid, token, title, html] {
        ok(write_str(&mut out, text));
    }
    out
}

/// `[2, seq, html]`: the component's full HTML.
pub fn resync(seq: u64, html: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len() + 16);
    ok(write_array_len(&mut out, 3));
    ok(write_uint(&mut out, tag::RESYNC));
    ok(write_uint(&mut out, seq));
    ok(write_str(&mut out, html));
    out
}

/// `[3, code, message]`.
pub fn error(code: ErrorCode, message: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len() + 8);
    ok(write_array_len(&mut out, 3));
    ok(write_uint(&mut out, tag::ERROR));
    ok(write_uint(&mut out, code.code().into()));
    ok(write_str(&mut out, message));
    out
}

/// `[4]`.
pub fn pong() -> Vec<u8> {
    let mut out = Vec::with_capacity(2);
    ok(write_array_len(&mut out, 1));
    ok(write_uint(&mut out, tag::PONG));
    out
}

/// `[5, seq]`: the answer to a valid HELLO.
pub fn ready(seq: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(10);
    ok(write_array_len(&mut out, 2));
    ok(write_uint(&mut out, tag::READY));
    ok(write_uint(&mut out, seq));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::patch::HydrationId;

    #[test]
    fn counter_increment_is_the_documented_fourteen_bytes() {
        let ops = EncodedOps::new(&[PatchOp::SetText {
            hid: HydrationId(1),
            text: "Count: 1".to_owned(),
        }]);
        let frame = patches(1, &[&ops]);
        assert_eq!(frame, b"\x95\x00\x01\x00\x01\xa8Count: 1");
        assert_eq!(frame.len(), 14);
        // As the answer to the click itself: the same 14 bytes but the tag.
        assert_eq!(reply(1, &[&ops]), b"\x95\x07\x01\x00\x01\xa8Count: 1");
        assert_eq!(ack(), [0x91, 0x08]);
    }

    #[test]
    fn integers_and_strings_are_written_as_rmp_writes_them() {
        for value in [
            0,
            1,
            127,
            128,
            255,
            256,
            65_535,
            65_536,
            u32::MAX.into(),
            u64::MAX,
        ] {
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            put_uint(&mut ours, value);
            ok(write_uint(&mut theirs, value));
            assert_eq!(ours, theirs, "{value}");
            assert_eq!(uint_size(value), ours.len(), "{value}");
        }
        for len in [0, 1, 31, 32, 255, 256, 65_535, 65_536] {
            let text = "é".repeat(len / 2) + &"x".repeat(len % 2);
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            put_str(&mut ours, &text);
            ok(write_str(&mut theirs, &text));
            assert_eq!(ours, theirs, "{len}");
        }
    }

    #[test]
    fn a_numbered_frame_is_allocated_at_its_exact_size() {
        let ops = EncodedOps::new(&[PatchOp::SetText {
            hid: HydrationId(1),
            text: "x".repeat(300),
        }]);
        for seq in [1, 200, 70_000, u64::MAX] {
            let frame = reply(seq, &[&ops, &ops]);
            assert_eq!(frame.capacity(), frame.len(), "seq {seq}");
        }
    }

    #[test]
    fn shared_and_own_operations_concatenate_under_one_header() {
        let shared = EncodedOps::new(&[PatchOp::Remove {
            hid: HydrationId(3),
            index: 0,
        }]);
        let own = EncodedOps::new(&[PatchOp::RemoveAttr {
            hid: HydrationId(4),
            name: "disabled",
        }]);
        let frame = patches(7, &[&shared, &own]);
        assert_eq!(&frame[..3], &[0x98, 0x00, 0x07]);
        assert_eq!(&frame[3..6], &[0x05, 0x03, 0x00]);
        assert_eq!(&frame[6..9], &[0x02, 0x04, 0xa8]);
    }

    #[test]
    fn small_frames_have_their_documented_bytes() {
        assert_eq!(pong(), [0x91, 0x04]);
        assert_eq!(ready(3), [0x92, 0x05, 0x03]);
        assert_eq!(
            error(ErrorCode::NotBound, "x"),
            [0x93, 0x03, 0x06, 0xa1, b'x']
        );
        assert_eq!(resync(2, "<p>"), [0x93, 0x02, 0x02, 0xa3, b'<', b'p', b'>']);
        assert_eq!(
            event("tick", None),
            [0x93, 0x01, 0xa4, b't', b'i', b'c', b'k', 0xc0]
        );
        assert_eq!(navigate("/a", false), [0x93, 0x06, 0xa2, b'/', b'a', 0xc2]);
        assert_eq!(navigate("/a", true), [0x93, 0x06, 0xa2, b'/', b'a', 0xc3]);
    }
}
