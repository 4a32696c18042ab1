//! The live socket's WebSocket (RFC 6455), server side, read and written on the connection's
//! own TCP stream.
//!
//! A live socket carries small binary frames both ways, one or two a click, so the cost of a
//! frame is the cost of a click. This codec reads a client frame into the socket's buffer and
//! hands the event its bytes there, unmasked in place (no message allocated); it writes a frame
//! with one `send` from a stack copy when it is small, and keeps bytes only when the socket's
//! buffer was full. It speaks what the live protocol needs: binary and text messages (text is
//! refused above), fragments, ping, pong and close; it offers no extension and no subprotocol.
//! Frames past `max_message` are refused unread.

use std::future::poll_fn;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use hyper::upgrade::Upgraded;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// What the server reads from its live socket.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Incoming<'a> {
    /// A binary message: a live frame.
    Binary(&'a [u8]),
    /// A text message (not part of the live protocol).
    Text,
    /// A message past the size limit: refused without reading it, and the socket cannot go on.
    TooLarge,
    /// The client closed the socket, broke the protocol, or the connection broke.
    Closed,
}

/// Close codes the server sends.
pub(crate) mod close_code {
    /// The session ended or was taken over.
    pub(crate) const NORMAL: u16 = 1000;
    /// The server is shutting down.
    pub(crate) const AWAY: u16 = 1001;
    /// The client broke the live protocol (a fatal ERROR went before).
    pub(crate) const POLICY: u16 = 1008;
}

const CONTINUATION: u8 = 0x0;
const TEXT: u8 = 0x1;
const BINARY: u8 = 0x2;
const CLOSE: u8 = 0x8;
const PING: u8 = 0x9;
const PONG: u8 = 0xA;

/// The read buffer's size while nothing larger came: a click is 10 bytes on the wire.
const SMALL: usize = 512;

/// Frames up to this size are written from one stack copy of header and payload.
const STACK_FRAME: usize = 256;

/// The connection under a live socket: the TCP stream itself when the server's own accept loop
/// (or `axum::serve`) made it, any upgraded connection otherwise.
enum Io {
    Tcp(TcpStream),
    Upgraded(TokioIo<Upgraded>),
}

impl Io {
    fn poll_read(&mut self, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        match self {
            Io::Tcp(stream) => Pin::new(stream).poll_read(cx, buf),
            Io::Upgraded(io) => Pin::new(io).poll_read(cx, buf),
        }
    }

    fn poll_write(&mut self, cx: &mut Context<'_>, bytes: &[u8]) -> Poll<io::Result<usize>> {
        match self {
            Io::Tcp(stream) => Pin::new(stream).poll_write(cx, bytes),
            Io::Upgraded(io) => Pin::new(io).poll_write(cx, bytes),
        }
    }

    fn poll_write_vectored(
        &mut self,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self {
            Io::Tcp(stream) => Pin::new(stream).poll_write_vectored(cx, bufs),
            Io::Upgraded(io) => Pin::new(io).poll_write_vectored(cx, bufs),
        }
    }

    fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self {
            Io::Tcp(stream) => Pin::new(stream).poll_flush(cx),
            Io::Upgraded(io) => Pin::new(io).poll_flush(cx),
        }
    }

    fn poll_shutdown(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self {
            Io::Tcp(stream) => Pin::new(stream).poll_shutdown(cx),
            Io::Upgraded(io) => Pin::new(io).poll_shutdown(cx),
        }
    }
}

/// Where the message [`WebSocket::recv`] returned lies, dropped at the next read.
#[derive(Clone, Copy)]
enum Last {
    None,
    /// A frame at the read buffer's start: its header's size and its whole size.
    Frame {
        header: usize,
        size: usize,
        text: bool,
    },
    /// The assembled fragments.
    Assembled,
}

/// A server-side WebSocket after the handshake.
pub(crate) struct WebSocket {
    io: Io,
    /// Bytes read: `read[start..end]` are not yet consumed. Initialised whole, so reads need no
    /// zeroing; empty until the first read.
    read: Vec<u8>,
    start: usize,
    end: usize,
    last: Last,
    /// The payload of a fragmented message so far, and whether it is text.
    fragments: Option<(Vec<u8>, bool)>,
    /// Bytes of frames not yet written (`out[written..]`): empty unless the socket's send
    /// buffer was full.
    out: Vec<u8>,
    written: usize,
    max_message: usize,
    /// Set once reading ended for good: every later read returns the same.
    stopped: Option<Stopped>,
}

impl WebSocket {
    /// A WebSocket on `upgraded`, refusing messages longer than `max_message`.
    pub(crate) fn new(upgraded: Upgraded, max_message: usize) -> WebSocket {
        let (io, leftover) = match upgraded.downcast::<TokioIo<TcpStream>>() {
            Ok(parts) => (Io::Tcp(parts.io.into_inner()), parts.read_buf),
            Err(upgraded) => (Io::Upgraded(TokioIo::new(upgraded)), Default::default()),
        };
        let mut socket = WebSocket::on(io, max_message);
        if !leftover.is_empty() {
            socket.read = leftover.to_vec();
            socket.end = socket.read.len();
        }
        socket
    }

    fn on(io: Io, max_message: usize) -> WebSocket {
        WebSocket {
            io,
            read: Vec::new(),
            start: 0,
            end: 0,
            last: Last::None,
            fragments: None,
            out: Vec::new(),
            written: 0,
            max_message,
            stopped: None,
        }
    }

    /// The next message. Pings are answered, pongs skipped; a close is answered and ends the
    /// socket. Cancel-safe: a message half read stays in the buffer.
    pub(crate) async fn recv(&mut self) -> Incoming<'_> {
        poll_fn(|cx| self.poll_next(cx)).await;
        self.message()
    }

    /// Reads until a whole message is in, or reading stopped: `Ready`, and
    /// [`message`](Self::message) says which.
    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        if self.stopped.is_some() {
            return Poll::Ready(());
        }
        self.drop_last();
        loop {
            // Bytes a full send buffer kept, and pongs, go out as the client's frames come in.
            if !self.out.is_empty()
                && let Poll::Ready(Err(_)) = self.poll_flush_out(cx)
            {
                return self.stop(cx, Stopped::Closed);
            }
            match self.parse() {
                Parsed::Need(size) => {
                    if let Err(stop) = ready!(self.poll_fill(cx, size)) {
                        return self.stop(cx, stop);
                    }
                }
                Parsed::Frame(frame) => match self.take(frame) {
                    Ok(true) => return Poll::Ready(()),
                    Ok(false) => continue,
                    Err(stop) => return self.stop(cx, stop),
                },
                Parsed::Bad(stop) => return self.stop(cx, stop),
            }
        }
    }

    /// Ends reading for good, with a last try at writing what waits (a close's answer).
    fn stop(&mut self, cx: &mut Context<'_>, stop: Stopped) -> Poll<()> {
        self.read = Vec::new();
        self.start = 0;
        self.end = 0;
        self.fragments = None;
        self.stopped = Some(stop);
        if !self.out.is_empty() {
            let _ = self.poll_flush_out(cx);
        }
        Poll::Ready(())
    }

    /// The message the last [`poll_next`](Self::poll_next) completed.
    fn message(&self) -> Incoming<'_> {
        match self.last {
            Last::None => match self.stopped {
                Some(Stopped::TooLarge) => Incoming::TooLarge,
                _ => Incoming::Closed,
            },
            Last::Frame { text: true, .. } => Incoming::Text,
            Last::Frame { header, size, .. } => {
                Incoming::Binary(&self.read[self.start + header..self.start + size])
            }
            Last::Assembled => match &self.fragments {
                Some((_, true)) => Incoming::Text,
                Some((bytes, false)) => Incoming::Binary(bytes),
                None => Incoming::Closed,
            },
        }
    }

    fn drop_last(&mut self) {
        match std::mem::replace(&mut self.last, Last::None) {
            Last::None => {}
            Last::Frame { size, .. } => self.consume(size),
            Last::Assembled => self.fragments = None,
        }
    }

    fn consume(&mut self, size: usize) {
        self.start += size;
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
            // A large message grew the buffer: an idle socket keeps only a small one.
            if self.read.len() > 8 * SMALL {
                self.read = Vec::new();
            }
        }
    }

    /// What the unconsumed bytes hold.
    fn parse(&mut self) -> Parsed {
        let bytes = &self.read[self.start..self.end];
        let [first, second, ..] = *bytes else {
            return Parsed::Need(14);
        };
        let opcode = first & 0x0F;
        let fin = first & 0x80 != 0;
        let control = opcode >= CLOSE;
        // Reserved bits without an extension, a client frame not masked, an unknown opcode, a
        // control frame fragmented or past 125 bytes.
        if first & 0x70 != 0
            || second & 0x80 == 0
            || !matches!(opcode, 0..=2 | 8..=10)
            || control && (!fin || second & 0x7F > 125)
        {
            return Parsed::Bad(Stopped::Closed);
        }
        let Some((header, length)) = header_size(bytes) else {
            return Parsed::Need(14);
        };
        // A continuation counts with the fragments before it; a ping between them does not.
        let so_far = match &self.fragments {
            Some((bytes, _)) if opcode == CONTINUATION => bytes.len(),
            _ => 0,
        };
        if length > self.max_message as u64 - so_far.min(self.max_message) as u64 {
            return Parsed::Bad(Stopped::TooLarge);
        }
        // Within `max_message`, so at most a limit the app set past memory.
        let size = header.saturating_add(length as usize);
        if bytes.len() < size {
            return Parsed::Need(size);
        }
        let (head, payload) = self.read[self.start..self.start + size].split_at_mut(header);
        unmask(
            payload,
            [
                head[header - 4],
                head[header - 3],
                head[header - 2],
                head[header - 1],
            ],
        );
        Parsed::Frame(Frame {
            opcode,
            fin,
            header,
            size,
        })
    }

    /// Takes a whole frame: `Ok(true)` when it completed a message.
    fn take(&mut self, frame: Frame) -> Result<bool, Stopped> {
        let payload = self.start + frame.header..self.start + frame.size;
        match (frame.opcode, &mut self.fragments) {
            (TEXT | BINARY, None) if frame.fin => {
                self.last = Last::Frame {
                    header: frame.header,
                    size: frame.size,
                    text: frame.opcode == TEXT,
                };
                return Ok(true);
            }
            (TEXT | BINARY, None) => {
                let text = frame.opcode == TEXT;
                self.fragments = Some((self.read[payload].to_vec(), text));
            }
            (CONTINUATION, Some((bytes, _))) => {
                bytes.extend_from_slice(&self.read[payload]);
                if frame.fin {
                    self.consume(frame.size);
                    self.last = Last::Assembled;
                    return Ok(true);
                }
            }
            // Answered while little waits unwritten: a client that pings and never reads gets
            // no pile of pongs (the protocol lets a server answer only the latest).
            (PING, _) if self.out.len() - self.written < SMALL => {
                let payload = self.read[payload].to_vec();
                self.queue(PONG, &payload);
            }
            (PING | PONG, _) => {}
            (CLOSE, _) => {
                // Answered with the client's own code, as the protocol asks.
                let code = self.read[payload].get(..2).map(<[u8]>::to_vec);
                self.queue(CLOSE, &code.unwrap_or_default());
                return Err(Stopped::Closed);
            }
            // A continuation with no message begun, or a message begun inside another.
            _ => return Err(Stopped::Closed),
        }
        self.consume(frame.size);
        Ok(false)
    }

    /// Reads until the buffer holds `size` unconsumed bytes or the stream has no more now.
    fn poll_fill(&mut self, cx: &mut Context<'_>, size: usize) -> Poll<Result<(), Stopped>> {
        // The frame's start moves to the buffer's, when the frame would not fit after it.
        if self.read.len() - self.start < size {
            self.read.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        // The buffer grows as the bytes come, not by what a header announces: a header alone
        // costs the server no more than a small buffer.
        if self.end == self.read.len() {
            let grown = (self.read.len() * 2).min(size).max(SMALL);
            self.read.resize(grown, 0);
        }
        let mut buf = ReadBuf::new(&mut self.read[self.end..]);
        match ready!(self.io.poll_read(cx, &mut buf)) {
            Ok(()) if buf.filled().is_empty() => Poll::Ready(Err(Stopped::Closed)),
            Ok(()) => {
                self.end += buf.filled().len();
                Poll::Ready(Ok(()))
            }
            Err(_) => Poll::Ready(Err(Stopped::Closed)),
        }
    }

    /// Sends a binary frame. Cancel-safe: what was not written yet goes out before any later
    /// frame.
    pub(crate) async fn send(&mut self, payload: &[u8]) -> io::Result<()> {
        self.send_frame(BINARY, payload).await
    }

    /// Adds a binary frame to the bytes waiting to be written: the next
    /// [`send`](Self::send) writes them and its own frame in one go.
    pub(crate) fn queue_binary(&mut self, payload: &[u8]) {
        self.queue(BINARY, payload);
    }

    async fn send_frame(&mut self, opcode: u8, payload: &[u8]) -> io::Result<()> {
        if self.out.is_empty() {
            let mut header = [0; 10];
            let head = header_into(&mut header, opcode, payload.len());
            let whole = head.len() + payload.len();
            // One write of the whole frame, the usual case: nothing is kept.
            let written = poll_fn(|cx| Poll::Ready(self.write_now(cx, head, payload))).await?;
            if written == whole {
                return Ok(());
            }
            let rest_of_head = head.get(written..).unwrap_or_default();
            self.out.extend_from_slice(rest_of_head);
            let into_payload = written.saturating_sub(head.len());
            self.out.extend_from_slice(&payload[into_payload..]);
        } else {
            self.queue(opcode, payload);
        }
        poll_fn(|cx| self.poll_flush_out(cx)).await
    }

    /// Writes what the socket takes now of a frame: the bytes written, 0 when it is full.
    fn write_now(
        &mut self,
        cx: &mut Context<'_>,
        head: &[u8],
        payload: &[u8],
    ) -> io::Result<usize> {
        let polled = if head.len() + payload.len() <= STACK_FRAME {
            let mut frame = [0; STACK_FRAME];
            frame[..head.len()].copy_from_slice(head);
            frame[head.len()..head.len() + payload.len()].copy_from_slice(payload);
            self.io.poll_write(cx, &frame[..head.len() + payload.len()])
        } else {
            let slices = [io::IoSlice::new(head), io::IoSlice::new(payload)];
            self.io.poll_write_vectored(cx, &slices)
        };
        match polled {
            Poll::Ready(Ok(0)) => Err(io::ErrorKind::WriteZero.into()),
            Poll::Ready(written) => written,
            Poll::Pending => Ok(0),
        }
    }

    /// Adds a frame to the bytes waiting to be written.
    fn queue(&mut self, opcode: u8, payload: &[u8]) {
        let mut header = [0; 10];
        let head = header_into(&mut header, opcode, payload.len());
        self.out.extend_from_slice(head);
        self.out.extend_from_slice(payload);
    }

    fn poll_flush_out(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.out.len() {
            match ready!(self.io.poll_write(cx, &self.out[self.written..])) {
                Ok(0) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Ok(written) => self.written += written,
                Err(error) => return Poll::Ready(Err(error)),
            }
        }
        self.written = 0;
        if self.out.capacity() > 8 * SMALL {
            self.out = Vec::new();
        } else {
            self.out.clear();
        }
        self.io.poll_flush(cx)
    }

    /// Sends a close frame with `code` and `reason` (cut to what a control frame holds), then
    /// ends the connection's sending side.
    pub(crate) async fn close(&mut self, code: u16, reason: &str) {
        let mut payload = code.to_be_bytes().to_vec();
        let mut cut = reason.len().min(123);
        while !reason.is_char_boundary(cut) {
            cut -= 1;
        }
        payload.extend_from_slice(&reason.as_bytes()[..cut]);
        if self.send_frame(CLOSE, &payload).await.is_ok() {
            let _ = poll_fn(|cx| self.io.poll_shutdown(cx)).await;
        }
    }
}

/// Why reading stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stopped {
    TooLarge,
    Closed,
}

/// A whole frame at the read buffer's start, unmasked.
struct Frame {
    opcode: u8,
    fin: bool,
    header: usize,
    size: usize,
}

enum Parsed {
    /// This many bytes are needed (a guess until the header is in).
    Need(usize),
    Frame(Frame),
    Bad(Stopped),
}

/// The size of the masked frame header at `bytes`' start and its payload's length, once the
/// header is in.
fn header_size(bytes: &[u8]) -> Option<(usize, u64)> {
    let short = u64::from(*bytes.get(1)? & 0x7F);
    let (extended, length) = match short {
        126 => (
            2,
            u64::from(u16::from_be_bytes(bytes.get(2..4)?.try_into().ok()?)),
        ),
        127 => (8, u64::from_be_bytes(bytes.get(2..10)?.try_into().ok()?)),
        _ => (0, short),
    };
    let header = 2 + extended + 4;
    (bytes.len() >= header).then_some((header, length))
}

/// Writes the header of an unmasked (server) frame into `buf`; the part written.
fn header_into(buf: &mut [u8; 10], opcode: u8, length: usize) -> &[u8] {
    buf[0] = 0x80 | opcode;
    if length < 126 {
        buf[1] = length as u8;
        &buf[..2]
    } else if let Ok(length) = u16::try_from(length) {
        buf[1] = 126;
        buf[2..4].copy_from_slice(&length.to_be_bytes());
        &buf[..4]
    } else {
        buf[1] = 127;
        buf[2..10].copy_from_slice(&(length as u64).to_be_bytes());
        &buf[..10]
    }
}

fn unmask(payload: &mut [u8], mask: [u8; 4]) {
    let mut chunks = payload.chunks_exact_mut(4);
    for chunk in &mut chunks {
        for (byte, mask) in chunk.iter_mut().zip(mask) {
            *byte ^= mask;
        }
    }
    for (byte, mask) in chunks.into_remainder().iter_mut().zip(mask) {
        *byte ^= mask;
    }
}

#[cfg(test)]
mod tests;
