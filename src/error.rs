//! Typed errors of the library. Every error that comes from user input names
//! the file (and, where there is one, the line) it came from, so that a batch
//! run can report it and go on with the other documents.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// A problem at one line of an input file (gazetteer, gold, stdin records).
///
/// Its [`problem`](LineError::problem) is the typed error of the parser
/// that found it ([`SchemaError`](crate::SchemaError),
/// [`GazetteerError`](crate::GazetteerError),
/// [`RelationRuleError`](crate::RelationRuleError) ...), also given as its
/// [`source`](std::error::Error::source); `message` is that error's text.
#[derive(Debug, Clone)]
pub struct LineError {
    /// The file, as the user named it (`<embedded>/x.tsv` for shipped data,
    /// `<stdin>` for standard input).
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// A sentence saying what is wrong: the problem's own message.
    pub message: String,
    /// The typed problem. Held behind an `Arc` because `error`, at the
    /// bottom of the stages, cannot name the parsers' types, and line
    /// errors are cloned (an embedded file's result is kept per process).
    problem: Arc<dyn std::error::Error + Send + Sync + 'static>,
}

impl LineError {
    /// The problem `problem` at `file:line`.
    pub fn new<P>(file: impl Into<String>, line: usize, problem: P) -> LineError
    where
        P: std::error::Error + Send + Sync + 'static,
    {
        LineError {
            file: file.into(),
            line,
            message: problem.to_string(),
            problem: Arc::new(problem),
        }
    }

    /// The typed problem, whatever its type.
    pub fn problem(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.problem
    }

    /// The problem, if it is a `P`: `e.downcast_ref::<gazet::SchemaError>()`.
    pub fn downcast_ref<P: std::error::Error + 'static>(&self) -> Option<&P> {
        self.problem.downcast_ref::<P>()
    }
}

/// Two line errors are equal when they say the same at the same place.
impl PartialEq for LineError {
    fn eq(&self, other: &LineError) -> bool {
        (&self.file, self.line, &self.message) == (&other.file, other.line, &other.message)
    }
}

impl Eq for LineError {}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for LineError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.problem)
    }
}

/// A list of line errors, displayed one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineErrors(pub Vec<LineError>);

impl fmt::Display for LineErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
/// Everything that can go wrong in gazet, each with what it concerns.
pub enum Error {
    #[error("{}: {source}", path.display())]
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        #[source]
        /// What the system said.
        source: std::io::Error,
    },

    #[error("{}:{line}: not valid UTF-8 (byte offset {byte}); the file was skipped", path.display())]
    /// A file is not valid UTF-8 (and `lossy` reading was off).
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// The 1-based line of the first bad byte.
        line: usize,
        /// The byte offset of the first bad byte.
        byte: usize,
    },

    #[error("{}: the file is {bytes} bytes, over the limit of {limit}; the file was skipped", path.display())]
    /// A file is larger than the size limit.
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        bytes: u64,
        /// The limit in bytes.
        limit: u64,
    },

    #[error("{}: looks like a binary file (NUL byte at offset {byte}); the file was skipped", path.display())]
    /// A file looks binary.
    Binary {
        /// The file.
        path: PathBuf,
        /// The offset of its first NUL byte.
        byte: usize,
    },

    /// A named input that is no regular file or folder (a FIFO, a device):
    /// it may never end, so it is not read.
    #[error("{}: not a regular file ({kind}); not read, as it may never end (standard input is `-`)", path.display())]
    NotRegular {
        /// The input.
        path: PathBuf,
        /// What it is instead (`a FIFO`, `a character device` ...).
        kind: &'static str,
    },

    /// A file whose name is not UTF-8: its id and `path` could not name it.
    #[error("{}: the file name is not valid UTF-8; the file was skipped (rename it)", path.display())]
    NameNotUtf8 {
        /// The file.
        path: PathBuf,
    },

    /// A folder in which no file matches the globs.
    #[error("{}: no file here matches {globs}", path.display())]
    NoFiles {
        /// The folder.
        path: PathBuf,
        /// The globs, as the message shows them.
        globs: String,
    },

    #[error("{}: {message}", path.display())]
    /// A folder could not be walked.
    Walk {
        /// Where the walk failed.
        path: PathBuf,
        /// What the walker said.
        message: String,
    },

    #[error("{}: document id {doc:?} is also produced by {}; the file was skipped", path.display(), other.display())]
    /// Two files make the same document id.
    DuplicateDocument {
        /// The file skipped.
        path: PathBuf,
        /// The id.
        doc: String,
        /// The file that made it first.
        other: PathBuf,
    },

    /// Invalid gazetteer data: all problems found, each as `file:line: problem`.
    #[error("{0}")]
    Gazetteer(LineErrors),

    /// An invalid schema file: all problems found, each as `file:line: problem`.
    #[error("{0}")]
    Schema(LineErrors),

    /// Invalid relation rules: all problems found, each as `file:line: problem`.
    #[error("{0}")]
    Rules(LineErrors),

    /// Invalid name patterns: all problems found, each as `file:line: problem`.
    #[error("{0}")]
    Patterns(LineErrors),

    /// A malformed record in a line-oriented input (stdin JSON Lines, gold).
    #[error("{0}")]
    Record(LineError),

    #[error("invalid file-name pattern {pattern:?}: {message}")]
    /// A file-name pattern is invalid.
    Glob {
        /// The pattern.
        pattern: String,
        /// What is wrong with it.
        message: String,
    },

    /// A UTF-16 file too large to read whole: only UTF-8 is streamed.
    #[error("{}: UTF-16 files are not streamed; convert it to UTF-8", path.display())]
    NotStreamable {
        /// The file.
        path: PathBuf,
    },

    /// The world gazetteer was asked for without the shipped ones that
    /// its facts point at.
    #[error("the world gazetteer needs the default gazetteers (its places are located_in their countries)")]
    WorldWithoutDefaults,

    /// The run was interrupted before this document was started.
    #[error("interrupted")]
    Interrupted,

    /// A command-line value that makes no sense: the binary's own refusals.
    /// The library's errors have a variant each.
    #[error("{0}")]
    Usage(String),

    /// A gazetteer named `list:PATH`: a plain list has no label of its own.
    #[error("{spec}: a list carries no label; write list:ORG:{path} (or LOC, PER)")]
    ListWithoutLabel {
        /// The name as given.
        spec: String,
        /// What followed the format.
        path: String,
    },

    /// A gazetteer named `FORMAT:` with no file.
    #[error("{spec}: no file after the format")]
    NoFileAfterFormat {
        /// The name as given.
        spec: String,
    },

    /// A piece of a streamed document given to an output before its first.
    #[error("{doc}: a part came before its first")]
    PartBeforeFirst {
        /// The document id.
        doc: String,
    },

    /// More distinct aliases than the matcher's 32-bit ids can number.
    #[error("could not build the matcher: more than 2^32 distinct aliases")]
    TooManyAliases,

    /// A document id that cannot name a file inside an output folder.
    #[error("document id {id:?} cannot name an output file: {reason}")]
    UnsafeId {
        /// The id as given.
        id: String,
        /// Which rule of [`crate::input::document::output_path`] it breaks.
        reason: &'static str,
    },
}

impl Error {
    /// An [`Error::Io`] about `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// A result whose error is gazet's [`enum@Error`] unless said otherwise.
pub type Result<T, E = Error> = std::result::Result<T, E>;
