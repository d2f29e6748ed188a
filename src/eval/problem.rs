//! What goes wrong reading an annotation set, scoring it or drawing it:
//! one variant per cause, each with the place it was met (a file, its
//! line where there is one, or a document id), so that a caller can tell
//! them apart without reading the message. The messages name no flag: the
//! binary adds the one that helps.

use crate::error::LineError;
use crate::formats::brat;
use crate::formats::conll::ConllError;
use crate::model::schema::{Label, SchemaError};
use serde::{Serialize, Serializer};
use std::sync::Arc;

/// A problem (or, where the docs say so, a warning) about an annotation
/// set. Shown, and written into JSON reports, as its message.
#[derive(Clone, Debug, thiserror::Error)]
pub enum Problem {
    /// A file could not be read.
    #[error("{file}: {source}")]
    Unreadable {
        /// The file.
        file: String,
        /// What the system said.
        source: Arc<std::io::Error>,
    },

    /// A folder entry could not be visited: its annotations are missing.
    #[error("{path}: {reason}; not read")]
    NotWalked {
        /// The entry.
        path: String,
        /// What the walk said.
        reason: String,
    },

    /// The text file beside a brat `.ann` could not be read.
    #[error("{file}: the text beside the .ann: {source}")]
    NoTextBeside {
        /// The text file.
        file: String,
        /// What the system said.
        source: Arc<std::io::Error>,
    },

    /// A line of a gold, brat or CoNLL file that could not be used.
    #[error("{0}")]
    Line(LineError),

    /// A gold span given twice.
    #[error("{file}:{line}: span {start}..{end} {label} {text:?} is given twice (first on line {first}); counted once")]
    SpanTwice {
        /// The gold file.
        file: String,
        /// The line of the second one.
        line: usize,
        /// Start, in code points.
        start: usize,
        /// End, in code points.
        end: usize,
        /// The label.
        label: Label,
        /// The span's text.
        text: String,
        /// The line of the first one.
        first: usize,
    },

    /// A line of a gazet output file that is no gazet annotation.
    #[error("{file}:{line}: not a gazet annotation: {source}")]
    NotAnnotation {
        /// The file.
        file: String,
        /// The line.
        line: usize,
        /// What the JSON reader said.
        source: Arc<serde_json::Error>,
    },

    /// A warning: the text `path` of an annotation was not read.
    #[error("{origin}: {error}")]
    TextPath {
        /// The annotation (`file:line`, or a document id).
        origin: String,
        /// Why it was not read.
        error: TextPathError,
    },

    /// A predicted span whose text is not the document's text there.
    #[error("{origin}: span {start}..{end} {text:?} does not match the document text there ({:?})", .found.as_deref().unwrap_or("out of range"))]
    SpanMismatch {
        /// The annotation, as `file:line`.
        origin: String,
        /// Start, in code points.
        start: usize,
        /// End, in code points.
        end: usize,
        /// The span's text.
        text: String,
        /// The document's text there, `None` when out of range.
        found: Option<String>,
    },

    /// A document annotated twice in one set.
    #[error("{origin}: document {doc:?} appears twice; the first is kept")]
    DocumentTwice {
        /// The second annotation, as `file:line`.
        origin: String,
        /// The document id.
        doc: String,
    },

    /// A gold or CoNLL document whose text was not found.
    #[error("{file}: no text found for document {doc:?}")]
    NoText {
        /// The annotation file.
        file: String,
        /// The document id.
        doc: String,
    },

    /// A CoNLL document whose tokens are not its text's.
    #[error("{file}: document {doc:?}: {error}")]
    Conll {
        /// The CoNLL file.
        file: String,
        /// The document id.
        doc: String,
        /// Where the tokens and the text part.
        error: ConllError,
    },

    /// A warning: a brat file says what is not scored.
    #[error("{0}")]
    Brat(brat::Warning),

    /// A warning: a CoNLL label that is none of gazet's.
    #[error("{file}: label {label:?} is none of {}; its spans are not scored", Label::all().iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", "))]
    UnknownLabel {
        /// The first file that uses it.
        file: String,
        /// The label.
        label: String,
    },

    /// A line of a relation table that could not be used.
    #[error("{file}:{line}: {error}")]
    Table {
        /// The table.
        file: String,
        /// The line.
        line: usize,
        /// What is wrong with it.
        error: TableError,
    },

    /// A warning: predictions for a document the gold lacks.
    #[error("{origin}: document {doc:?} has predictions but no gold; not scored")]
    NoGold {
        /// Where the predictions came from.
        origin: String,
        /// The document id.
        doc: String,
    },

    /// Gold for a document the predictions lack.
    #[error("{origin}: document {doc:?} has gold but no predictions; scored as all missed")]
    NoPredictions {
        /// Where the gold came from.
        origin: String,
        /// The document id.
        doc: String,
    },

    /// Predictions with relations only, scored against gold spans.
    #[error("{origin}: the predictions have no spans to score")]
    NoSpans {
        /// Where the predictions came from.
        origin: String,
    },

    /// A span of a report page left out: its text is not the document's.
    #[error("{doc}: span {start}..{end} {text:?} does not match the text there ({:?}); left out", .found.as_deref().unwrap_or("out of range"))]
    SpanLeftOut {
        /// The document id.
        doc: String,
        /// Start, in code points.
        start: usize,
        /// End, in code points.
        end: usize,
        /// The span's text.
        text: String,
        /// The document's text there, `None` when out of range.
        found: Option<String>,
    },

    /// A report page drawn without its document's text.
    #[error("{doc}: no text found")]
    PageWithoutText {
        /// The document id.
        doc: String,
    },
}

impl Problem {
    /// Whether the problem is a text that was not found, which a folder
    /// of texts would mend.
    pub fn is_missing_text(&self) -> bool {
        matches!(
            self,
            Problem::NoText { .. } | Problem::PageWithoutText { .. }
        )
    }
}

impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why the text an annotation's `path` names was not read.
#[derive(Clone, Debug, thiserror::Error)]
pub enum TextPathError {
    /// No such file, from any of the folders tried.
    #[error("path {path:?}: {source}")]
    Missing {
        /// The path as the annotation gives it.
        path: String,
        /// What the system said.
        source: Arc<std::io::Error>,
    },
    /// The path leads out of the folders texts are read from.
    #[error(
        "path {path:?} lies outside the text folders and the working directory; it was not read"
    )]
    Outside {
        /// The path as the annotation gives it.
        path: String,
    },
    /// The file is there but is no readable document.
    #[error("{0}")]
    Unreadable(Arc<crate::error::Error>),
}

/// What is wrong with a line of a relation table.
#[derive(Clone, Debug, thiserror::Error)]
pub enum TableError {
    /// A CSV line with a quote that is not closed.
    #[error("an odd number of `\"`: a quoted cell is not closed")]
    OddQuote,
    /// A CSV line the CSV reader refused.
    #[error("{0}")]
    Csv(Arc<csv::Error>),
    /// A header without the columns needed.
    #[error("the header must name doc, head, relation and tail columns")]
    Header,
    /// A relation gazet does not know.
    #[error("{0}")]
    Relation(SchemaError),
    /// A name that is an alias of several entities.
    #[error("{name:?} names several entities ({ids}); use an id", ids = .ids.join(", "))]
    Ambiguous {
        /// The name.
        name: String,
        /// The entities it names.
        ids: Vec<String>,
    },
    /// A name that is no entity id and no alias.
    #[error("{name:?} is neither an entity id nor an alias in the gazetteers")]
    UnknownName {
        /// The name.
        name: String,
    },
}
