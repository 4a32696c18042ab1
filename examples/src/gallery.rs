//! A drawing gallery: a canvas hook (JavaScript interop both ways), client commands, a
//! gallery every visitor shares, drawn by the server as SVG, and photo uploads with progress.
//!
//! The hook's script (`gallery/sketch.js`) goes into every page's head with [`Live::head`];
//! the page loads the client's second file (hooks and commands) because the markup uses them.

use hjx_runtime::{Head, Live, Store, UploadedFile, include_hjx};

/// A saved drawing: its strokes as one SVG path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sketch {
    /// Its ID, in order of saving.
    pub id: u64,
    /// Its title (`Untitled` when none was given).
    pub title: String,
    /// The SVG path of its strokes (`M x y L x y …`, one `M` a stroke).
    pub path: String,
}

impl Sketch {
    /// The drawing `id` of `strokes` (each `"x,y x,y …"`, as checked by [`checked_stroke`]).
    pub fn new(id: u64, title: &str, strokes: &[String]) -> Sketch {
        let mut path = String::new();
        for stroke in strokes {
            for (i, point) in stroke.split(' ').enumerate() {
                let (x, y) = point.split_once(',').unwrap_or(("0", "0"));
                let step = if i == 0 { 'M' } else { 'L' };
                path.push_str(&format!("{step}{x} {y} "));
            }
        }
        let title = title.trim();
        Sketch {
            id,
            title: if title.is_empty() {
                "Untitled".to_owned()
            } else {
                title.chars().take(60).collect()
            },
            path: path.trim_end().to_owned(),
        }
    }
}

/// A photo uploaded in this session: kept in its temporary file while the session lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    /// Its number in the session.
    pub id: u64,
    /// Its name, as the browser gave it.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// The FNV-1a 64 hash of its bytes, in hex: what arrived, to compare with what was sent.
    pub checksum: String,
    /// The file.
    pub file: UploadedFile,
}

impl Photo {
    /// The photo `id` of `file`, read once for its checksum. (A large file is read under the
    /// session's lock here; an app doing more with it would hand it to async work.)
    pub fn new(id: u64, file: UploadedFile) -> Photo {
        let checksum = match file.read() {
            Ok(bytes) => format!("{:016x}", fnv1a64(&bytes)),
            Err(error) => format!("unreadable: {error}"),
        };
        Photo {
            id,
            name: file.name().to_owned(),
            size: file.size(),
            checksum,
            file,
        }
    }
}

/// FNV-1a 64 of `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The canvas's size, which every point must fall in.
pub const WIDTH: u32 = 480;
/// See [`WIDTH`].
pub const HEIGHT: u32 = 320;
/// The most points in one stroke.
pub const MAX_POINTS: usize = 2_000;
/// The most strokes in one drawing.
pub const MAX_STROKES: usize = 200;

/// A stroke sent by the canvas hook (`"x,y x,y …"`, at least two points on the canvas), in
/// canonical form; or what is wrong with it. `held` is how many strokes the drawing has.
pub fn checked_stroke(points: &str, held: usize) -> Result<String, String> {
    if held >= MAX_STROKES {
        return Err(format!("A drawing holds at most {MAX_STROKES} strokes."));
    }
    let mut out = Vec::new();
    for point in points.split_whitespace() {
        if out.len() == MAX_POINTS {
            return Err(format!("A stroke holds at most {MAX_POINTS} points."));
        }
        let parsed = point
            .split_once(',')
            .and_then(|(x, y)| Some((x.parse::<u32>().ok()?, y.parse::<u32>().ok()?)));
        match parsed {
            Some((x, y)) if x <= WIDTH && y <= HEIGHT => out.push(format!("{x},{y}")),
            _ => return Err("That stroke could not be read.".to_owned()),
        }
    }
    if out.len() < 2 {
        return Err("That stroke could not be read.".to_owned());
    }
    Ok(out.join(" "))
}

include_hjx!("gallery/Studio.hjx");

/// The hook's script, for the page's head.
pub const SKETCH_JS: &str = include_str!("gallery/sketch.js");

/// The gallery app: the studio at `/`, with the hook's script in every page's head.
pub fn live() -> Live {
    Live::new()
        .head(&format!("<script>{SKETCH_JS}</script>"))
        .mount::<Studio>("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strokes_are_checked_and_drawn_as_one_path() {
        assert_eq!(checked_stroke("1,2  3,4", 0).as_deref(), Ok("1,2 3,4"));
        assert!(checked_stroke("1,2", 0).is_err());
        assert!(checked_stroke("1,2 999,4", 0).is_err());
        assert!(checked_stroke("1,2 x,4", 0).is_err());
        assert!(checked_stroke("1,2 3,4", MAX_STROKES).is_err());
        let sketch = Sketch::new(3, "  ", &["1,2 3,4".to_owned(), "5,6 7,8 9,9".to_owned()]);
        assert_eq!(sketch.title, "Untitled");
        assert_eq!(sketch.path, "M1 2 L3 4 M5 6 L7 8 L9 9");
    }
}
