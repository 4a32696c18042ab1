//! The few HJX frames the load tool writes and reads, built with `rmp` as the browser client
//! builds them.

use rmp::decode::{read_array_len, read_int};
use rmp::encode::{write_array_len, write_str, write_uint};

/// HELLO `[0, 1, token, 0]`: opens a fresh session.
pub fn hello(token: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(token.len() + 8);
    // Writing into a Vec cannot fail.
    let _ = write_array_len(&mut out, 4);
    let _ = write_uint(&mut out, 0);
    let _ = write_uint(&mut out, hjx_runtime::protocol::VERSION);
    let _ = write_str(&mut out, token);
    let _ = write_uint(&mut out, 0);
    out
}

/// An input EVENT `[1, hid, 1, value]`, as the client sends a keystroke's new value.
pub fn input(hid: u32, value: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 8);
    let _ = write_array_len(&mut out, 4);
    let _ = write_uint(&mut out, 1);
    let _ = write_uint(&mut out, hid.into());
    let _ = write_uint(&mut out, 1);
    let _ = write_str(&mut out, value);
    out
}

/// The tag of a server frame (0 PATCHES, 1 EVENT, 2 RESYNC, 3 ERROR, 4 PONG, 5 READY,
/// 6 NAVIGATE, 7 REPLY, 8 ACK).
pub fn read_tag(frame: &[u8]) -> Option<u8> {
    let mut rd = frame;
    read_array_len(&mut rd).ok()?;
    read_int(&mut rd).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hjx_runtime::protocol::client::ClientFrame;

    #[test]
    fn hello_decodes_as_the_runtime_reads_it() {
        assert_eq!(
            ClientFrame::decode(&hello("t.1.ab")),
            Ok(ClientFrame::Hello {
                version: 1,
                token: "t.1.ab".to_owned(),
                last_seq: 0
            })
        );
    }

    #[test]
    fn input_decodes_as_the_runtime_reads_it() {
        use hjx_runtime::{Event, EventKind, EventPayload, HydrationId};
        assert_eq!(
            ClientFrame::decode(&input(7, "item 42")),
            Ok(ClientFrame::Event(Event {
                hid: HydrationId(7),
                kind: EventKind::Input,
                payload: EventPayload::Value("item 42".to_owned()),
            }))
        );
    }

    #[test]
    fn tags_of_ready_and_patches() {
        assert_eq!(read_tag(&[0x92, 0x05, 0x00]), Some(5));
        assert_eq!(read_tag(b"\x95\x00\x01\x00\x01\xa8Count: 1"), Some(0));
        assert_eq!(read_tag(b""), None);
    }
}
