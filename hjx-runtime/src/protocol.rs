//! The wire protocol: binary MessagePack frames, one versioned set each way.
//!
//! Every frame is one MessagePack array whose first element is its tag (see `PROTOCOL.md` at the
//! crate root for byte-level examples). Frames are hand-encoded with `rmp` so that the bytes are
//! exactly the documented ones and as small as MessagePack allows: a counter's patch is 14 bytes.
//!
//! - [`client`]: decoding what the browser sends (HELLO, EVENT, PING), refusing anything
//!   malformed with an error instead of a panic.
//! - [`server`]: encoding what the server sends (PATCHES, EVENT, RESYNC, ERROR, PONG, READY, NAVIGATE).

pub mod client;
pub mod server;

use std::fmt;

/// The protocol version a client states in HELLO.
pub const VERSION: u64 = 1;

/// The error codes of an ERROR frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum ErrorCode {
    /// The frame is not a valid client frame.
    Malformed = 1,
    /// The session token is forged, damaged, or for another session.
    BadToken = 2,
    /// The session token has expired.
    TokenExpired = 3,
    /// The session does not exist (any more): the client reloads the page once.
    UnknownSession = 4,
    /// The client speaks another protocol version.
    VersionMismatch = 5,
    /// The event names an element or event kind that the markup does not bind.
    NotBound = 6,
    /// The frame is larger than the server accepts.
    FrameTooLarge = 7,
    /// The session sent events faster than its rate limit.
    RateLimited = 8,
    /// The server has no room for another session or connection.
    Busy = 9,
    /// A handler panicked; the session has ended.
    HandlerPanicked = 10,
    /// An EVENT arrived before HELLO.
    EventBeforeHello = 11,
}

impl ErrorCode {
    /// The code's number on the wire.
    pub const fn code(self) -> u8 {
        self as u8
    }

    /// Whether the server closes the socket after sending this error.
    pub const fn is_fatal(self) -> bool {
        !matches!(
            self,
            ErrorCode::Malformed
                | ErrorCode::NotBound
                | ErrorCode::RateLimited
                | ErrorCode::EventBeforeHello
        )
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?} ({})", self.code())
    }
}
