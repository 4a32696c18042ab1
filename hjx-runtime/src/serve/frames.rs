//! One client frame of an attached socket, handled: its size and rate checked, decoded, and
//! passed to the session (an event, an upload's chunk, a navigation); and the frames a socket
//! sends for what the session queued.

use tracing::field;

use crate::live::cluster::{BoxFuture, Finish};
use crate::live::session::{AnySession, EventFailure, QueueReceiver, QueuedFrame, Sent};
use crate::model::event::Event;
use crate::protocol::client::{ClientFrame, is_chunk};
use crate::protocol::{ErrorCode, server};
use crate::serve::app::AppState;
use crate::serve::navigate::path_and_query;
use crate::serve::registry::Entry;
use crate::serve::upload::{UploadReply, Uploads};

/// The frames to send for one frame taken from the session's queue: that frame, or, when frames
/// were dropped, one RESYNC that replaces everything still queued (broadcast events follow it).
pub(crate) fn queued_frames(
    session: &dyn AnySession,
    queued: QueuedFrame,
    receiver: &mut QueueReceiver,
) -> Vec<Vec<u8>> {
    session.dequeued(queued.len());
    match session.take_resync(receiver) {
        Some(frames) => frames,
        None => vec![match queued {
            QueuedFrame::Patches(frame) => frame,
            QueuedFrame::Event(frame) => frame.to_vec(),
        }],
    }
}

/// What to send back for one client frame.
pub(crate) enum Reply {
    /// One frame, the usual answer (an event's REPLY or ACK): no list to allocate.
    Frame(Vec<u8>),
    Frames(Vec<Vec<u8>>),
    /// The page asks to go to this URL.
    Navigate(String),
    /// Send this error, then close.
    Fatal(ErrorCode, String),
    /// An event that may write the `shared:` value of an app on several nodes: take the lease,
    /// then [`dispatch`] it, then end the lease.
    Leased(Box<Event>, BoxFuture<Option<Box<dyn Finish>>>),
}

/// Handles one binary frame from the attached client of `entry`: size check, rate limit,
/// decoding, then the session's event handling.
pub(crate) fn on_frame(
    entry: &Entry,
    bytes: &[u8],
    app: &AppState,
    uploads: &mut Uploads,
) -> Reply {
    if bytes.len() > app.config.max_frame {
        return Reply::Fatal(
            ErrorCode::FrameTooLarge,
            "the frame is too large".to_owned(),
        );
    }
    // An upload's chunks are paced by their acknowledgements, not by the rate limit; every
    // other frame is counted before it is decoded.
    if !is_chunk(bytes) && !entry.allow_frame() {
        return error(ErrorCode::RateLimited, "too many frames; slow down");
    }
    let event = match ClientFrame::decode(bytes) {
        Ok(ClientFrame::Event(event)) => event,
        Ok(ClientFrame::UploadStart {
            hid,
            upload,
            name,
            size,
            content_type,
            count,
        }) => {
            let reply = uploads.start(
                &*entry.session,
                hid,
                upload,
                &name,
                (size, &content_type, count),
            );
            return upload_reply(reply, entry, app);
        }
        Ok(ClientFrame::Chunk {
            upload,
            offset,
            bytes,
        }) => {
            return upload_reply(
                uploads.chunk(&*entry.session, upload, offset, &bytes),
                entry,
                app,
            );
        }
        Ok(ClientFrame::CancelUpload { upload }) => {
            uploads.cancel(upload);
            return Reply::Frames(Vec::new());
        }
        Ok(ClientFrame::Ping) => return Reply::Frame(server::pong()),
        Ok(ClientFrame::Navigate { url, same_path }) => {
            // Only the query changes: a component with a `params` hook is told, not remounted.
            let (_, query) = path_and_query(&url);
            if same_path && entry.session.change_query(query, server::url(&url, false)) {
                return Reply::Frames(Vec::new());
            }
            return Reply::Navigate(url);
        }
        Ok(ClientFrame::Hello { .. }) => {
            return error(ErrorCode::Malformed, "HELLO was already received");
        }
        // A kind no client sends is one no markup binds.
        Err(decode) if decode.is_unknown_kind() => {
            return error(ErrorCode::NotBound, &decode.to_string());
        }
        Err(decode) => return error(ErrorCode::Malformed, &decode.to_string()),
    };
    if let Some(lease) = entry.session.lease(&event) {
        return Reply::Leased(Box::new(event), lease);
    }
    dispatch(entry, app, &event)
}

/// Runs `event` in the session of `entry`: the answer to send, or the error.
pub(crate) fn dispatch(entry: &Entry, app: &AppState, event: &Event) -> Reply {
    // Made only for a subscriber that wants it: a span made anyway costs a call into `log`
    // at each step when tracing's `log` feature is on (sqlx turns it on), at every event.
    let span = if tracing::level_enabled!(tracing::Level::DEBUG) {
        tracing::debug_span!(
            "event",
            hid = event.hid.0,
            kind = %event.kind,
            handler = field::Empty,
            patches = field::Empty,
        )
    } else {
        tracing::Span::none()
    };
    let _entered = span.enter();
    match entry.session.dispatch(event) {
        Ok(report) => {
            if !span.is_disabled() {
                span.record("handler", report.handler);
                span.record("patches", report.patches);
            }
            tracing::debug!("event handled");
            // Every event gets one answer, so the page knows when it is done: its REPLY
            // frame, or an ACK.
            match report.reply {
                Sent::Direct(frame) => Reply::Frame(frame),
                Sent::Queued => Reply::Frames(Vec::new()),
                Sent::Nothing => Reply::Frame(server::ack()),
            }
        }
        Err(EventFailure::NotBound(refused)) => {
            tracing::debug!(%refused, "event refused");
            error(ErrorCode::NotBound, &refused.to_string())
        }
        Err(EventFailure::Panicked(message)) => handler_panicked(entry, app, &message),
    }
}

/// An ERROR frame for a frame refused, the connection kept.
fn error(code: ErrorCode, message: &str) -> Reply {
    Reply::Frame(server::error(code, message))
}

/// Ends the session of `entry`, whose handler panicked.
fn handler_panicked(entry: &Entry, app: &AppState, message: &str) -> Reply {
    tracing::error!(panic = %message, "handler panicked; ending the session");
    app.registry.remove(entry.session.id());
    Reply::Fatal(
        ErrorCode::HandlerPanicked,
        "the handler failed; the session has ended".to_owned(),
    )
}

/// The reply to an upload frame.
fn upload_reply(reply: UploadReply, entry: &Entry, app: &AppState) -> Reply {
    match reply.failed {
        Some(EventFailure::Panicked(message)) => handler_panicked(entry, app, &message),
        _ => Reply::Frames(reply.frames),
    }
}
