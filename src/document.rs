//! Documents: an id and the text exactly as stored, read and checked.
//!
//! gazet never changes the text it reports offsets into: a document is the
//! file's bytes, which must be UTF-8 (a byte-order mark is kept as the
//! character U+FEFF at offset 0, as Python's `utf-8` codec does).

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// A document to annotate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The file's path relative to the folder given, without its extension,
    /// with `/` separators; or the `id` of a stdin record.
    pub id: String,
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    pub text: String,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            path: None,
            text: text.into(),
        }
    }

    /// Reads a file and checks it is a text file: no NUL byte, valid UTF-8.
    pub fn read(id: impl Into<String>, path: &Path) -> Result<Document> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = decode(path, bytes)?;
        Ok(Document {
            id: id.into(),
            path: Some(path.to_owned()),
            text,
        })
    }
}

/// Checks that `bytes` are UTF-8 text, naming `path` and the line otherwise.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String> {
    if let Some(byte) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::Binary {
            path: path.to_owned(),
            byte,
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let byte = e.utf8_error().valid_up_to();
        Error::NotUtf8 {
            path: PathBuf::from(path),
            line: line_of(e.as_bytes(), byte),
            byte,
        }
    })
}

/// The 1-based line number of byte `offset`.
pub fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
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
}
