//! The per-document pipeline: normalised view → candidates → flat spans →
//! document-local acronyms → one entity per span → output spans in code
//! points.

use crate::document::Document;
use crate::error::Result;
use crate::gazetteer::Gazetteer;
use crate::matcher::Matcher;
use crate::normalize::{confusable, is_latin_letter, Normalized, Options};
use crate::span::{self, Flag, Mention, Span, SpanSource};
use crate::{acronym, disambiguate};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The annotations of one document, as gazet writes them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    pub doc: String,
    /// The file the document was read from (absent for stdin records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub spans: Vec<Span>,
    /// Relations between the spans' entities. Relation extraction is not
    /// built yet, so this is always empty; the field is part of the format.
    #[serde(default)]
    pub relations: Vec<serde_json::Value>,
}

/// Configures an [`Annotator`].
#[derive(Clone, Debug)]
pub struct AnnotatorBuilder {
    overlaps: bool,
    acronyms: bool,
}

impl Default for AnnotatorBuilder {
    fn default() -> Self {
        AnnotatorBuilder {
            overlaps: false,
            acronyms: true,
        }
    }
}

impl AnnotatorBuilder {
    /// Also report matches nested in or overlapping the flat spans, marked
    /// `nested` (default: no).
    pub fn overlaps(mut self, yes: bool) -> Self {
        self.overlaps = yes;
        self
    }

    /// Recognise acronyms defined in the document (default: yes).
    pub fn acronyms(mut self, yes: bool) -> Self {
        self.acronyms = yes;
        self
    }

    /// Compiles the matcher for `gazetteer`.
    pub fn build(self, gazetteer: Gazetteer) -> Result<Annotator> {
        let matcher = Matcher::new(&gazetteer)?;
        Ok(Annotator {
            gazetteer: Arc::new(gazetteer),
            matcher: Arc::new(matcher),
            config: self,
        })
    }
}

/// Annotates documents with one gazetteer. Cheap to clone and `Sync`: build
/// it once and share it between threads.
///
/// ```
/// use gazet::{Annotator, Document, Gazetteer};
/// let annotator = Annotator::builder().build(Gazetteer::embedded().unwrap()).unwrap();
/// let a = annotator.annotate(&Document::new("d", "Kazakhstan’s role in the CSTO."));
/// let spans: Vec<(&str, &str, usize, usize)> = a.spans.iter()
///     .map(|s| (s.text.as_str(), s.entity.as_str(), s.start, s.end)).collect();
/// assert_eq!(spans, [("Kazakhstan", "kazakhstan", 0, 10), ("CSTO", "csto", 25, 29)]);
/// ```
#[derive(Clone, Debug)]
pub struct Annotator {
    gazetteer: Arc<Gazetteer>,
    matcher: Arc<Matcher>,
    config: AnnotatorBuilder,
}

impl Annotator {
    pub fn builder() -> AnnotatorBuilder {
        AnnotatorBuilder::default()
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    pub fn annotate(&self, doc: &Document) -> Annotation {
        Annotation {
            doc: doc.id.clone(),
            path: doc.path.as_ref().map(|p| p.display().to_string()),
            spans: self.spans(&doc.text),
            relations: Vec::new(),
        }
    }

    /// The spans of one text.
    pub fn spans(&self, text: &str) -> Vec<Span> {
        let view = Normalized::new(text, Options::FOLDED);
        let mut found: Vec<Mention> = self
            .matcher
            .candidates(text, &view)
            .into_iter()
            .map(|c| Mention::from_candidate(c, false))
            .collect();
        if view.has_hyphenated_line() {
            let joined = Normalized::new(
                text,
                Options {
                    join_hyphenated_lines: true,
                    ..Options::FOLDED
                },
            );
            found.extend(
                self.matcher
                    .candidates(text, &joined)
                    .into_iter()
                    .map(|c| Mention::from_candidate(c, true)),
            );
        }
        let mut mentions = span::select(span::merge(found), self.config.overlaps);
        if self.config.acronyms {
            acronym::apply(text, &mut mentions);
        }
        disambiguate::resolve(text, &self.gazetteer, &mut mentions);
        self.to_spans(text, mentions)
    }

    fn to_spans(&self, text: &str, mentions: Vec<Mention>) -> Vec<Span> {
        let mut positions: Vec<(usize, usize)> = mentions
            .iter()
            .flat_map(|m| [(m.range.start, 0), (m.range.end, 0)])
            .collect();
        span::code_points(text, &mut positions);
        let cp = |byte: usize| -> usize {
            let i = positions.partition_point(|p| p.0 < byte);
            positions[i].1
        };
        mentions
            .into_iter()
            .filter_map(|m| {
                let &(entity_idx, alias_idx) = m.names.first()?;
                let entity = self.gazetteer.entity(entity_idx);
                let covered = &text[m.range.clone()];
                let alias = match m.source {
                    SpanSource::Acronym => covered.to_owned(),
                    SpanSource::Gazetteer => entity.aliases[alias_idx].text.clone(),
                };
                let candidates: Vec<String> = if m.is_ambiguous() {
                    m.entities()
                        .map(|e| self.gazetteer.entity(e).id.clone())
                        .collect()
                } else {
                    Vec::new()
                };
                Some(Span {
                    start: cp(m.range.start),
                    end: cp(m.range.end),
                    text: covered.to_owned(),
                    label: entity.label,
                    entity: entity.id.clone(),
                    name: entity.name.clone(),
                    kind: entity.kind.to_owned(),
                    source: m.source,
                    alias,
                    candidates,
                    reason: m.reason,
                    flags: flags(covered, m.dehyphenated),
                    nested: m.nested,
                    bytes: m.range,
                })
            })
            .collect()
    }
}

fn flags(covered: &str, dehyphenated: bool) -> Vec<Flag> {
    let mut flags = Vec::new();
    let mixed = covered.split(|c: char| !c.is_alphabetic()).any(|word| {
        word.chars().any(is_latin_letter) && word.chars().any(|c| confusable(c).is_some())
    });
    if mixed {
        flags.push(Flag::MixedScript);
    }
    if covered.contains(['\n', '\r']) {
        flags.push(Flag::LineBreak);
    }
    if dehyphenated {
        flags.push(Flag::Dehyphenated);
    }
    flags
}
