//! The annotations of one document: what gazet writes and reads back.

use crate::model::relation::RelationRecord;
use crate::model::schema::Label;
use crate::model::span::Span;
use serde::{Deserialize, Serialize};

/// The annotations of one document, as gazet writes them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// The document id.
    pub doc: String,
    /// The file the document was read from (absent for stdin records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The fields of a stdin record other than its id and text, kept as
    /// they came (absent when there were none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<serde_json::Map<String, serde_json::Value>>,
    /// The entity spans, in text order.
    pub spans: Vec<Span>,
    /// The relations the document states, one per head-relation-tail.
    #[serde(default)]
    pub relations: Vec<RelationRecord>,
    /// The flat spans as displaCy's manual mode takes them; only with the
    /// text (see [`Annotation::with_text`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ents: Option<Vec<Ent>>,
    /// The document's text, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A flat span as displaCy's manual mode takes it: code-point offsets,
/// as Python indexes a `str`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ent {
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    /// The label.
    pub label: Label,
}

impl Annotation {
    /// Adds the document's text and the flat spans as `ents`, so that the
    /// annotation is a document of displaCy's manual mode as it is
    /// (`{"text", "ents": [{"start", "end", "label"}]}`; its other fields
    /// are not read there). Nested spans are left out of `ents`: displaCy
    /// draws no overlapping entities.
    pub fn with_text(&mut self, text: &str) {
        self.ents = Some(
            self.spans
                .iter()
                .filter(|s| !s.nested)
                .map(|s| Ent {
                    start: s.start,
                    end: s.end,
                    label: s.label,
                })
                .collect(),
        );
        self.text = Some(text.to_owned());
    }
}
