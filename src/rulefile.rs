//! The layout that the relation rules and the name patterns share: blocks
//! that open at the left margin (`rule NAME`, `list ...`), indented
//! `key: value` fields under them, `#` comments and blank lines; and the
//! embedded files, compiled once per process.

use crate::error::{Error, LineError, LineErrors, Result};
use std::path::Path;
use std::sync::OnceLock;

/// A parser of one file in the shared layout.
pub trait Blocks {
    /// The file being read, for messages.
    fn file(&self) -> &str;
    /// Where its problems go.
    fn problems(&mut self) -> &mut Vec<LineError>;
    /// Records a problem at a line.
    fn error(&mut self, line: usize, message: String) {
        let file = self.file().to_owned();
        self.problems().push(LineError {
            file,
            line,
            message,
        });
    }
    /// Whether a block is open, so that indented lines belong to it.
    fn in_block(&self) -> bool;
    /// Closes the open block, if any, and compiles it.
    fn close(&mut self);
    /// A line at the left margin, after the open block is closed.
    fn top(&mut self, line: usize, text: &str) -> Result<(), String>;
    /// An indented `key: value` line of the open block.
    fn field(&mut self, line: usize, key: &str, value: &str) -> Result<(), String>;
}

/// Feeds every line of `text` to `p`; problems go to [`Blocks::error`].
pub fn read(text: &str, p: &mut impl Blocks) {
    for (n, raw) in text.lines().enumerate() {
        let n = n + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let result = if raw.starts_with([' ', '\t']) {
            if !p.in_block() {
                Err("an indented line outside a rule".to_owned())
            } else {
                match trimmed.split_once(':') {
                    Some((k, v)) => p.field(n, k.trim(), v.trim()),
                    None => Err(format!("expected `key: value`, found {trimmed:?}")),
                }
            }
        } else {
            p.close();
            p.top(n, trimmed)
        };
        if let Err(e) = result {
            p.error(n, e);
        }
    }
    p.close();
}

/// Checks the name of a rule being opened: one word, and not `taken`
/// already (by a rule defined at `file:line`).
pub fn check_rule_name(name: &str, taken: Option<(&str, usize)>) -> Result<(), String> {
    if name.is_empty() || name.contains(char::is_whitespace) {
        return Err(format!("invalid rule name {name:?}"));
    }
    match taken {
        Some((file, line)) => Err(format!(
            "duplicate rule `{name}` (first defined at {file}:{line})"
        )),
        None => Ok(()),
    }
}

/// A file on disk as (its name for messages, its text).
pub fn read_path(path: &Path) -> Result<(String, String)> {
    let text = crate::input::document::read_data_file(path).map_err(|e| Error::io(path, e))?;
    Ok((path.display().to_string(), text))
}

/// An embedded file compiled once per process: later calls clone the
/// result, problems included.
pub fn compiled_once<T: Clone>(
    cell: &OnceLock<Result<T, LineErrors>>,
    file: &str,
    compile: impl FnOnce() -> Result<T>,
    wrap: fn(LineErrors) -> Error,
) -> Result<T> {
    let compiled = cell.get_or_init(|| match compile() {
        Ok(t) => Ok(t),
        Err(Error::Rules(e) | Error::Patterns(e)) => Err(e),
        Err(other) => Err(LineErrors(vec![LineError {
            file: file.to_owned(),
            line: 0,
            message: other.to_string(),
        }])),
    });
    compiled.clone().map_err(wrap)
}
