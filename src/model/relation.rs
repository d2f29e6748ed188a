//! A relation between two entities of a document, with its evidence.

use crate::model::schema::{Label, Relation};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A range in Unicode code points of the document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offsets {
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
}

/// A mention a relation is drawn between.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    /// The mention's label.
    pub label: Label,
    #[serde(skip)]
    /// The same range in bytes of the text annotated (a chunk, for a streamed document).
    pub bytes: Range<usize>,
}

/// Where and how a relation is stated. As for a span, the byte ranges
/// place it inside the pipeline, and the code points are counted where
/// the annotation is handed out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The sentence, in code points.
    pub sentence: Offsets,
    /// The words that state the relation, in code points.
    pub trigger: Offsets,
    /// The head's and tail's mentions (for a name inside a longer name, the
    /// inner name).
    pub head: Anchor,
    /// The tail's mention.
    pub tail: Anchor,
    /// The rule that found it.
    pub rule: String,
    #[serde(skip)]
    /// The sentence in bytes of the text annotated.
    pub sentence_bytes: Range<usize>,
    #[serde(skip)]
    /// The trigger in bytes of the text annotated.
    pub trigger_bytes: Range<usize>,
}

/// One entity-level relation of a document, with all its evidence. The
/// top-level `sentence`, `trigger` and `rule` are those of the first
/// evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationRecord {
    /// The relation.
    pub relation: Relation,
    /// The head entity's id.
    pub head: String,
    /// The tail entity's id.
    pub tail: String,
    /// The head entity's canonical name.
    pub head_name: String,
    /// The tail entity's canonical name.
    pub tail_name: String,
    /// The first evidence's sentence.
    pub sentence: Offsets,
    /// The first evidence's trigger.
    pub trigger: Offsets,
    /// The first evidence's rule.
    pub rule: String,
    /// Every piece of evidence, in text order.
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
