//! The `frame` target: [`ClientFrame::decode`] on arbitrary bytes.

use hjx_runtime::EventPayload;
use hjx_runtime::protocol::client::ClientFrame;

use super::encode;

/// Decodes `data` as a client frame. It may be refused, but never with a panic; a frame it
/// accepts re-encodes to bytes that decode to the same frame, and holds no more text than the
/// input had bytes (nothing is allocated that the input did not pay for).
pub fn frame(data: &[u8]) {
    let Ok(frame) = ClientFrame::decode(data) else {
        return;
    };
    assert!(
        text_len(&frame) <= data.len(),
        "decoded more text than the frame has bytes: {frame:?}"
    );
    let again = encode::client_frame(&frame);
    assert_eq!(
        ClientFrame::decode(&again).as_ref(),
        Ok(&frame),
        "re-encoded frame {again:x?} decodes differently"
    );
}

fn text_len(frame: &ClientFrame) -> usize {
    match frame {
        ClientFrame::Hello { token, .. } => token.len(),
        ClientFrame::Event(event) => match &event.payload {
            EventPayload::Value(text)
            | EventPayload::Key(text)
            | EventPayload::KeyHeld { key: text, .. } => text.len(),
            EventPayload::Form(fields) => fields.iter().map(|(n, v)| n.len() + v.len()).sum(),
            EventPayload::Hook { name, value } => name.len() + value.len(),
            EventPayload::Files(_) => 0,
            EventPayload::None | EventPayload::Checked(_) => 0,
        },
        ClientFrame::Ping => 0,
        ClientFrame::Navigate { url, .. } => url.len(),
        ClientFrame::UploadStart {
            name, content_type, ..
        } => name.len() + content_type.len(),
        ClientFrame::Chunk { bytes, .. } => bytes.len(),
        ClientFrame::CancelUpload { .. } => 0,
    }
}
