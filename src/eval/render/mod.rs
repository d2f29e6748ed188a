//! A static HTML report of annotations: `index.html` with one row per
//! document and the corpus's entity index, and one page per document with
//! its entities highlighted in the text, its relations drawn over it as
//! arcs and listed with their evidence, its entity index, and, given gold,
//! the differences from it marked in place.
//!
//! Every page stands alone: inline CSS, a small inline script (arcs,
//! toggles, search, sorting, hover; `report.js`), no external URL, and a
//! Content-Security-Policy that forbids loading anything, so the report
//! can be mailed, archived or opened offline and still look the same.
//!
//! The choices:
//!
//! - **Annotations are read leniently.** Spans and relations are read into
//!   structures of plain strings, not into gazet's enums, so that output of
//!   another gazet version (a new span `source`, a new flag, a new relation
//!   type, extra fields such as a pattern's `rule`) still renders: unknown
//!   values are shown as they are, unknown fields listed on hover.
//! - **Offsets are code points**, converted to byte offsets once per
//!   document; a span whose text is not the document's slice is reported
//!   and left out rather than drawn in the wrong place.
//! - **Overlapping marks stay well-formed HTML.** Nested spans (`--overlaps`)
//!   and evaluation marks become nested elements; a mark that crosses the
//!   end of another is cut into fragments, of which only the first counts
//!   as the span (the others carry the class `cont`).
//! - **Everything from the data is escaped**, attributes included: a
//!   document containing `<script>` shows it as text.
//! - **Page names are safe file names** whatever the document id (`/`,
//!   `..`, control characters): see [`page_name`].

mod arcs;
mod doc_page;
mod entities;
mod index_page;
mod markup;

use crate::error::{Error, Result};
use crate::eval::dataset::{self, Dataset, EvalDoc, EvalSpan, Problem};
use crate::eval::score::{self as eval, Report};
use crate::files::write_atomic;
use crate::model::schema::{Label, Relation};
use crate::text::offsets::char_bounds;
use doc_page::doc_page;
use index_page::index_page;
pub use markup::escape;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

/// A code point range as it appears in gazet's JSON.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct At {
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
}

/// A span as read for display.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ViewSpan {
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    #[serde(default)]
    /// The span's text.
    pub text: String,
    /// Its label.
    pub label: String,
    #[serde(default)]
    /// The entity id.
    pub entity: String,
    #[serde(default)]
    /// The entity's canonical name.
    pub name: String,
    #[serde(default)]
    /// The entity's kind.
    pub kind: String,
    #[serde(default)]
    /// Where the entity came from (`gazetteer`, `acronym`, `pattern`).
    pub source: String,
    #[serde(default)]
    /// The alias that matched.
    pub alias: String,
    #[serde(default)]
    /// For an ambiguous alias: every entity it may name.
    pub candidates: Vec<String>,
    #[serde(default)]
    /// Why the entity was chosen, for an ambiguous alias.
    pub reason: Option<String>,
    #[serde(default)]
    /// What a reader should know about the text.
    pub flags: Vec<String>,
    #[serde(default)]
    /// A match the flat selection did not keep.
    pub nested: bool,
    /// Fields this version does not know, shown on hover as they are.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// A relation's argument mention.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ViewAnchor {
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    #[serde(default)]
    /// The mention's label.
    pub label: String,
}

/// One piece of evidence of a relation.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ViewEvidence {
    /// The sentence that states the relation.
    pub sentence: At,
    #[serde(default)]
    /// The words that state it.
    pub trigger: Option<At>,
    #[serde(default)]
    /// The head's mention.
    pub head: Option<ViewAnchor>,
    #[serde(default)]
    /// The tail's mention.
    pub tail: Option<ViewAnchor>,
    #[serde(default)]
    /// The rule that found it.
    pub rule: String,
}

/// A relation as read for display.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ViewRelation {
    /// The relation's name.
    pub relation: String,
    /// The head entity's id.
    pub head: String,
    /// The tail entity's id.
    pub tail: String,
    #[serde(default)]
    /// The head entity's name.
    pub head_name: String,
    #[serde(default)]
    /// The tail entity's name.
    pub tail_name: String,
    #[serde(default)]
    /// The rule of the first evidence.
    pub rule: String,
    #[serde(default)]
    /// Every piece of evidence.
    pub evidence: Vec<ViewEvidence>,
}

/// One document's annotations, as read for display.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ViewDoc {
    /// The document id.
    pub doc: String,
    #[serde(default)]
    /// The file the document was read from.
    pub path: Option<String>,
    #[serde(default)]
    /// Its spans.
    pub spans: Vec<ViewSpan>,
    #[serde(default)]
    /// Its relations.
    pub relations: Vec<ViewRelation>,
    #[serde(default)]
    /// Its text, when the output holds it.
    pub text: Option<String>,
}

impl ViewDoc {
    /// The display form of an annotation made in this process.
    pub fn from_annotation(a: &crate::Annotation) -> ViewDoc {
        // Both sides are gazet's JSON form, so this cannot fail short of a
        // bug; an empty document is shown rather than a panic.
        serde_json::to_value(a)
            .and_then(serde_json::from_value)
            .unwrap_or_else(|_| ViewDoc {
                doc: a.doc.clone(),
                ..ViewDoc::default()
            })
    }
}

/// A document to render: its annotations and, if found, its text.
#[derive(Clone, Debug)]
pub struct Input {
    /// The annotations.
    pub doc: ViewDoc,
    /// The document's text, when it was found.
    pub text: Option<String>,
}

/// Reads gazet's output (a `.jsonl`/`.json` file, or a folder of them) for
/// display. Lines that are not gazet annotations are returned as problems
/// (`file:line: …`); the others are read.
pub fn read_annotations(path: &Path) -> (Vec<ViewDoc>, Vec<Problem>) {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    for file in dataset::gazet_files(path) {
        let name = file.display().to_string();
        let content = match crate::input::document::read_data_file(&file) {
            Ok(c) => c,
            Err(e) => {
                problems.push(Problem::Unreadable {
                    file: name,
                    source: Arc::new(e),
                });
                continue;
            }
        };
        for (n, line) in content.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<ViewDoc>(line) {
                Ok(d) => docs.push(d),
                Err(e) => problems.push(Problem::NotAnnotation {
                    file: name.clone(),
                    line: n + 1,
                    source: Arc::new(e),
                }),
            }
        }
    }
    (docs, problems)
}

/// Finds the text of each document: the one the output holds, else the
/// file its `path` names, if that lies where texts may be read (see
/// [`dataset::Texts`]), else `<doc>.txt`/`.md` in `texts`. A refused path
/// is noted in `problems`.
pub fn attach_texts(
    docs: Vec<ViewDoc>,
    texts: &dataset::Texts,
    problems: &mut Vec<Problem>,
) -> Vec<Input> {
    docs.into_iter()
        .map(|mut doc| {
            let text = match doc.text.take() {
                Some(t) => Some(t),
                None => texts.resolve(&doc.doc, doc.path.as_deref(), &doc.doc, problems),
            };
            Input { doc, text }
        })
        .collect()
}

/// What [`write()`] did.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// Document pages written.
    pub pages: usize,
    /// Spans shown.
    pub spans: usize,
    /// Relations shown.
    pub relations: usize,
    /// Spans left out and documents without text.
    pub problems: Vec<Problem>,
    /// The evaluation over all documents, in evaluation mode.
    pub report: Option<Report>,
}

/// Writes the report into `dir`: `index.html` and `docs/<page>.html` per
/// document. With `gold`, the documents are scored against it and the
/// differences shown; gold documents without predictions get a page too.
/// Document-local ids are paired with gold ids as `gazet eval` does, where
/// `known` says which ids are gazetteer entities.
pub fn write(
    dir: &Path,
    inputs: Vec<Input>,
    gold: Option<&Dataset>,
    known: &dyn Fn(&str) -> bool,
) -> Result<Rendered> {
    let mut inputs = inputs;
    let mut out = Rendered::default();
    // Gold documents without predictions: a page each, scored as all missed
    // and reported as such by the evaluation.
    let mut gold_only: HashSet<String> = HashSet::new();
    if let Some(gold) = gold {
        let have: HashSet<String> = inputs.iter().map(|i| i.doc.doc.clone()).collect();
        for (id, g) in &gold.docs {
            if !have.contains(id) {
                gold_only.insert(id.clone());
                inputs.push(Input {
                    doc: ViewDoc {
                        doc: id.clone(),
                        ..ViewDoc::default()
                    },
                    text: g.text.clone(),
                });
            }
        }
    }
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut rows = Vec::new();
    let mut predicted_all = Dataset::default();
    std::fs::create_dir_all(dir.join("docs")).map_err(|e| Error::io(dir, e))?;
    for input in &mut inputs {
        if input.text.is_none() {
            input.text = gold
                .and_then(|g| g.docs.get(&input.doc.doc))
                .and_then(|d| d.text.clone());
        }
        let mut page = page_name(&input.doc.doc);
        // Two inputs share a name only through truncation or a repeated
        // id; keep both. `~` is escaped in every page name, so the second
        // one's `~2` meets no other document's page (`-2` met id `a-2`).
        let seen = names.entry(page.clone()).or_default();
        *seen += 1;
        if *seen > 1 {
            page = format!("{page}~{seen}");
        }
        let text = input.text.as_deref();
        let (spans, mut problems) = checked_spans(&input.doc, text);
        let score = gold.map(|g| {
            let predicted = eval_doc(&input.doc, &spans, text);
            let one = |d: Option<&EvalDoc>| {
                let mut set = Dataset::default();
                if let Some(d) = d {
                    set.docs.insert(input.doc.doc.clone(), d.clone());
                }
                set
            };
            let in_gold = g.docs.contains_key(&input.doc.doc);
            let predicted = (!gold_only.contains(&input.doc.doc)).then_some(predicted);
            let gold_one = one(g.docs.get(&input.doc.doc));
            let mut predicted_one = one(predicted.as_ref());
            eval::align_local_ids(&gold_one, &mut predicted_one, known);
            let report = eval::evaluate(&gold_one, &predicted_one);
            if let Some(p) = predicted_one.docs.remove(&input.doc.doc) {
                predicted_all.docs.insert(input.doc.doc.clone(), p);
            }
            (in_gold, report)
        });
        if text.is_none() {
            problems.push(Problem::PageWithoutText {
                doc: input.doc.doc.clone(),
            });
        }
        let entities = entities::entities(&spans);
        let html = doc_page(
            &input.doc,
            text,
            &spans,
            &entities,
            score.as_ref().map(|s| &s.1),
        );
        write_atomic(
            &dir.join("docs").join(format!("{page}.html")),
            html.as_bytes(),
        )?;
        out.pages += 1;
        out.spans += spans.len();
        out.relations += input.doc.relations.len();
        out.problems.extend(problems);
        rows.push(Row {
            doc: input.doc.clone(),
            page,
            spans: spans.len(),
            score,
            entities,
        });
    }
    // By id, whatever order the files were walked or read in; the page
    // sorts by any column on a click.
    rows.sort_by(|a, b| a.doc.doc.cmp(&b.doc.doc));
    if let Some(g) = gold {
        out.report = Some(eval::evaluate(g, &predicted_all));
    }
    let html = index_page(&rows, out.report.as_ref());
    write_atomic(&dir.join("index.html"), html.as_bytes())?;
    Ok(out)
}

/// The file name (without `.html`) of a document's page: the id with every
/// byte other than ASCII letters, digits, `-` and `.` written `_XX` (so
/// `a/b` is `a_2Fb` and no two ids share a name), a leading `.` escaped too,
/// and ids too long for a file name cut, with a hash of the whole id.
pub fn page_name(doc: &str) -> String {
    let mut s = String::with_capacity(doc.len());
    for (i, b) in doc.bytes().enumerate() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' => s.push(b as char),
            b'.' if i > 0 => s.push('.'),
            _ => {
                let _ = write!(s, "_{b:02X}");
            }
        }
    }
    if s.is_empty() {
        s.push('_');
    }
    // Most file systems allow 255 bytes; `.html` and a `-N` suffix must fit.
    const MAX: usize = 200;
    if s.len() > MAX {
        // FNV-1a: stable across runs and platforms, unlike std's hasher.
        let hash = doc.bytes().fold(0xcbf29ce484222325u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x100000001b3)
        });
        s.truncate(MAX - 17);
        let _ = write!(s, "-{hash:016x}");
    }
    s
}

/// The spans of `doc` that agree with its text, with the problems of the
/// others. Without a text nothing can be checked or drawn.
fn checked_spans<'a>(doc: &'a ViewDoc, text: Option<&str>) -> (Vec<&'a ViewSpan>, Vec<Problem>) {
    let Some(text) = text else {
        return (doc.spans.iter().collect(), Vec::new());
    };
    let bounds = char_bounds(text);
    let mut problems = Vec::new();
    let spans = doc
        .spans
        .iter()
        .filter(|s| {
            let slice = slice(text, &bounds, s.start, s.end);
            let ok = s.start < s.end && slice.is_some_and(|t| s.text.is_empty() || t == s.text);
            if !ok {
                problems.push(Problem::SpanLeftOut {
                    doc: doc.doc.clone(),
                    start: s.start,
                    end: s.end,
                    text: s.text.clone(),
                    found: slice.map(str::to_owned),
                });
            }
            ok
        })
        .collect();
    (spans, problems)
}

fn slice<'t>(text: &'t str, bounds: &[usize], start: usize, end: usize) -> Option<&'t str> {
    let (&a, &b) = bounds.get(start).zip(bounds.get(end))?;
    text.get(a..b)
}

/// The document as the evaluator sees a prediction.
fn eval_doc(doc: &ViewDoc, spans: &[&ViewSpan], text: Option<&str>) -> EvalDoc {
    EvalDoc {
        spans: Some(
            spans
                .iter()
                .filter(|s| !s.nested)
                .filter_map(|s| {
                    Some(EvalSpan {
                        start: s.start,
                        end: s.end,
                        label: s.label.parse::<Label>().ok()?,
                        entity: s.entity.clone(),
                    })
                })
                .collect(),
        ),
        relations: Some(
            doc.relations
                .iter()
                .filter_map(|r| {
                    let rel = r.relation.parse::<Relation>().ok()?;
                    Some(dataset::canonical(r.head.clone(), rel, r.tail.clone()))
                })
                .collect(),
        ),
        text: text.map(str::to_owned),
        origin: doc.doc.clone(),
    }
}

/// One row of the index.
struct Row {
    doc: ViewDoc,
    page: String,
    spans: usize,
    /// Whether the document has gold, and its scores.
    score: Option<(bool, Report)>,
    /// Its entities, for the corpus's entity index.
    entities: Vec<entities::Entity>,
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn span(start: usize, end: usize, text: &str, label: &str) -> ViewSpan {
        ViewSpan {
            start,
            end,
            text: text.to_owned(),
            label: label.to_owned(),
            entity: text.to_lowercase(),
            source: "gazetteer".to_owned(),
            ..ViewSpan::default()
        }
    }

    #[test]
    fn page_names_are_safe_and_distinct() {
        for (id, want) in [
            ("central-asia-security", "central-asia-security"),
            ("a/b", "a_2Fb"),
            ("a_2Fb", "a_5F2Fb"),
            ("../etc/passwd", "_2E._2Fetc_2Fpasswd"),
            (".hidden", "_2Ehidden"),
            ("", "_"),
            ("Straße", "Stra_C3_9Fe"),
            ("a b\tc", "a_20b_09c"),
        ] {
            assert_eq!(page_name(id), want, "{id:?}");
        }
        let long = "x".repeat(500);
        let name = page_name(&long);
        assert_eq!(name.len(), 200);
        assert_ne!(name, page_name(&format!("{long}y")));
    }

    #[test]
    fn spans_that_disagree_with_the_text_are_left_out() {
        let doc = ViewDoc {
            doc: "d".into(),
            spans: vec![
                span(0, 4, "CSTO", "ORG"),
                span(5, 9, "XXXX", "LOC"),
                span(8, 99, "far", "LOC"),
                span(3, 3, "", "LOC"),
            ],
            ..ViewDoc::default()
        };
        let (ok, problems) = checked_spans(&doc, Some("CSTO met"));
        assert_eq!(ok.len(), 1);
        assert_eq!(problems.len(), 3);
    }
}
