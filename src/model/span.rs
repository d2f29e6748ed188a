//! An entity mention as gazet outputs it.

use crate::model::schema::Label;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The prefix of a document-local entity id: a name no gazetteer lists.
pub const LOCAL_ID: &str = "doc:";

/// Where a span's entity came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanSource {
    /// An alias in a gazetteer.
    Gazetteer,
    /// An acronym defined in the document (`Long Form (LF)`).
    Acronym,
    /// A name no gazetteer lists, proposed by a name pattern (the span's
    /// `rule` says which).
    Pattern,
}

/// Why one of several candidate entities was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The document defines this acronym for the entity.
    DefinedInDocument,
    /// Another name of only this candidate occurs in the document.
    OtherNameInDocument,
    /// An entity this candidate has a gazetteer fact about (or that has
    /// one about it) is named in the document.
    RelatedEntityInDocument,
    /// The words around the span call for this candidate's label.
    LabelFromContext,
    /// Nothing decided: the candidate listed first in the gazetteers.
    FirstListed,
    /// An acronym of an entity neither defined nor otherwise named in the
    /// document, kept because other entities of the gazetteers are named
    /// near it: the text is about the gazetteers' domain.
    DomainEntitiesNearby,
}

/// Something a reader should know about a span's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// A letter from another script that looks like a Latin one, inside a
    /// Latin-script word (`Сrisis` with a Cyrillic `С`).
    MixedScript,
    /// The name runs across a line break.
    LineBreak,
    /// The name was found by joining a word hyphenated at a line end.
    Dehyphenated,
    /// The name is written in Cyrillic and was found by romanising it
    /// (`Ташкента` for `Tashkent`); `alias` is the Latin alias it matched.
    Transliterated,
}

/// An entity mention in a document, as gazet outputs it.
///
/// Inside the pipeline a span is placed by `bytes` alone; `start` and `end`
/// are counted, for every span at once, where the annotator hands the
/// annotation out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Start, in Unicode code points of the original text.
    pub start: usize,
    /// End (exclusive), in Unicode code points of the original text.
    pub end: usize,
    /// The original text of the span, equal to `text[start..end]`.
    pub text: String,
    /// The label.
    pub label: Label,
    /// The entity id.
    pub entity: String,
    /// The entity's canonical name.
    pub name: String,
    /// The entity's kind (`country`, `city`, `party` ...).
    pub kind: String,
    /// Where the entity came from.
    pub source: SpanSource,
    /// The gazetteer alias that matched (for an acronym, the acronym).
    pub alias: String,
    /// For an ambiguous alias: every entity it may name, the chosen first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Why this entity was chosen, for an ambiguous alias.
    pub reason: Option<Reason>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    /// What a reader should know about the span's text.
    pub flags: Vec<Flag>,
    /// For a proposed name: the name pattern (or `known_in_document`,
    /// `defined_acronym`) that proposed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// In `--overlaps` mode: a match that the flat selection did not keep.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nested: bool,
    /// Byte offsets into the original text.
    #[serde(skip)]
    pub bytes: Range<usize>,
}
