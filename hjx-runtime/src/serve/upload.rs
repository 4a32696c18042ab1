//! Uploads over a page's socket: each file of a file input bound with `on upload` arrives in
//! chunks, is checked against the input's limits before a byte is stored, is written to a
//! temporary file as it comes, and runs the binding's handler once whole.
//!
//! The page numbers its uploads and sends UPLOAD `[4, hid, upload, name, size, type, count]`,
//! then chunks `[5, upload, offset, bytes]` in order; each stored chunk is acknowledged with the
//! EVENT `hjx-uploaded` `[upload, received]`, which paces the page (a few chunks in flight) and
//! drives its progress. A refusal, a chunk out of order, more bytes than declared or a write
//! that fails answer the EVENT `hjx-upload-refused` `[upload, message]` and drop the upload
//! with its file. Memory stays bounded: a
//! chunk is written before the next frame is read, and a socket holds at most
//! [`MAX_OPEN`] uploads at once. The files of uploads left unfinished go with the socket.

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::path::PathBuf;

use crate::live::session::{AnySession, EventFailure};
use crate::live::session_id::SessionId;
use crate::model::event::{Event, EventKind, EventPayload};
use crate::model::patch::HydrationId;
use crate::model::upload::UploadedFile;
use crate::protocol::server;

/// The most uploads one socket may have open at once.
pub(crate) const MAX_OPEN: usize = 8;

/// The longest file name kept, in characters.
const MAX_NAME: usize = 255;

/// A socket's uploads in progress.
#[derive(Default)]
pub(crate) struct Uploads {
    open: HashMap<u32, Open>,
}

/// One upload in progress: its file, partly written.
struct Open {
    hid: HydrationId,
    name: String,
    content_type: String,
    size: u64,
    received: u64,
    file: File,
    path: PathBuf,
}

impl Drop for Open {
    fn drop(&mut self) {
        // A finished upload has moved its file into an `UploadedFile` (and emptied `path`).
        if !self.path.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// What the socket answers for an upload frame, and whether the session ended (a handler
/// panicked).
pub(crate) struct UploadReply {
    pub(crate) frames: Vec<Vec<u8>>,
    pub(crate) failed: Option<EventFailure>,
}

impl UploadReply {
    fn frame(frame: Vec<u8>) -> UploadReply {
        UploadReply {
            frames: vec![frame],
            failed: None,
        }
    }
}

impl Uploads {
    /// Starts upload `upload` of the input `hid`, if the session's component binds it with
    /// `on upload` and its limits accept the file.
    pub(crate) fn start(
        &mut self,
        session: &dyn AnySession,
        hid: HydrationId,
        upload: u32,
        name: &str,
        (size, content_type, count): (u64, &str, u32),
    ) -> UploadReply {
        let refuse = |message: &str| UploadReply::frame(server::upload_refused(upload, message));
        if self.open.contains_key(&upload) {
            return refuse("this upload has already started");
        }
        if self.open.len() >= MAX_OPEN {
            return refuse("too many uploads at once; wait for one to finish");
        }
        let Some(limits) = session.upload_limits(hid) else {
            return refuse("this element takes no uploads");
        };
        let name: String = name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or_default()
            .chars()
            .take(MAX_NAME)
            .collect();
        if let Some(reason) = limits.refusal(&name, size, content_type, count) {
            return refuse(&reason);
        }
        let (file, path) = match temporary_file() {
            Ok(created) => created,
            Err(error) => {
                tracing::error!(%error, "cannot create a file for an upload");
                return refuse("the server cannot store files now");
            }
        };
        self.open.insert(
            upload,
            Open {
                hid,
                name,
                content_type: content_type.to_owned(),
                size,
                received: 0,
                file,
                path,
            },
        );
        if size == 0 {
            return self.finish(session, upload);
        }
        UploadReply::frame(server::uploaded(upload, 0))
    }

    /// Stores the chunk of `upload` at `offset`; runs the binding's handler once the file is
    /// whole.
    pub(crate) fn chunk(
        &mut self,
        session: &dyn AnySession,
        upload: u32,
        offset: u64,
        bytes: &[u8],
    ) -> UploadReply {
        let Some(open) = self.open.get_mut(&upload) else {
            return UploadReply::frame(server::upload_refused(upload, "no such upload"));
        };
        let problem = if offset != open.received {
            Some("a chunk arrived out of order")
        } else if open.received + bytes.len() as u64 > open.size {
            Some("the file is larger than its declared size")
        } else if let Err(error) = open.file.write_all(bytes) {
            tracing::error!(%error, "cannot write an upload");
            Some("the server cannot store files now")
        } else {
            None
        };
        if let Some(problem) = problem {
            self.open.remove(&upload);
            return UploadReply::frame(server::upload_refused(upload, problem));
        }
        open.received += bytes.len() as u64;
        if open.received == open.size {
            return self.finish(session, upload);
        }
        UploadReply::frame(server::uploaded(upload, open.received))
    }

    /// Drops `upload` and its file.
    pub(crate) fn cancel(&mut self, upload: u32) {
        self.open.remove(&upload);
    }

    /// Hands the whole file of `upload` to its binding's handler.
    fn finish(&mut self, session: &dyn AnySession, upload: u32) -> UploadReply {
        let Some(mut open) = self.open.remove(&upload) else {
            return UploadReply::frame(server::upload_refused(upload, "no such upload"));
        };
        if let Err(error) = open.file.flush() {
            tracing::error!(%error, "cannot write an upload");
            return UploadReply::frame(server::upload_refused(
                upload,
                "the server cannot store files now",
            ));
        }
        let path = std::mem::take(&mut open.path);
        let file = UploadedFile::new(
            std::mem::take(&mut open.name),
            open.size,
            std::mem::take(&mut open.content_type),
            path,
        );
        let event = Event {
            hid: open.hid,
            kind: EventKind::Upload,
            payload: EventPayload::Files(vec![file]),
        };
        match session.dispatch_server(&event) {
            Ok(_) => UploadReply::frame(server::uploaded(upload, open.size)),
            Err(EventFailure::NotBound(refused)) => {
                UploadReply::frame(server::upload_refused(upload, &refused.to_string()))
            }
            Err(failed) => UploadReply {
                frames: Vec::new(),
                failed: Some(failed),
            },
        }
    }
}

/// A new, empty file of its own in the uploads folder of the system's temporary directory.
fn temporary_file() -> std::io::Result<(File, PathBuf)> {
    let dir = std::env::temp_dir().join("hjx-uploads");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(SessionId::random().to_string());
    // `create_new`: never opens a file that is already there.
    let file = File::options().write(true).create_new(true).open(&path)?;
    Ok((file, path))
}
