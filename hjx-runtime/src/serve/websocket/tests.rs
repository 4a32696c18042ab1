use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::*;

/// A server-side socket and the raw client end of its connection.
async fn pair(max_message: usize) -> (WebSocket, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap());
    let (client, accepted) = tokio::join!(client, listener.accept());
    let socket = WebSocket::on(Io::Tcp(accepted.unwrap().0), max_message);
    (socket, client.unwrap())
}

/// A client frame: masked, as a browser sends it.
fn client_frame(first: u8, payload: &[u8]) -> Vec<u8> {
    let mask = [0x37, 0xFA, 0x21, 0x3D];
    let mut frame = vec![first];
    match payload.len() {
        len @ 0..126 => frame.push(0x80 | len as u8),
        len @ 126..65_536 => {
            frame.push(0x80 | 126);
            frame.extend_from_slice(&(len as u16).to_be_bytes());
        }
        len => {
            frame.push(0x80 | 127);
            frame.extend_from_slice(&(len as u64).to_be_bytes());
        }
    }
    frame.extend_from_slice(&mask);
    frame.extend(payload.iter().zip(mask.iter().cycle()).map(|(b, m)| b ^ m));
    frame
}

/// Reads one server frame from the raw client end: its first byte and its payload.
async fn server_frame(client: &mut TcpStream) -> (u8, Vec<u8>) {
    let mut head = [0; 2];
    client.read_exact(&mut head).await.unwrap();
    assert_eq!(head[1] & 0x80, 0, "a server frame is not masked");
    let length = match head[1] {
        126 => u64::from(client.read_u16().await.unwrap()),
        127 => client.read_u64().await.unwrap(),
        short => u64::from(short),
    };
    let mut payload = vec![0; length as usize];
    client.read_exact(&mut payload).await.unwrap();
    (head[0], payload)
}

#[tokio::test]
async fn binary_frames_are_read_unmasked_however_the_bytes_arrive() {
    let (mut socket, mut client) = pair(1 << 20).await;
    // Two frames in one write.
    let mut two = client_frame(0x82, b"first");
    two.extend(client_frame(0x82, b"second"));
    client.write_all(&two).await.unwrap();
    assert_eq!(socket.recv().await, Incoming::Binary(b"first"));
    assert_eq!(socket.recv().await, Incoming::Binary(b"second"));
    // One frame a byte at a time, with a 16-bit length.
    let long: Vec<u8> = (0..300).map(|i| i as u8).collect();
    let frame = client_frame(0x82, &long);
    let writer = tokio::spawn(async move {
        for byte in frame {
            client.write_all(&[byte]).await.unwrap();
            tokio::task::yield_now().await;
        }
        client
    });
    assert_eq!(socket.recv().await, Incoming::Binary(&long[..]));
    let mut client = writer.await.unwrap();
    // A text frame is told apart; an empty binary frame is a message.
    client.write_all(&client_frame(0x81, b"hi")).await.unwrap();
    client.write_all(&client_frame(0x82, b"")).await.unwrap();
    assert_eq!(socket.recv().await, Incoming::Text);
    assert_eq!(socket.recv().await, Incoming::Binary(b""));
    drop(client);
    assert_eq!(socket.recv().await, Incoming::Closed);
    assert_eq!(socket.recv().await, Incoming::Closed);
}

#[tokio::test]
async fn fragments_are_assembled_and_a_ping_between_them_is_answered() {
    let (mut socket, mut client) = pair(1 << 20).await;
    let mut bytes = client_frame(0x02, b"one ");
    bytes.extend(client_frame(0x89, b"are you there"));
    bytes.extend(client_frame(0x00, b"two "));
    bytes.extend(client_frame(0x80, b"three"));
    bytes.extend(client_frame(0x82, b"next"));
    client.write_all(&bytes).await.unwrap();
    assert_eq!(socket.recv().await, Incoming::Binary(b"one two three"));
    assert_eq!(socket.recv().await, Incoming::Binary(b"next"));
    assert_eq!(
        server_frame(&mut client).await,
        (0x8A, b"are you there".to_vec())
    );
}

#[tokio::test]
async fn a_message_past_the_limit_is_refused_unread() {
    let (mut socket, mut client) = pair(1000).await;
    client
        .write_all(&client_frame(0x82, &[7; 1000]))
        .await
        .unwrap();
    assert!(matches!(socket.recv().await, Incoming::Binary(b) if b.len() == 1000));
    // Only the header of the next is sent: it is refused on its announced length.
    let frame = client_frame(0x82, &[7; 1001]);
    client.write_all(&frame[..8]).await.unwrap();
    assert_eq!(socket.recv().await, Incoming::TooLarge);
    assert_eq!(socket.recv().await, Incoming::TooLarge);
    // A header within the limit costs a small buffer until its bytes come.
    let (mut socket, mut client) = pair(1 << 20).await;
    let frame = client_frame(0x82, &[7; 1 << 20]);
    client.write_all(&frame[..100]).await.unwrap();
    let next = tokio::time::timeout(std::time::Duration::from_millis(50), socket.recv());
    assert!(next.await.is_err());
    assert_eq!(socket.read.len(), SMALL);
    client.write_all(&frame[100..]).await.unwrap();
    assert!(matches!(socket.recv().await, Incoming::Binary(b) if b.len() == 1 << 20));
    // Fragments count together.
    let (mut socket, mut client) = pair(10).await;
    let mut bytes = client_frame(0x02, b"123456");
    // A ping between them is not part of the message.
    bytes.extend(client_frame(0x89, b"ping"));
    bytes.extend(client_frame(0x00, b"7890"));
    bytes.extend(client_frame(0x80, b"1"));
    client.write_all(&bytes).await.unwrap();
    assert_eq!(socket.recv().await, Incoming::TooLarge);
    let (mut socket, mut client) = pair(10).await;
    let mut bytes = client_frame(0x02, b"123456");
    bytes.extend(client_frame(0x89, b"ping ping"));
    bytes.extend(client_frame(0x80, b"7890"));
    client.write_all(&bytes).await.unwrap();
    assert_eq!(socket.recv().await, Incoming::Binary(b"1234567890"));
}

#[tokio::test]
async fn frames_that_break_the_protocol_end_the_socket() {
    for bad in [
        // Not masked.
        vec![0x82, 0x01, b'x'],
        // A reserved bit without an extension.
        client_frame(0xC2, b"x"),
        // An unknown opcode.
        client_frame(0x83, b"x"),
        // A continuation with nothing begun.
        client_frame(0x80, b"x"),
        // A message begun inside another.
        [client_frame(0x02, b"x"), client_frame(0x82, b"y")].concat(),
        // A fragmented control frame.
        client_frame(0x09, b"x"),
        // A control frame past 125 bytes.
        client_frame(0x89, &[0; 126]),
    ] {
        let (mut socket, mut client) = pair(1 << 20).await;
        client.write_all(&bad).await.unwrap();
        assert_eq!(socket.recv().await, Incoming::Closed, "{bad:?}");
    }
}

#[tokio::test]
async fn a_clients_close_is_answered_with_its_code() {
    let (mut socket, mut client) = pair(1 << 20).await;
    let mut payload = 1001_u16.to_be_bytes().to_vec();
    payload.extend_from_slice(b"bye");
    client
        .write_all(&client_frame(0x88, &payload))
        .await
        .unwrap();
    assert_eq!(socket.recv().await, Incoming::Closed);
    assert_eq!(
        server_frame(&mut client).await,
        (0x88, 1001_u16.to_be_bytes().to_vec())
    );
}

#[tokio::test]
async fn frames_of_every_length_class_are_written_whole() {
    let (mut socket, mut client) = pair(1 << 20).await;
    for size in [0, 14, 125, 126, 250, 300, 65_535, 65_536, 3 << 20] {
        let payload: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
        // The client reads at once only the small ones: a large frame fills the socket's
        // buffer first, and waits.
        let reader = tokio::spawn(async move {
            let frame = server_frame(&mut client).await;
            (client, frame)
        });
        socket.send(&payload).await.unwrap();
        let (back, frame) = reader.await.unwrap();
        client = back;
        assert_eq!(frame, (0x82, payload), "size {size}");
    }
    assert_eq!(
        socket.out.capacity(),
        0,
        "a large frame's bytes are not kept"
    );
}

#[tokio::test]
async fn a_send_cut_short_is_finished_before_the_next_frame() {
    let (mut socket, mut client) = pair(1 << 20).await;
    let big = vec![9; 8 << 20];
    // The client does not read: the send waits; given up, the rest is kept.
    let cut = tokio::time::timeout(std::time::Duration::from_millis(50), socket.send(&big));
    assert!(cut.await.is_err());
    assert!(!socket.out.is_empty());
    let reader = tokio::spawn(async move {
        let first = server_frame(&mut client).await;
        let second = server_frame(&mut client).await;
        (first, second)
    });
    socket.send(b"after").await.unwrap();
    let (first, second) = reader.await.unwrap();
    assert_eq!(first, (0x82, big));
    assert_eq!(second, (0x82, b"after".to_vec()));
}

#[tokio::test]
async fn queued_frames_go_out_with_the_next_send_in_order() {
    let (mut socket, mut client) = pair(1 << 20).await;
    socket.queue_binary(b"one");
    socket.queue_binary(&[2; 300]);
    socket.send(b"three").await.unwrap();
    assert!(socket.out.is_empty());
    assert_eq!(server_frame(&mut client).await, (0x82, b"one".to_vec()));
    assert_eq!(server_frame(&mut client).await, (0x82, vec![2; 300]));
    assert_eq!(server_frame(&mut client).await, (0x82, b"three".to_vec()));
}

#[tokio::test]
async fn close_sends_its_code_and_a_reason_cut_at_a_character() {
    let (mut socket, mut client) = pair(1 << 20).await;
    let reason = "é".repeat(70);
    socket.close(close_code::AWAY, &reason).await;
    let (first, payload) = server_frame(&mut client).await;
    assert_eq!(first, 0x88);
    assert_eq!(payload[..2], 1001_u16.to_be_bytes());
    let text = std::str::from_utf8(&payload[2..]).unwrap();
    assert_eq!(text, "é".repeat(61));
    assert_eq!(client.read(&mut [0; 8]).await.unwrap(), 0, "then the end");
}

#[tokio::test]
async fn an_idle_socket_keeps_a_small_buffer_after_a_large_message() {
    let (mut socket, mut client) = pair(1 << 20).await;
    let mut bytes = client_frame(0x82, &[1; 100_000]);
    bytes.extend(client_frame(0x82, b"small"));
    client.write_all(&bytes).await.unwrap();
    assert!(matches!(socket.recv().await, Incoming::Binary(b) if b.len() == 100_000));
    assert_eq!(socket.recv().await, Incoming::Binary(b"small"));
    // Waiting for the next frame, with everything read consumed: the buffer is a small one.
    let next = tokio::time::timeout(std::time::Duration::from_millis(50), socket.recv());
    assert!(next.await.is_err());
    assert_eq!(socket.read.len(), SMALL);
    drop(client);
}

/// Parses `bytes` as if read at once, the way `poll_next` does but with no connection: the
/// messages, then how reading stopped (`None`: it waits for more).
fn feed(socket: &mut WebSocket, bytes: &[u8]) -> (Vec<Vec<u8>>, Option<Stopped>) {
    socket.read = bytes.to_vec();
    socket.start = 0;
    socket.end = bytes.len();
    socket.last = Last::None;
    socket.fragments = None;
    let mut messages = Vec::new();
    loop {
        socket.drop_last();
        socket.out.clear();
        match socket.parse() {
            Parsed::Need(size) => {
                assert!(
                    size > socket.end - socket.start,
                    "it waits for bytes it has"
                );
                return (messages, None);
            }
            Parsed::Bad(stop) => return (messages, Some(stop)),
            Parsed::Frame(frame) => match socket.take(frame) {
                Ok(true) => match socket.message() {
                    Incoming::Binary(bytes) => messages.push(bytes.to_vec()),
                    Incoming::Text => messages.push(b"text".to_vec()),
                    other => panic!("a message read as {other:?}"),
                },
                Ok(false) => {}
                Err(stop) => return (messages, Some(stop)),
            },
        }
    }
}

#[tokio::test]
async fn random_and_mutated_frames_never_panic_and_valid_ones_read_back() {
    let (mut socket, _client) = pair(4096).await;
    // SplitMix64: the same inputs on every run.
    let mut seed = 0x5eed_u64;
    let mut next = move || {
        seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    for round in 0..20_000 {
        let size = (next() % 300) as usize;
        let payload: Vec<u8> = (0..size).map(|_| next() as u8).collect();
        let frame = client_frame(0x82, &payload);
        // A valid frame reads back whole, and any cut of it waits for the rest.
        let cut = (next() as usize) % frame.len();
        assert_eq!(feed(&mut socket, &frame), (vec![payload.clone()], None));
        assert_eq!(feed(&mut socket, &frame[..cut]), (vec![], None));
        // Mutated or random bytes: any outcome but a panic.
        let mut bytes = if round % 2 == 0 {
            frame
        } else {
            (0..size).map(|_| next() as u8).collect()
        };
        for _ in 0..1 + next() % 4 {
            if let Some(byte) = bytes.get_mut((next() as usize) % size.max(1)) {
                *byte = next() as u8;
            }
        }
        feed(&mut socket, &bytes);
    }
}

#[tokio::test]
async fn a_client_that_pings_and_never_reads_gets_no_pile_of_pongs() {
    let (mut socket, mut client) = pair(1 << 20).await;
    // Enough pongs to fill the connection's buffers, and many more.
    let pings: Vec<u8> = (0..40_000)
        .flat_map(|_| client_frame(0x89, &[0; 100]))
        .collect();
    let writer = tokio::spawn(async move {
        client.write_all(&pings).await.unwrap();
        client
            .write_all(&client_frame(0x82, b"done"))
            .await
            .unwrap();
        client
    });
    assert_eq!(socket.recv().await, Incoming::Binary(b"done"));
    assert!(
        socket.out.len() < 2 * SMALL,
        "{} bytes wait",
        socket.out.len()
    );
    drop(writer.await.unwrap());
}
