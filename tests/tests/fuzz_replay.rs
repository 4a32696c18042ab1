//! The fuzz targets on stable, in the normal test run: every file of `fuzz/corpus/<target>/` and
//! `fuzz/regressions/<target>/`, then a fixed-seed batch of random inputs, half pure random
//! bytes and half mutations of corpus files (so that the batch goes past the decoder into the
//! session). The bodies are the ones `cargo fuzz` runs (`hjx_tests::fuzz`); a failing input is
//! printed in hex, ready to be saved as a regression file.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use hjx_tests::fuzz;
use hjx_tests::fuzz::dispatch::Tally;

/// Random inputs per target, on top of the stored ones.
const BATCH: usize = 100_000;

/// A small, fixed-seed PRNG (SplitMix64): the same inputs on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `bound` (which is not 0).
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn byte(&mut self) -> u8 {
        self.next() as u8
    }
}

/// The files of `fuzz/<kind>/<target>/`, sorted by name; none if the folder is missing.
fn stored(kind: &str, target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz")
        .join(kind)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.is_file())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect()
}

/// `base` changed in one to four places: flipped bits, bytes set, inserted or removed, a tail
/// cut off, or a piece of `other` spliced in.
fn mutate(rng: &mut Rng, base: &[u8], other: &[u8], max_len: usize) -> Vec<u8> {
    let mut out = base.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if at < out.len() => out[at] ^= 1 << rng.below(8),
            1 if at < out.len() => out[at] = rng.byte(),
            2 => out.insert(at, rng.byte()),
            3 if at < out.len() => {
                out.remove(at);
            }
            4 => out.truncate(at),
            _ => {
                let from = rng.below(other.len() + 1);
                let len = rng.below(other.len() - from + 1).min(16);
                out.splice(at..at, other[from..from + len].iter().copied());
            }
        }
    }
    out.truncate(max_len);
    out
}

/// Runs `body` on one input; if it panics, fails naming the input: in hex when short, else
/// saved to a file.
fn run_one(target: &str, body: &mut dyn FnMut(&[u8]), what: &str, input: &[u8]) {
    if catch_unwind(AssertUnwindSafe(|| body(input))).is_ok() {
        return;
    }
    if input.len() <= 256 {
        panic!("fuzz target `{target}` failed on {what}: {input:02x?}");
    }
    let path = std::env::temp_dir().join(format!("hjx-fuzz-{target}-failure"));
    match std::fs::write(&path, input) {
        Ok(()) => panic!(
            "fuzz target `{target}` failed on {what}, saved to {}",
            path.display()
        ),
        Err(e) => panic!("fuzz target `{target}` failed on {what} (not saved: {e})"),
    }
}

/// Up to `max_len` random bytes.
fn random_bytes(rng: &mut Rng, max_len: usize) -> Vec<u8> {
    let len = rng.below(max_len + 1);
    (0..len).map(|_| rng.byte()).collect()
}

/// Up to `max_len` pieces of markup (keywords, punctuation, indentation, odd characters) in a
/// random order: random text that looks enough like `.hjx` to get past the first line.
fn random_markup(rng: &mut Rng, max_len: usize) -> Vec<u8> {
    const PIECES: &[&str] = &[
        "component X\n",
        "state:\n",
        "shared:\n",
        "layout:\n",
        "handlers:\n",
        "script:\n",
        "style:\n",
        "imports:\n",
        "  ",
        "    ",
        "\n",
        "\t",
        "\r\n",
        "view",
        "button",
        "text",
        "input",
        "for (",
        "if (",
        "else:",
        "else if (",
        "slot",
        " in ",
        ", key: ",
        "):",
        ":",
        " = ",
        "\"",
        "{{",
        "}}",
        "(",
        ")",
        "on click -> ",
        "bind value <-> ",
        "set ",
        "call ",
        "emit ",
        "log ",
        "count",
        "0",
        "1.5",
        "true",
        "[1, 2]",
        "Vec<u64>",
        ".cls",
        "#id",
        "=",
        "\"a{{b}}c\"",
        "# note",
        "// note",
        "é",
        "\u{0}",
        "}",
        "{",
        "->",
        "<->",
        ",",
        " from \"./A.hjx\"",
    ];
    (0..rng.below(max_len + 1))
        .flat_map(|_| PIECES[rng.below(PIECES.len())].bytes())
        .collect()
}

/// Replays the stored inputs of `target`, then [`BATCH`] random ones (from `random`, and
/// mutations of the corpus cut at `max_len` bytes).
fn replay(
    target: &str,
    body: &mut dyn FnMut(&[u8]),
    seed: u64,
    random: fn(&mut Rng) -> Vec<u8>,
    max_len: usize,
) {
    let corpus = stored("corpus", target);
    let regressions = stored("regressions", target);
    assert!(
        !corpus.is_empty(),
        "fuzz/corpus/{target}/ is missing or empty"
    );
    for (i, input) in corpus.iter().enumerate() {
        run_one(target, body, &format!("corpus file #{i}"), input);
    }
    for (i, input) in regressions.iter().enumerate() {
        run_one(target, body, &format!("regression file #{i}"), input);
    }
    let mut rng = Rng(seed);
    for i in 0..BATCH {
        let input = if i % 2 == 0 {
            random(&mut rng)
        } else {
            let base = &corpus[rng.below(corpus.len())];
            let other = &corpus[rng.below(corpus.len())];
            mutate(&mut rng, base, other, max_len)
        };
        run_one(
            target,
            body,
            &format!("random input #{i} (seed {seed})"),
            &input,
        );
    }
}

#[test]
fn frame_decoder_survives_its_corpus_and_random_frames() {
    replay(
        "frame",
        &mut fuzz::frame,
        0x6a78_0001,
        |rng| random_bytes(rng, 64),
        64,
    );
}

#[test]
fn session_dispatch_survives_its_corpus_and_random_frames() {
    let mut tally = Tally::default();
    replay(
        "dispatch",
        &mut |data| tally.add(fuzz::dispatch(data)),
        0x6a78_0002,
        |rng| random_bytes(rng, 256),
        256,
    );
    // The batch goes past the decoder: events run handlers and patch, others are refused.
    assert!(tally.accepted > tally.frames / 10, "{tally:?}");
    assert!(tally.patched > tally.frames / 20, "{tally:?}");
    assert!(tally.malformed > tally.frames / 20, "{tally:?}");
    assert!(tally.not_bound > tally.frames / 20, "{tally:?}");
    println!("{tally:?}");
}

#[test]
fn markup_parser_survives_its_corpus_and_random_text() {
    replay(
        "syntax",
        &mut fuzz::syntax,
        0x6a78_0003,
        |rng| match rng.below(2) {
            0 => random_bytes(rng, 128),
            _ => random_markup(rng, 64),
        },
        16 * 1024,
    );
}
