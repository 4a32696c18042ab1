//! Files uploaded from a file input: what a handler bound with `on upload` receives, and the
//! limits the server holds a file to before any of it is stored.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A file that arrived whole from a file input, stored in a temporary file: its name, size and
/// content type as the browser gave them, and its path. The temporary file is removed when the
/// last clone of this value is dropped, unless [`persist`](UploadedFile::persist) moved it.
#[derive(Clone)]
pub struct UploadedFile {
    inner: Arc<Stored>,
}

struct Stored {
    name: String,
    size: u64,
    content_type: String,
    path: PathBuf,
    kept: AtomicBool,
}

impl Drop for Stored {
    fn drop(&mut self) {
        if !self.kept.load(Ordering::Acquire) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl fmt::Debug for UploadedFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadedFile")
            .field("name", &self.inner.name)
            .field("size", &self.inner.size)
            .field("content_type", &self.inner.content_type)
            .field("path", &self.inner.path)
            .finish()
    }
}

impl PartialEq for UploadedFile {
    fn eq(&self, other: &Self) -> bool {
        self.inner.path == other.inner.path
    }
}

impl Eq for UploadedFile {}

impl UploadedFile {
    /// A file stored at `path`, which this value now owns.
    pub fn new(name: String, size: u64, content_type: String, path: PathBuf) -> UploadedFile {
        UploadedFile {
            inner: Arc::new(Stored {
                name,
                size,
                content_type,
                path,
                kept: AtomicBool::new(false),
            }),
        }
    }

    /// The file's name, as the browser gave it (never a path: anything up to the last `/` or
    /// `\` is left out). Treat it as user input.
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// Its size in bytes.
    pub fn size(&self) -> u64 {
        self.inner.size
    }

    /// Its content type, as the browser gave it (`image/png`; empty when the browser had none).
    pub fn content_type(&self) -> &str {
        &self.inner.content_type
    }

    /// Where its bytes are stored for now.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Reads the whole file.
    pub fn read(&self) -> io::Result<Vec<u8>> {
        std::fs::read(&self.inner.path)
    }

    /// Moves the file to `to`, for good: it is no longer removed when this value is dropped.
    /// (Copies and removes it when `to` is on another file system.)
    pub fn persist(&self, to: impl AsRef<Path>) -> io::Result<()> {
        let to = to.as_ref();
        if std::fs::rename(&self.inner.path, to).is_err() {
            std::fs::copy(&self.inner.path, to)?;
            std::fs::remove_file(&self.inner.path)?;
        }
        self.inner.kept.store(true, Ordering::Release);
        Ok(())
    }
}

/// What a file input accepts, checked by the server before it stores a byte: set in the markup
/// by `on upload.max_mb(n).max_files(n)` and the input's `accept` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UploadLimits {
    /// The largest file, in bytes.
    pub max_bytes: u64,
    /// The most files one selection may hold.
    pub max_files: u32,
    /// The input's `accept` list (`image/*,.pdf`); empty for any type.
    pub accept: &'static str,
}

impl UploadLimits {
    /// The limits when the markup gives none: 10 MiB a file, 10 files, any type.
    pub const DEFAULT: UploadLimits = UploadLimits {
        max_bytes: 10 * 1024 * 1024,
        max_files: 10,
        accept: "",
    };

    /// Why a selection of `count` files holding this one (`name`, `size` bytes, `content_type`)
    /// is refused, as the page shows it; `None` when it is accepted.
    pub fn refusal(&self, name: &str, size: u64, content_type: &str, count: u32) -> Option<String> {
        if count > self.max_files {
            return Some(format!(
                "Choose at most {} file{}.",
                self.max_files,
                if self.max_files == 1 { "" } else { "s" }
            ));
        }
        if size > self.max_bytes {
            return Some(format!(
                "{name} is too large: at most {} MB.",
                self.max_bytes.div_ceil(1024 * 1024)
            ));
        }
        if !self.accepts(name, content_type) {
            return Some(format!(
                "{name} is not a type this form takes ({}).",
                self.accept
            ));
        }
        None
    }

    /// Whether `accept` lets the file through, as a browser reads the attribute: an extension
    /// (`.pdf`, any case), a MIME type (`image/png`) or a family (`image/*`).
    pub fn accepts(&self, name: &str, content_type: &str) -> bool {
        let accept = self.accept.trim();
        if accept.is_empty() {
            return true;
        }
        let content_type = content_type.to_ascii_lowercase();
        let name = name.to_ascii_lowercase();
        accept.split(',').map(str::trim).any(|entry| {
            let entry = entry.to_ascii_lowercase();
            if entry.starts_with('.') {
                name.ends_with(&entry)
            } else if let Some(family) = entry.strip_suffix("/*") {
                content_type
                    .split_once('/')
                    .is_some_and(|(kind, _)| kind == family)
            } else {
                !entry.is_empty() && content_type == entry
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_refuse_with_a_reason_the_page_can_show() {
        let limits = UploadLimits {
            max_bytes: 2 * 1024 * 1024,
            max_files: 2,
            accept: "image/*, .pdf",
        };
        assert_eq!(limits.refusal("a.png", 10, "image/png", 1), None);
        assert_eq!(limits.refusal("A.PDF", 10, "", 2), None);
        assert_eq!(
            limits.refusal("a.png", 10, "image/png", 3).as_deref(),
            Some("Choose at most 2 files.")
        );
        assert_eq!(
            limits
                .refusal("big.png", 3 * 1024 * 1024, "image/png", 1)
                .as_deref(),
            Some("big.png is too large: at most 2 MB.")
        );
        assert_eq!(
            limits
                .refusal("x.exe", 10, "application/x-msdownload", 1)
                .as_deref(),
            Some("x.exe is not a type this form takes (image/*, .pdf).")
        );
        assert!(UploadLimits::DEFAULT.accepts("anything", ""));
    }

    #[test]
    fn a_file_is_removed_with_its_last_value_unless_persisted() {
        let dir = std::env::temp_dir().join(format!("hjx-upload-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("one");
        std::fs::write(&path, b"hello").expect("write");
        let file = UploadedFile::new("one.txt".into(), 5, "text/plain".into(), path.clone());
        let copy = file.clone();
        drop(file);
        assert!(path.exists(), "a clone still holds it");
        assert_eq!(copy.read().expect("read"), b"hello");
        drop(copy);
        assert!(!path.exists());

        std::fs::write(&path, b"kept").expect("write");
        let file = UploadedFile::new("two.txt".into(), 4, "text/plain".into(), path.clone());
        let kept = dir.join("kept");
        file.persist(&kept).expect("persist");
        drop(file);
        assert_eq!(std::fs::read(&kept).expect("read"), b"kept");
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
