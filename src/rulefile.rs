//! The layout that the relation rules and the name patterns share: blocks
//! that open at the left margin (`rule NAME`, `list ...`), indented
//! `key: value` fields under them, `#` comments and blank lines; and the
//! embedded files, compiled once per process. [`pattern`] is the pattern
//! language their rules share.

pub(crate) mod literals;
pub(crate) mod pattern;
pub(crate) mod plain;

use crate::error::{Error, LineError, LineErrors, Result};
use std::path::Path;
use std::sync::OnceLock;

/// A line that breaks the layout every rule file shares: blocks at the left
/// margin, indented `key: value` fields under a rule.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LayoutError {
    /// An indented line before any rule.
    #[error("an indented line outside a rule")]
    OutsideRule,
    /// An indented line with no `:`.
    #[error("expected `key: value`, found {found:?}")]
    NotKeyValue {
        /// The line, trimmed.
        found: String,
    },
    /// A field this kind of rule does not have.
    #[error("unknown field `{key}` (expected {expected})")]
    UnknownField {
        /// The key as written.
        key: String,
        /// The fields it may have, as `a, b or c`.
        expected: String,
    },
    /// A line at the left margin that opens nothing this file knows.
    #[error("expected {expected}, found {found:?}")]
    UnknownBlock {
        /// The forms a block may take, as `a, b or c`.
        expected: String,
        /// The line, trimmed.
        found: String,
    },
    /// A rule name that is empty or more than one word.
    #[error("invalid rule name {0:?}")]
    RuleName(String),
    /// A rule name taken already.
    #[error("duplicate rule `{name}` (first defined at {file}:{line})")]
    DuplicateRule {
        /// The name.
        name: String,
        /// The file of the rule that took it first.
        file: String,
        /// Its line there.
        line: usize,
    },
}

/// Reads the rest of a line at the left margin.
type Reader<S> =
    for<'a, 'b, 'c> fn(&'b mut Parser<'a, S>, &'c str) -> Result<(), <S as RuleSet>::Problem>;

/// Reads a field of a rule being read into a set.
type FieldReader<S> =
    fn(&S, &mut <S as RuleSet>::Draft, usize, &str, &str) -> Result<(), <S as RuleSet>::Problem>;

/// What the blocks of one kind of file mean. Every kind opens a rule with
/// `rule NAME` and gives it indented `key: value` fields.
pub(crate) struct Layout<S: RuleSet> {
    /// The error that carries a file's problems.
    pub problems: fn(LineErrors) -> Error,
    /// The other lines at the left margin: the keyword that starts them,
    /// their form for messages, and their reader (given the rest).
    pub tops: &'static [(&'static str, &'static str, Reader<S>)],
    /// The fields a rule may have, in the order messages list them.
    pub fields: &'static [&'static str],
    /// A new rule, given its line and its name (checked already).
    pub open: fn(usize, &str) -> S::Draft,
    /// Reads a field of the open rule, given its line, key (one of
    /// `fields`) and value; the set is there for what the rule refers to.
    pub field: FieldReader<S>,
    /// Compiles a rule that is read whole into the set.
    pub close: for<'a, 'b> fn(&'b mut Parser<'a, S>, S::Draft),
}

/// A set of rules that files in the shared layout add to: the relation
/// rules and the name patterns.
pub(crate) trait RuleSet: Default + Clone + 'static {
    /// A rule being read, before it is compiled.
    type Draft;
    /// A compiled rule.
    type Rule: Placed;
    /// What can be wrong at a line of its files: the shared layout's
    /// problems and its own.
    type Problem: From<LayoutError> + std::error::Error + Send + Sync + 'static;
    /// The rules compiled so far, whose names a new rule may not take.
    fn defined(&self) -> &[Self::Rule];
    /// What its files' blocks mean.
    const LAYOUT: Layout<Self>;
    /// Readies the set for use once a file is added without problems.
    fn finish(&mut self) -> Result<(), LineErrors> {
        Ok(())
    }
}

/// A compiled rule's name and where it is defined.
pub(crate) trait Placed {
    /// (name, file, line)
    fn place(&self) -> (&str, &str, usize);
}

/// One file being read into a set.
pub(crate) struct Parser<'a, S: RuleSet> {
    /// The file being read, for messages.
    pub file: &'a str,
    /// The set its blocks are compiled into.
    pub set: &'a mut S,
    /// The problems found so far.
    pub errors: Vec<LineError>,
    /// The block being read.
    pub current: Option<S::Draft>,
}

impl<S: RuleSet> Parser<'_, S> {
    /// Records a problem at a line.
    pub fn error(&mut self, line: usize, problem: impl Into<S::Problem>) {
        self.errors
            .push(LineError::new(self.file, line, problem.into()));
    }
}

/// Feeds every line of `text` to `p`; problems go to [`Parser::error`].
fn read<S: RuleSet>(text: &str, p: &mut Parser<'_, S>) {
    let layout = S::LAYOUT;
    for (n, raw) in text.lines().enumerate() {
        let n = n + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let result = if raw.starts_with([' ', '\t']) {
            field(p, n, trimmed)
        } else {
            close(p);
            top(&layout, p, n, trimmed)
        };
        if let Err(e) = result {
            p.error(n, e);
        }
    }
    close(p);
}

/// Compiles the open rule, if any, into the set.
fn close<S: RuleSet>(p: &mut Parser<'_, S>) {
    if let Some(draft) = p.current.take() {
        (S::LAYOUT.close)(p, draft);
    }
}

/// An indented `key: value` line.
fn field<S: RuleSet>(p: &mut Parser<'_, S>, n: usize, trimmed: &str) -> Result<(), S::Problem> {
    let layout = S::LAYOUT;
    let Some(draft) = p.current.as_mut() else {
        return Err(LayoutError::OutsideRule.into());
    };
    let Some((key, value)) = trimmed.split_once(':') else {
        return Err(LayoutError::NotKeyValue {
            found: trimmed.to_owned(),
        }
        .into());
    };
    let key = key.trim();
    if !layout.fields.contains(&key) {
        return Err(LayoutError::UnknownField {
            key: key.to_owned(),
            expected: one_of(layout.fields),
        }
        .into());
    }
    (layout.field)(p.set, draft, n, key, value.trim())
}

/// `a, b or c`.
fn one_of(items: &[&str]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => items.concat(),
    }
}

/// A line at the left margin.
fn top<S: RuleSet>(
    layout: &Layout<S>,
    p: &mut Parser<'_, S>,
    n: usize,
    trimmed: &str,
) -> Result<(), S::Problem> {
    if let Some(name) = trimmed.strip_prefix("rule ") {
        let name = name.trim();
        let mut defined = p.set.defined().iter().map(Placed::place);
        let taken = defined
            .find(|t| t.0 == name)
            .map(|(_, file, line)| (file, line));
        check_rule_name(name, taken)?;
        p.current = Some((layout.open)(n, name));
        return Ok(());
    }
    for (keyword, _, reader) in layout.tops {
        if let Some(rest) = trimmed.strip_prefix(keyword) {
            return reader(p, rest);
        }
    }
    let forms: Vec<&str> = std::iter::once("`rule NAME`")
        .chain(layout.tops.iter().map(|t| t.1))
        .collect();
    Err(LayoutError::UnknownBlock {
        expected: one_of(&forms),
        found: trimmed.to_owned(),
    }
    .into())
}

/// Adds the blocks of `text` to `set`. Every problem is reported as
/// `file:line`, and a file with problems adds nothing usable.
pub(crate) fn add<S: RuleSet>(set: &mut S, file: &str, text: &str) -> Result<()> {
    add_rules(set, file, text).map_err(S::LAYOUT.problems)
}

/// [`add`], its problems not yet wrapped.
fn add_rules<S: RuleSet>(set: &mut S, file: &str, text: &str) -> Result<(), LineErrors> {
    let mut p = Parser {
        file,
        set,
        errors: Vec::new(),
        current: None,
    };
    read(text, &mut p);
    if !p.errors.is_empty() {
        return Err(LineErrors(p.errors));
    }
    p.set.finish()
}

/// A new set from one file, its problems not yet wrapped.
fn parse_rules<S: RuleSet>(file: &str, text: &str) -> Result<S, LineErrors> {
    let mut set = S::default();
    add_rules(&mut set, file, text)?;
    Ok(set)
}

/// A new set from one file.
pub(crate) fn parse<S: RuleSet>(file: &str, text: &str) -> Result<S> {
    parse_rules(file, text).map_err(S::LAYOUT.problems)
}

/// Adds the blocks of a file on disk to `set`.
pub(crate) fn add_path<S: RuleSet>(set: &mut S, path: &Path) -> Result<()> {
    let (file, text) = read_path(path)?;
    add(set, &file, &text)
}

/// An embedded file, compiled once per process.
pub(crate) fn embedded<S: RuleSet>(
    cell: &OnceLock<Result<S, LineErrors>>,
    (file, text): (&str, &str),
) -> Result<S> {
    // Later calls clone the result, problems included.
    let compiled = cell.get_or_init(|| parse_rules(file, text));
    compiled.clone().map_err(S::LAYOUT.problems)
}

/// Checks the name of a rule being opened: one word, and not `taken`
/// already (by a rule defined at `file:line`).
fn check_rule_name(name: &str, taken: Option<(&str, usize)>) -> Result<(), LayoutError> {
    if name.is_empty() || name.contains(char::is_whitespace) {
        return Err(LayoutError::RuleName(name.to_owned()));
    }
    match taken {
        Some((file, line)) => Err(LayoutError::DuplicateRule {
            name: name.to_owned(),
            file: file.to_owned(),
            line,
        }),
        None => Ok(()),
    }
}

/// A file on disk as (its name for messages, its text).
fn read_path(path: &Path) -> Result<(String, String)> {
    let text = crate::input::document::read_data_file(path).map_err(|e| Error::io(path, e))?;
    Ok((path.display().to_string(), text))
}

/// The loading methods of a rule set, the same for every kind of file: the
/// embedded file compiled once per process, a file's text, files on disk.
macro_rules! loaders {
    ($set:ident, $embedded:expr) => {
        impl $set {
            /// The embedded file, compiled once per process.
            pub fn embedded() -> crate::error::Result<$set> {
                static COMPILED: std::sync::OnceLock<
                    std::result::Result<$set, crate::error::LineErrors>,
                > = std::sync::OnceLock::new();
                crate::rulefile::embedded(&COMPILED, $embedded)
            }

            /// Parses and compiles one file.
            pub fn parse(file: &str, text: &str) -> crate::error::Result<$set> {
                crate::rulefile::parse(file, text)
            }

            /// Adds the rules of `text` to this set. Every problem is
            /// reported as `file:line`.
            pub fn add(&mut self, file: &str, text: &str) -> crate::error::Result<()> {
                crate::rulefile::add(self, file, text)
            }

            /// Adds the rules of a file on disk to this set.
            pub fn add_path(&mut self, path: &std::path::Path) -> crate::error::Result<()> {
                crate::rulefile::add_path(self, path)
            }

            /// The embedded file (with `embedded`; else an empty set), then
            /// each of `paths` in turn.
            pub fn load(
                embedded: bool,
                paths: &[std::path::PathBuf],
            ) -> crate::error::Result<$set> {
                let mut set = if embedded {
                    $set::embedded()?
                } else {
                    $set::default()
                };
                for path in paths {
                    set.add_path(path)?;
                }
                Ok(set)
            }
        }
    };
}
pub(crate) use loaders;
