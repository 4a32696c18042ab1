//! Encoding client frames, the inverse of `ClientFrame::decode`.

use hjx_runtime::protocol::client::ClientFrame;
use hjx_runtime::{Event, EventPayload};
use rmp::encode::{write_array_len, write_bool, write_nil, write_str, write_uint};

/// The canonical bytes of a client frame.
pub(crate) fn client_frame(frame: &ClientFrame) -> Vec<u8> {
    // Writing into a Vec cannot fail, hence the ignored results.
    let mut out = Vec::new();
    match frame {
        ClientFrame::Hello {
            version,
            token,
            last_seq,
        } => {
            let _ = write_array_len(&mut out, 4);
            let _ = write_uint(&mut out, 0);
            let _ = write_uint(&mut out, *version);
            let _ = write_str(&mut out, token);
            let _ = write_uint(&mut out, *last_seq);
        }
        ClientFrame::Event(event) => {
            return event_frame(event, !matches!(event.payload, EventPayload::None));
        }
        ClientFrame::Ping => {
            let _ = write_array_len(&mut out, 1);
            let _ = write_uint(&mut out, 2);
        }
        ClientFrame::UploadStart {
            hid,
            upload,
            name,
            size,
            content_type,
            count,
        } => {
            let _ = write_array_len(&mut out, 7);
            let _ = write_uint(&mut out, 4);
            let _ = write_uint(&mut out, hid.0.into());
            let _ = write_uint(&mut out, (*upload).into());
            let _ = write_str(&mut out, name);
            let _ = write_uint(&mut out, *size);
            let _ = write_str(&mut out, content_type);
            let _ = write_uint(&mut out, (*count).into());
        }
        ClientFrame::Chunk {
            upload,
            offset,
            bytes,
        } => {
            let _ = write_array_len(&mut out, 4);
            let _ = write_uint(&mut out, 5);
            let _ = write_uint(&mut out, (*upload).into());
            let _ = write_uint(&mut out, *offset);
            let _ = rmp::encode::write_bin(&mut out, bytes);
        }
        ClientFrame::CancelUpload { upload } => {
            let _ = write_array_len(&mut out, 2);
            let _ = write_uint(&mut out, 6);
            let _ = write_uint(&mut out, (*upload).into());
        }
        ClientFrame::Navigate { url, same_path } => {
            let _ = write_array_len(&mut out, if *same_path { 3 } else { 2 });
            let _ = write_uint(&mut out, 3);
            let _ = write_str(&mut out, url);
            if *same_path {
                let _ = write_bool(&mut out, true);
            }
        }
    }
    out
}

/// `[1, hid, kind]`, or `[1, hid, kind, payload]` when `with_payload` (a `None` payload is then
/// written as nil), `[1, hid, kind, key, held]` for a key with modifier keys held, or
/// `[1, hid, 11, name, value]` for a hook's event.
pub(crate) fn event_frame(event: &Event, with_payload: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let len = match (&event.payload, with_payload) {
        (EventPayload::KeyHeld { .. } | EventPayload::Hook { .. }, true) => 5,
        (_, true) => 4,
        (_, false) => 3,
    };
    let _ = write_array_len(&mut out, len);
    let _ = write_uint(&mut out, 1);
    let _ = write_uint(&mut out, event.hid.0.into());
    let _ = write_uint(&mut out, event.kind.code().into());
    if with_payload {
        match &event.payload {
            EventPayload::None => {
                let _ = write_nil(&mut out);
            }
            EventPayload::Value(text) | EventPayload::Key(text) => {
                let _ = write_str(&mut out, text);
            }
            EventPayload::Checked(checked) => {
                let _ = write_bool(&mut out, *checked);
            }
            EventPayload::KeyHeld { key, held } => {
                let _ = write_str(&mut out, key);
                let _ = write_uint(&mut out, (*held).into());
            }
            EventPayload::Hook { name, value } => {
                let _ = write_str(&mut out, name);
                let _ = write_str(&mut out, value);
            }
            // Never on the wire: the server makes it.
            EventPayload::Files(_) => {
                let _ = write_nil(&mut out);
            }
            EventPayload::Form(fields) => {
                let _ = write_array_len(&mut out, u32::try_from(fields.len()).unwrap_or(u32::MAX));
                for (name, value) in fields {
                    let _ = write_array_len(&mut out, 2);
                    let _ = write_str(&mut out, name);
                    let _ = write_str(&mut out, value);
                }
            }
        }
    }
    out
}
