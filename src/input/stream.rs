//! Huge files as a stream of chunks that never cut a name or a sentence.
//!
//! A file larger than [`StreamOptions::above`] is not read whole: it is read
//! [`StreamOptions::chunk`] bytes at a time, and each chunk ends at the
//! best cut near its end, in this order of preference:
//! 1. a blank line (no sentence runs across one, and the normalised view
//!    never lets a name cross one either);
//! 2. a sentence boundary, as [`crate::text::sentence`] finds it, that no name
//!    crosses;
//! 3. a line break, then a space, that no name crosses;
//! 4. failing all of these (one endless word), a character boundary.
//!
//! "No name crosses" is asked of the caller (see [`ChunkReader::new`]),
//! who knows the gazetteer. Each chunk carries where it starts, in bytes
//! and in code points, so that its offsets can be moved to the file's.
//! Checks are those of [`crate::input::document`]: UTF-8 (or `lossy`), no NUL;
//! an error names the file and the line.

use crate::error::{Error, Result};
use crate::text::offsets::line_of;
use std::io::Read;
use std::path::{Path, PathBuf};

/// When and how files are streamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamOptions {
    /// Files larger than this many bytes are streamed.
    pub above: u64,
    /// About how many bytes a chunk holds.
    pub chunk: usize,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            above: 32 << 20,
            chunk: 4 << 20,
        }
    }
}

/// One piece of a streamed file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    pub text: String,
    /// Where it starts in the file, in bytes.
    pub byte_start: u64,
    /// Where it starts in the file's text, in code points.
    pub char_start: usize,
    /// Whether this is the file's last chunk.
    pub last: bool,
}

/// Reads a file as [`Chunk`]s.
pub struct ChunkReader<R, F> {
    reader: R,
    path: PathBuf,
    chunk: usize,
    lossy: bool,
    /// Whether a name crosses byte `at` of `text`.
    crosses: F,
    buf: Vec<u8>,
    eof: bool,
    done: bool,
    byte_start: u64,
    char_start: usize,
    /// Line breaks before `buf`, for error messages.
    lines_before: usize,
    /// Set when lossy decoding replaced something, for a warning.
    pub replaced: bool,
}

impl<R: Read, F: Fn(&str, usize) -> bool> ChunkReader<R, F> {
    pub fn new(reader: R, path: &Path, chunk: usize, lossy: bool, crosses: F) -> Self {
        ChunkReader {
            reader,
            path: path.to_owned(),
            chunk: chunk.max(64),
            lossy,
            crosses,
            buf: Vec::new(),
            eof: false,
            done: false,
            byte_start: 0,
            char_start: 0,
            lines_before: 0,
            replaced: false,
        }
    }

    fn fill(&mut self) -> Result<()> {
        let goal = self.chunk + LOOKAHEAD;
        while !self.eof && self.buf.len() < goal {
            let want = goal - self.buf.len();
            let at = self.buf.len();
            self.buf.resize(at + want, 0);
            match self.reader.read(&mut self.buf[at..]) {
                Ok(0) => {
                    self.buf.truncate(at);
                    self.eof = true;
                }
                Ok(n) => self.buf.truncate(at + n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => self.buf.truncate(at),
                Err(e) => {
                    self.buf.truncate(at);
                    self.done = true;
                    return Err(Error::io(&self.path, e));
                }
            }
        }
        Ok(())
    }

    /// The next chunk, or `None` after the last.
    pub fn next_chunk(&mut self) -> Result<Option<Chunk>> {
        if self.done {
            return Ok(None);
        }
        self.fill()?;
        let utf16 = self.buf.starts_with(&[0xFF, 0xFE]) || self.buf.starts_with(&[0xFE, 0xFF]);
        if self.byte_start == 0 && utf16 {
            self.done = true;
            return Err(Error::NotStreamable {
                path: self.path.clone(),
            });
        }
        // Chunks keep their size at the end too: the look-ahead is cut off.
        let cut = if self.eof && self.buf.len() <= self.chunk {
            self.buf.len()
        } else {
            self.cut()
        };
        let rest = self.buf.split_off(cut);
        let bytes = std::mem::replace(&mut self.buf, rest);
        let text = self.decode(bytes)?;
        let chunk = Chunk {
            byte_start: self.byte_start,
            char_start: self.char_start,
            last: self.eof && self.buf.is_empty(),
            text,
        };
        self.byte_start += cut as u64;
        self.char_start += chunk.text.chars().count();
        self.lines_before += chunk.text.bytes().filter(|&b| b == b'\n').count();
        self.done = chunk.last;
        Ok(Some(chunk))
    }

    fn decode(&mut self, bytes: Vec<u8>) -> Result<String> {
        if let Some(k) = bytes.iter().position(|&b| b == 0) {
            self.done = true;
            return Err(Error::Binary {
                path: self.path.clone(),
                byte: self.byte_start as usize + k,
            });
        }
        match String::from_utf8(bytes) {
            Ok(t) => Ok(t),
            Err(e) if self.lossy => {
                self.replaced = true;
                Ok(String::from_utf8_lossy(e.as_bytes()).into_owned())
            }
            Err(e) => {
                self.done = true;
                let at = e.utf8_error().valid_up_to();
                Err(Error::NotUtf8 {
                    path: self.path.clone(),
                    line: self.lines_before + line_of(e.as_bytes(), at),
                    byte: self.byte_start as usize + at,
                })
            }
        }
    }

    /// Where to end the chunk in `buf` (full, not at the end of the file):
    /// within its first `chunk` bytes, the rest being look-ahead.
    fn cut(&self) -> usize {
        let buf = &self.buf;
        let full = self.chunk.min(buf.len());
        // Look for a cut in the last half only, so chunks stay large.
        let floor = full / 2;
        if let Some(at) = blank_line_before(&buf[..full], floor) {
            return at;
        }
        // Sentences and spaces are looked for near the end only: splitting
        // half a chunk into sentences for every cut would cost as much as
        // annotating it, on the one thread that reads.
        let floor = floor.max(full.saturating_sub(WINDOW));
        // The window searched for sentences and spaces: valid UTF-8 from a
        // character start, which a chunk cut at an invalid byte (lossy) may
        // not have; then the checks simply find nothing. It runs on into
        // the look-ahead, so that a name the read has not finished is seen
        // whole when a cut is checked against it.
        let start = (floor..full)
            .find(|&k| !is_continuation(buf[k]))
            .unwrap_or(floor);
        let end = (start..=buf.len())
            .rev()
            .find(|&k| k == buf.len() || !is_continuation(buf[k]))
            .unwrap_or(buf.len());
        let window = match std::str::from_utf8(&buf[start..end]) {
            Ok(w) => w,
            Err(e) => std::str::from_utf8(&buf[start..start + e.valid_up_to()]).unwrap_or(""),
        };
        // Cuts fall within the chunk; the look-ahead is for checking only.
        let limit = (full - start).min(window.len());
        let safe = |at: usize| !(self.crosses)(window, at);
        let sentences = crate::text::sentence::split(window, &[]);
        if let Some(at) = sentences
            .iter()
            .skip(1)
            .rev()
            .map(|s| s.start)
            .filter(|&at| at <= limit)
            .find(|&at| safe(at))
        {
            return start + at;
        }
        for sep in [b'\n', b' '] {
            let found = window
                .bytes()
                .enumerate()
                .rev()
                .filter(|&(_, b)| b == sep)
                .map(|(k, _)| k + 1)
                .find(|&at| at < limit && safe(at));
            if let Some(at) = found {
                return start + at;
            }
        }
        // One word half a chunk long: any character boundary will do.
        (floor..full)
            .rev()
            .find(|&k| !is_continuation(buf[k]))
            .filter(|&k| k > 0)
            .unwrap_or(full)
    }
}

impl<R: Read, F: Fn(&str, usize) -> bool> Iterator for ChunkReader<R, F> {
    type Item = Result<Chunk>;

    fn next(&mut self) -> Option<Result<Chunk>> {
        self.next_chunk().transpose()
    }
}

/// How far back from a full chunk's end a sentence or space cut is looked
/// for; a window without one falls back to a character boundary.
const WINDOW: usize = 64 << 10;

/// How much is read beyond a chunk's end before it is cut: a name that
/// runs on past the bytes read so far is invisible without it, and a cut
/// inside it would look safe. Twice what `Annotator::name_crosses` looks
/// at either side of a cut.
const LOOKAHEAD: usize = 8 << 10;

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The start of the last line after a blank line (a line of nothing but
/// spaces and tabs), searching back to `floor`.
fn blank_line_before(buf: &[u8], floor: usize) -> Option<usize> {
    for k in (floor..buf.len()).rev() {
        if buf[k] == b'\n' {
            // A blank line ends here if only blanks stand between this
            // break and the one before.
            let mut j = k;
            while j > floor && matches!(buf[j - 1], b' ' | b'\t' | b'\r') {
                j -= 1;
            }
            if j > floor && buf[j - 1] == b'\n' {
                return Some(k + 1);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(text: &str, size: usize, crosses: impl Fn(&str, usize) -> bool) -> Vec<Chunk> {
        ChunkReader::new(text.as_bytes(), Path::new("t.txt"), size, false, crosses)
            .collect::<Result<Vec<_>>>()
            .unwrap()
    }

    fn never(_: &str, _: usize) -> bool {
        false
    }

    /// (text, chunk size, expected chunk texts)
    const CASES: &[(&str, usize, &[&str])] = &[
        ("short", 64, &["short"]),
        ("", 64, &[""]),
        // A blank line is the preferred cut.
        (
            "First para goes on and on here.\n\nSecond para also goes on and on.",
            64,
            &["First para goes on and on here.\n\n", "Second para also goes on and on."],
        ),
        // Then a sentence start.
        (
            "Alpha beta gamma delta epsilon zeta. Eta theta iota. Kappa lambda mu nu xi omicron pi.",
            64,
            &["Alpha beta gamma delta epsilon zeta. Eta theta iota. ", "Kappa lambda mu nu xi omicron pi."],
        ),
        // Then a space.
        (
            "One sentence is here now. Another sentence follows it closely, and more words.",
            64,
            &["One sentence is here now. Another sentence follows it closely, ", "and more words."],
        ),
    ];

    #[test]
    fn cut_cases() {
        for (text, size, want) in CASES {
            let got: Vec<String> = chunks(text, *size, never)
                .into_iter()
                .map(|c| c.text)
                .collect();
            assert_eq!(&got, want, "{text:?}");
        }
    }

    #[test]
    fn chunks_tile_the_text_with_their_offsets() {
        let text = "Über Kyrgyzstan. ".repeat(50) + "\n\n" + &"Москва и Бишкек. ".repeat(40);
        let got = chunks(&text, 100, never);
        assert!(got.len() > 5);
        let mut joined = String::new();
        for c in &got {
            assert_eq!(c.byte_start as usize, joined.len());
            assert_eq!(c.char_start, joined.chars().count());
            joined.push_str(&c.text);
        }
        assert_eq!(joined, text);
        assert!(got.last().unwrap().last);
    }

    #[test]
    fn a_cut_never_falls_inside_a_name() {
        // No sentence ends or blank lines: cuts fall at spaces, never
        // inside "Central Asia".
        let text = "words about Central Asia and more ".repeat(30);
        let crosses = |w: &str, at: usize| {
            w.match_indices("Central Asia")
                .any(|(s, m)| s < at && at < s + m.len())
        };
        for c in chunks(&text, 80, crosses) {
            assert!(!c.text.ends_with("Central "), "{:?}", c.text);
        }
    }

    #[test]
    fn errors_name_the_line_across_chunks() {
        let mut bytes = "line\n".repeat(100).into_bytes();
        bytes.extend_from_slice(b"bad \xff byte\n");
        let r: Result<Vec<Chunk>> =
            ChunkReader::new(&bytes[..], Path::new("t.txt"), 64, false, never).collect();
        match r {
            Err(Error::NotUtf8 {
                line: 101,
                byte: 504,
                ..
            }) => {}
            other => panic!("{other:?}"),
        }
        let r: Result<Vec<Chunk>> =
            ChunkReader::new(&b"ab\0"[..], Path::new("t.txt"), 64, false, never).collect();
        assert!(matches!(r, Err(Error::Binary { byte: 2, .. })));
    }
}
