//! A relation between two entities of a document, with its evidence.

use crate::model::schema::{Label, Relation};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A range in Unicode code points of the document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offsets {
    pub start: usize,
    pub end: usize,
}

/// A mention a relation is drawn between.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    #[serde(skip)]
    pub bytes: Range<usize>,
}

/// Where and how a relation is stated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub sentence: Offsets,
    pub trigger: Offsets,
    /// The head's and tail's mentions (for a name inside a longer name, the
    /// inner name).
    pub head: Anchor,
    pub tail: Anchor,
    pub rule: String,
    #[serde(skip)]
    pub sentence_bytes: Range<usize>,
    #[serde(skip)]
    pub trigger_bytes: Range<usize>,
}

/// One entity-level relation of a document, with all its evidence. The
/// top-level `sentence`, `trigger` and `rule` are those of the first
/// evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationRecord {
    pub relation: Relation,
    pub head: String,
    pub tail: String,
    pub head_name: String,
    pub tail_name: String,
    pub sentence: Offsets,
    pub trigger: Offsets,
    pub rule: String,
    pub evidence: Vec<Evidence>,
}

impl RelationRecord {
    /// Moves every code-point offset by `by`, for a chunk of a streamed
    /// document (the byte ranges stay the chunk's).
    pub fn shift(&mut self, by: usize) {
        for o in [&mut self.sentence, &mut self.trigger] {
            o.start += by;
            o.end += by;
        }
        for e in &mut self.evidence {
            for o in [&mut e.sentence, &mut e.trigger] {
                o.start += by;
                o.end += by;
            }
            for a in [&mut e.head, &mut e.tail] {
                a.start += by;
                a.end += by;
            }
        }
    }
}
