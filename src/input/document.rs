//! Documents: an id and the text exactly as stored, read and checked.
//!
//! gazet never changes the text it reports offsets into. A document is the
//! file's bytes, which must be UTF-8; a byte-order mark is kept as the
//! character U+FEFF at offset 0, as Python's `utf-8` codec does. Two
//! exceptions, both announced:
//! - a file that starts with a UTF-16 byte-order mark is decoded as UTF-16,
//!   without the mark (as Python's `utf-16` codec does), and offsets count
//!   the code points of the decoded text;
//! - with [`ReadOptions::lossy`], invalid UTF-8 becomes U+FFFD, one for
//!   each maximal invalid sequence (as Python's `errors="replace"`), and
//!   offsets count the code points of that text.

use crate::error::{Error, Result};
use crate::input::stream::StreamOptions;
use crate::text::offsets::line_of;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest file read whole when a [`Document`] is asked for (256 MiB):
/// the whole document is held in memory with its normalised view. The
/// batch runner streams files above [`StreamOptions::above`] instead, so
/// it sets no limit by default.
pub const DEFAULT_MAX_BYTES: u64 = 256 << 20;

/// How files are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// Replace invalid UTF-8 instead of refusing the file.
    pub lossy: bool,
    /// Files larger than this are refused.
    pub max_bytes: u64,
    /// Files larger than this are streamed in chunks by the batch runner.
    pub stream: StreamOptions,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            lossy: false,
            max_bytes: DEFAULT_MAX_BYTES,
            stream: StreamOptions::default(),
        }
    }
}

/// A document to annotate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The file's path relative to the folder given, without its extension,
    /// with `/` separators; or the `id` of a stdin record.
    pub id: String,
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    /// The text, valid UTF-8.
    pub text: String,
    /// What the reader had to do to the bytes (decode UTF-16, replace
    /// invalid UTF-8), for a warning.
    pub note: Option<String>,
}

impl Document {
    /// A document from text in memory.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            path: None,
            text: text.into(),
            note: None,
        }
    }

    /// Reads a file with the default options: UTF-8 only, 256 MiB at most.
    pub fn read(id: impl Into<String>, path: &Path) -> Result<Document> {
        Document::read_with(id, path, ReadOptions::default())
    }

    /// Reads a file and checks it is text.
    pub fn read_with(id: impl Into<String>, path: &Path, options: ReadOptions) -> Result<Document> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let size = file.metadata().map_err(|e| Error::io(path, e))?.len();
        if size > options.max_bytes {
            return Err(Error::TooLarge {
                path: path.to_owned(),
                bytes: size,
                limit: options.max_bytes,
            });
        }
        let mut bytes = Vec::with_capacity(size as usize);
        // `take` bounds the read even if the file grows while it is read.
        file.take(options.max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(path, e))?;
        if bytes.len() as u64 > options.max_bytes {
            return Err(Error::TooLarge {
                path: path.to_owned(),
                bytes: bytes.len() as u64,
                limit: options.max_bytes,
            });
        }
        let (text, note) = decode_with(path, bytes, options.lossy)?;
        Ok(Document {
            id: id.into(),
            path: Some(path.to_owned()),
            text,
            note,
        })
    }
}

/// The text of a file in one of gazet's own formats (gazetteer, rules,
/// gold, brat `.ann`, JSON Lines), without the UTF-8 byte-order mark that
/// Windows editors put first: there it is no content, while in a document
/// it is kept so that offsets agree with Python's `utf-8` codec.
pub fn read_data_file(path: &Path) -> std::io::Result<String> {
    let text = std::fs::read_to_string(path)?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// The longest segment of a document id, in bytes: most file systems
/// allow 255 bytes in a name, and the extension must still fit.
const MAX_SEGMENT: usize = 240;

/// The relative path, inside an output folder, of document `id`'s file
/// with `extension`: the one place where an id becomes a path, used by
/// every per-document writer (`-o DIR/`, `--brat`, `--conll DIR/`).
///
/// Ids come from stdin records as well as from file names, so they are
/// untrusted. The `/`-separated segments of an id become folders, so that
/// the ids of a folder walk keep their layout; a segment that is empty,
/// `.` or `..`, and an id that holds a NUL, a backslash, a control
/// character or a segment too long for a file name, is refused, so no id
/// can name a file outside the folder.
///
/// ```
/// use gazet::output_path;
/// use std::path::Path;
///
/// assert_eq!(output_path("sub/paper", "json").unwrap(), Path::new("sub/paper.json"));
/// assert!(output_path("../etc/passwd", "json").is_err());
/// assert!(output_path("/abs/x", "json").is_err());
/// ```
pub fn output_path(id: &str, extension: &str) -> Result<PathBuf> {
    let refuse = |reason| {
        Err(Error::UnsafeId {
            id: id.to_owned(),
            reason,
        })
    };
    if id.is_empty() {
        return refuse("it is empty");
    }
    if id.starts_with('/') {
        return refuse("it is an absolute path");
    }
    if id.contains('\0') {
        return refuse("it holds a NUL character");
    }
    if id.contains('\\') {
        return refuse("it holds a backslash");
    }
    if id.chars().any(char::is_control) {
        return refuse("it holds a control character");
    }
    let mut path = PathBuf::new();
    for segment in id.split('/') {
        match segment {
            "" => return refuse("it has an empty segment (a leading, doubled or trailing `/`)"),
            "." | ".." => return refuse("it has a `.` or `..` segment"),
            s if s.len() > MAX_SEGMENT => return refuse("a segment is too long for a file name"),
            s => path.push(s),
        }
    }
    let mut name = path.into_os_string();
    name.push(".");
    name.push(extension);
    Ok(PathBuf::from(name))
}

/// Checks that `bytes` are UTF-8 text, naming `path` and the line otherwise.
#[cfg(test)]
fn decode(path: &Path, bytes: Vec<u8>) -> Result<String> {
    decode_with(path, bytes, false).map(|(t, _)| t)
}

fn decode_with(path: &Path, bytes: Vec<u8>, lossy: bool) -> Result<(String, Option<String>)> {
    if let Some(text) = utf16(path, &bytes)? {
        return Ok((
            text,
            Some("decoded from UTF-16 (byte-order mark removed)".to_owned()),
        ));
    }
    if let Some(byte) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::Binary {
            path: path.to_owned(),
            byte,
        });
    }
    match String::from_utf8(bytes) {
        Ok(t) => Ok((t, None)),
        Err(e) if lossy => {
            let byte = e.utf8_error().valid_up_to();
            let line = line_of(e.as_bytes(), byte);
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let replaced = text.matches('\u{FFFD}').count()
                - std::str::from_utf8(&e.as_bytes()[..byte])
                    .map_or(0, |ok| ok.matches('\u{FFFD}').count());
            Ok((
                text,
                Some(format!(
                    "not valid UTF-8 from line {line} (byte offset {byte}): {replaced} invalid sequence(s) replaced by U+FFFD; offsets refer to the replaced text"
                )),
            ))
        }
        Err(e) => {
            let byte = e.utf8_error().valid_up_to();
            Err(Error::NotUtf8 {
                path: PathBuf::from(path),
                line: line_of(e.as_bytes(), byte),
                byte,
            })
        }
    }
}

/// Decodes text that starts with a UTF-16 byte-order mark.
fn utf16(path: &Path, bytes: &[u8]) -> Result<Option<String>> {
    let le = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return Ok(None),
    };
    let body = &bytes[2..];
    let units: Vec<u16> = body
        .chunks(2)
        .map(|c| match (c, le) {
            ([a, b], true) => u16::from_le_bytes([*a, *b]),
            ([a, b], false) => u16::from_be_bytes([*a, *b]),
            // An odd trailing byte: no valid unit, caught below.
            _ => 0xD800,
        })
        .collect();
    match String::from_utf16(&units) {
        Ok(t) if !t.contains('\0') => Ok(Some(t)),
        _ => Err(Error::NotUtf8 {
            path: path.to_owned(),
            line: 1,
            byte: 0,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_binary_and_names_the_line_of_bad_utf8() {
        let p = Path::new("x.txt");
        assert!(matches!(
            decode(p, b"ab\0c".to_vec()),
            Err(Error::Binary { byte: 2, .. })
        ));
        match decode(p, b"one\ntwo\nth\xffree".to_vec()) {
            Err(
                e @ Error::NotUtf8 {
                    line: 3, byte: 10, ..
                },
            ) => {
                assert!(e.to_string().starts_with("x.txt:3: not valid UTF-8"))
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(decode(p, "\u{FEFF}BOM".into()).unwrap(), "\u{FEFF}BOM");
    }

    #[test]
    fn lossy_and_utf16() {
        let p = Path::new("x.txt");
        let (t, note) = decode_with(p, b"a\xff\xfeb \xe2\x82 Moscow".to_vec(), true).unwrap();
        assert_eq!(t, "a\u{FFFD}\u{FFFD}b \u{FFFD} Moscow");
        assert!(note.unwrap().contains("3 invalid sequence(s)"));
        let mut le = vec![0xFF, 0xFE];
        le.extend("Москва".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(p, le).unwrap(), "Москва");
        let mut be = vec![0xFE, 0xFF];
        be.extend("Bishkek".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(p, be).unwrap(), "Bishkek");
        assert!(decode(p, vec![0xFF, 0xFE, 0x41]).is_err(), "odd length");
    }
}
