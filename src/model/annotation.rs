//! The annotations of one document: what gazet writes and reads back.

use crate::model::relation::RelationRecord;
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
    /// The entity spans, in text order.
    pub spans: Vec<Span>,
    /// The relations the document states, one per head-relation-tail.
    #[serde(default)]
    pub relations: Vec<RelationRecord>,
}
