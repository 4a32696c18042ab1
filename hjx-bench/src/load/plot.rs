//! A line plot of samples as a PNG, for the soak run's memory figure: axes from zero, a grid,
//! tick labels in a small built-in digit font, the samples as a line with a dot each. No
//! plotting crate: the image is drawn into a pixel buffer and encoded here (PNG chunks, zlib by
//! `flate2`, the crate that already gzips the client).

use std::io::{self, Write as _};
use std::path::Path;

use flate2::Compression;
use flate2::write::ZlibEncoder;

const WIDTH: usize = 900;
const HEIGHT: usize = 420;
const LEFT: usize = 70;
const RIGHT: usize = 20;
const TOP: usize = 20;
const BOTTOM: usize = 40;

type Rgb = [u8; 3];
const WHITE: Rgb = [255, 255, 255];
const GRID: Rgb = [226, 230, 236];
const AXIS: Rgb = [90, 96, 105];
const LINE: Rgb = [37, 99, 235];

/// Writes `samples` (x, y) as a PNG line plot to `path`; x runs 0..`x_max` with a grid line
/// every `x_step`, y 0..`y_max` every `y_step`; tick labels are whole numbers.
pub fn line_plot(
    path: &Path,
    samples: &[(f64, f64)],
    (x_max, x_step): (f64, f64),
    (y_max, y_step): (f64, f64),
) -> io::Result<()> {
    let mut image = Image::new();
    let plot_w = (WIDTH - LEFT - RIGHT) as f64;
    let plot_h = (HEIGHT - TOP - BOTTOM) as f64;
    let px = |x: f64| LEFT as f64 + (x / x_max).clamp(0.0, 1.0) * plot_w;
    let py = |y: f64| (HEIGHT - BOTTOM) as f64 - (y / y_max).clamp(0.0, 1.0) * plot_h;
    let mut x = 0.0;
    while x <= x_max + 1e-9 {
        let at = px(x).round() as usize;
        image.vline(at, TOP, HEIGHT - BOTTOM, GRID);
        image.number(at, HEIGHT - BOTTOM + 8, x.round() as u64, true);
        x += x_step;
    }
    let mut y = 0.0;
    while y <= y_max + 1e-9 {
        let at = py(y).round() as usize;
        image.hline(LEFT, WIDTH - RIGHT, at, GRID);
        image.number(LEFT - 8, at.saturating_sub(3), y.round() as u64, false);
        y += y_step;
    }
    image.vline(LEFT, TOP, HEIGHT - BOTTOM, AXIS);
    image.hline(LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, AXIS);
    for pair in samples.windows(2) {
        image.line(
            (px(pair[0].0), py(pair[0].1)),
            (px(pair[1].0), py(pair[1].1)),
        );
    }
    for &(x, y) in samples {
        image.dot(px(x), py(y));
    }
    std::fs::write(path, image.encode()?)
}

struct Image(Vec<u8>);

impl Image {
    fn new() -> Image {
        Image(WHITE.repeat(WIDTH * HEIGHT))
    }

    fn set(&mut self, x: usize, y: usize, color: Rgb) {
        if x < WIDTH && y < HEIGHT {
            let at = (y * WIDTH + x) * 3;
            self.0[at..at + 3].copy_from_slice(&color);
        }
    }

    fn hline(&mut self, from: usize, to: usize, y: usize, color: Rgb) {
        for x in from..=to {
            self.set(x, y, color);
        }
    }

    fn vline(&mut self, x: usize, from: usize, to: usize, color: Rgb) {
        for y in from..=to {
            self.set(x, y, color);
        }
    }

    /// A line two pixels wide.
    fn line(&mut self, (x0, y0): (f64, f64), (x1, y1): (f64, f64)) {
        let steps = (x1 - x0).abs().max((y1 - y0).abs()).ceil().max(1.0) as usize;
        for step in 0..=steps {
            let t = step as f64 / steps as f64;
            let (x, y) = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
            let (x, y) = (x.round() as usize, y.round() as usize);
            self.set(x, y, LINE);
            self.set(x, y + 1, LINE);
        }
    }

    fn dot(&mut self, x: f64, y: f64) {
        let (x, y) = (x.round() as usize, y.round() as usize);
        for dy in 0..5 {
            for dx in 0..5 {
                self.set((x + dx).saturating_sub(2), (y + dy).saturating_sub(2), LINE);
            }
        }
    }

    /// `value` in the 3×5 digit font, scaled 2×: centred on `x` (`centred`) or ending at it.
    fn number(&mut self, x: usize, y: usize, value: u64, centred: bool) {
        let digits: Vec<usize> = value
            .to_string()
            .bytes()
            .map(|digit| usize::from(digit - b'0'))
            .collect();
        let width = digits.len() * 8 - 2;
        let start = if centred {
            x.saturating_sub(width / 2)
        } else {
            x.saturating_sub(width)
        };
        for (index, digit) in digits.into_iter().enumerate() {
            for (row, bits) in FONT[digit].iter().enumerate() {
                for column in 0..3 {
                    if bits & (0b100 >> column) != 0 {
                        for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                            self.set(start + index * 8 + column * 2 + dx, y + row * 2 + dy, AXIS);
                        }
                    }
                }
            }
        }
    }

    /// The image as a PNG: 8-bit RGB, every row unfiltered, zlib-compressed.
    fn encode(&self) -> io::Result<Vec<u8>> {
        let mut raw = Vec::with_capacity((WIDTH * 3 + 1) * HEIGHT);
        for row in self.0.chunks(WIDTH * 3) {
            raw.push(0);
            raw.extend_from_slice(row);
        }
        let mut zlib = ZlibEncoder::new(Vec::new(), Compression::best());
        zlib.write_all(&raw)?;
        let data = zlib.finish()?;
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut header = Vec::new();
        header.extend_from_slice(&u32::try_from(WIDTH).unwrap_or(0).to_be_bytes());
        header.extend_from_slice(&u32::try_from(HEIGHT).unwrap_or(0).to_be_bytes());
        header.extend_from_slice(&[8, 2, 0, 0, 0]);
        chunk(&mut png, b"IHDR", &header);
        chunk(&mut png, b"IDAT", &data);
        chunk(&mut png, b"IEND", &[]);
        Ok(png)
    }
}

/// Appends a PNG chunk: length, type, data, CRC-32 of type and data.
fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_be_bytes());
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    png.extend_from_slice(&crc.sum().to_be_bytes());
}

/// The digits 0–9, five rows of three bits each.
const FONT: [[u8; 5]; 10] = [
    [0b111, 0b101, 0b101, 0b101, 0b111],
    [0b010, 0b110, 0b010, 0b010, 0b111],
    [0b111, 0b001, 0b111, 0b100, 0b111],
    [0b111, 0b001, 0b111, 0b001, 0b111],
    [0b101, 0b101, 0b111, 0b001, 0b001],
    [0b111, 0b100, 0b111, 0b001, 0b111],
    [0b111, 0b100, 0b111, 0b101, 0b111],
    [0b111, 0b001, 0b010, 0b010, 0b010],
    [0b111, 0b101, 0b111, 0b101, 0b111],
    [0b111, 0b101, 0b111, 0b001, 0b111],
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plot_is_a_png_of_the_stated_size() {
        let path = std::env::temp_dir().join(format!("hjx-plot-{}.png", std::process::id()));
        line_plot(
            &path,
            &[(0.0, 10.0), (60.0, 12.0), (120.0, 11.0)],
            (120.0, 60.0),
            (20.0, 5.0),
        )
        .expect("written");
        let png = std::fs::read(&path).expect("read");
        let _ = std::fs::remove_file(&path);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(
            u32::from_be_bytes([png[16], png[17], png[18], png[19]]),
            900
        );
        assert_eq!(&png[png.len() - 8..png.len() - 4], b"IEND");
    }
}
