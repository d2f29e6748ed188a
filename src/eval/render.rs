//! A static HTML report of annotations: `index.html` with one row per
//! document, and one page per document with its entities highlighted in the
//! text, its relations with their evidence, and, given gold, the
//! differences from it marked in place.
//!
//! Every page stands alone: inline CSS, a few lines of inline script (to
//! light up the other mentions of an entity on hover), no external URL, and
//! a Content-Security-Policy that forbids loading anything, so the report
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

use crate::error::{Error, Result};
use crate::eval::dataset::{self, Dataset, EvalDoc, EvalSpan};
use crate::eval::score::{self as eval, ErrorCase, Report, Schema};
use crate::files::write_atomic;
use crate::model::schema::{Label, Relation};
use crate::text::offsets::char_bounds;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

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
    pub head: Option<At>,
    #[serde(default)]
    /// The tail's mention.
    pub tail: Option<At>,
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
pub fn read_annotations(path: &Path) -> (Vec<ViewDoc>, Vec<String>) {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    for file in dataset::gazet_files(path) {
        let name = file.display().to_string();
        let content = match crate::input::document::read_data_file(&file) {
            Ok(c) => c,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        for (n, line) in content.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<ViewDoc>(line) {
                Ok(d) => docs.push(d),
                Err(e) => problems.push(format!("{name}:{}: not a gazet annotation: {e}", n + 1)),
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
    problems: &mut Vec<String>,
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
    /// Spans left out and documents without text, as `doc: problem`.
    pub problems: Vec<String>,
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
            problems.push(crate::eval::dataset::NO_TEXT.to_owned());
        }
        let html = doc_page(&input.doc, text, &spans, score.as_ref().map(|s| &s.1));
        write_atomic(
            &dir.join("docs").join(format!("{page}.html")),
            html.as_bytes(),
        )?;
        out.pages += 1;
        out.spans += spans.len();
        out.relations += input.doc.relations.len();
        out.problems
            .extend(problems.iter().map(|p| format!("{}: {p}", input.doc.doc)));
        rows.push(Row {
            doc: input.doc.clone(),
            page,
            spans: spans.len(),
            score,
        });
    }
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

/// `s` escaped for HTML text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("&#10;"),
            c => out.push(c),
        }
    }
    out
}

/// Text content: escaped, line breaks kept as they are.
fn html_text(s: &str) -> String {
    escape(s).replace("&#10;", "\n")
}

/// The spans of `doc` that agree with its text, with the problems of the
/// others. Without a text nothing can be checked or drawn.
fn checked_spans<'a>(doc: &'a ViewDoc, text: Option<&str>) -> (Vec<&'a ViewSpan>, Vec<String>) {
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
                problems.push(format!(
                    "span {}..{} {:?} does not match the text there ({:?}); left out",
                    s.start,
                    s.end,
                    s.text,
                    slice.unwrap_or("out of range")
                ));
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
}

/// A highlight over `[start, end)` (code points): one element, or several
/// fragments where it crosses the end of another.
#[derive(Clone, Debug)]
struct Mark {
    start: usize,
    end: usize,
    /// The element's class; fragments after the first add `cont`.
    class: String,
    /// Further attributes, escaped, with a leading space.
    attrs: String,
}

/// `text[lo..hi]` (code points) as HTML, with `marks` as nested `<span>`
/// elements. Marks are opened outermost first (earlier start, then longer),
/// so containment nests naturally and only crossings need fragments.
fn marked(text: &str, bounds: &[usize], lo: usize, hi: usize, marks: &[Mark]) -> String {
    let mut marks: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.start < m.end && m.start >= lo && m.end <= hi)
        .collect();
    marks.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut cuts: Vec<usize> = marks.iter().flat_map(|m| [m.start, m.end]).collect();
    cuts.extend([lo, hi]);
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::new();
    let mut open: Vec<usize> = Vec::new();
    let mut opened = vec![false; marks.len()];
    // A sweep: `active` holds the marks over the current piece, in the
    // sorted order, so a long document with many spans stays linear.
    let mut active: Vec<usize> = Vec::new();
    let mut next = 0;
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        active.retain(|&i| marks[i].end > a);
        while let Some(m) = marks.get(next).filter(|m| m.start <= a) {
            if m.end > a {
                active.push(next);
            }
            next += 1;
        }
        let keep = open.iter().zip(&active).take_while(|(x, y)| x == y).count();
        for _ in keep..open.len() {
            out.push_str("</span>");
        }
        open.truncate(keep);
        for &i in &active[keep..] {
            let m = marks[i];
            let cont = if opened[i] { " cont" } else { "" };
            let _ = write!(out, "<span class=\"{}{cont}\"{}>", m.class, m.attrs);
            opened[i] = true;
            open.push(i);
        }
        out.push_str(&html_text(slice(text, bounds, a, b).unwrap_or("")));
    }
    for _ in 0..open.len() {
        out.push_str("</span>");
    }
    out
}

/// A CSS class name made of `s`: letters, digits, `-` and `_` only.
fn class_part(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The colours of a label: the guidelines' three have their own, any other
/// one of a few more, picked by its name.
fn label_colour(label: &str) -> (&'static str, &'static str) {
    const OTHERS: [(&str, &str); 4] = [
        ("#fef3c7", "#b45309"),
        ("#e0e7ff", "#4338ca"),
        ("#ccfbf1", "#0f766e"),
        ("#ffe4e6", "#be123c"),
    ];
    match label {
        "ORG" => ("#dbeafe", "#1d4ed8"),
        "LOC" => ("#dcfce7", "#15803d"),
        "PER" => ("#f3e8ff", "#7e22ce"),
        other => {
            let h = other.bytes().fold(0usize, |h, b| h * 31 + b as usize);
            OTHERS[h % OTHERS.len()]
        }
    }
}

fn label_style(label: &str) -> String {
    let (bg, fg) = label_colour(label);
    format!(" style=\"--bg:{bg};--fg:{fg}\"")
}

/// The hover text of a span.
fn span_title(s: &ViewSpan) -> String {
    let mut t = format!("{} {}", s.label, s.entity);
    if !s.name.is_empty() {
        let _ = write!(t, "\n{}", s.name);
    }
    if !s.kind.is_empty() {
        let _ = write!(t, "\nkind: {}", s.kind);
    }
    if !s.source.is_empty() {
        let _ = write!(t, "\nsource: {}", s.source);
    }
    if !s.alias.is_empty() {
        let _ = write!(t, "\nalias: {}", s.alias);
    }
    if !s.candidates.is_empty() {
        let _ = write!(t, "\ncandidates: {}", s.candidates.join(", "));
    }
    if let Some(r) = &s.reason {
        let _ = write!(t, "\nreason: {}", r.replace('_', " "));
    }
    if !s.flags.is_empty() {
        let _ = write!(t, "\nflags: {}", s.flags.join(", "));
    }
    if s.nested {
        t.push_str("\nnested (not in the flat spans)");
    }
    for (k, v) in &s.other {
        let v = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
        let _ = write!(t, "\n{k}: {v}");
    }
    t
}

/// The error kinds, as the evaluator names them, with how the page calls
/// them.
const ERROR_KINDS: [(&str, &str); 6] = [
    ("missed", "missed (gold only)"),
    ("spurious", "spurious"),
    ("wrong_label", "wrong label"),
    ("boundary", "wrong boundary"),
    ("boundary_and_label", "wrong boundary and label"),
    ("wrong_entity", "wrong entity"),
];

fn error_name(kind: &str) -> &str {
    ERROR_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(kind, |(_, n)| n)
}

/// The marks of a document's spans, with the evaluation's errors on them
/// and, for gold the prediction missed or bounded otherwise, gold marks.
fn span_marks(spans: &[&ViewSpan], errors: &[&ErrorCase]) -> Vec<Mark> {
    let mut marks: Vec<Mark> = spans
        .iter()
        .map(|s| {
            let mut class = format!("ent src-{}", class_part(&s.source));
            for f in &s.flags {
                let _ = write!(class, " flag-{}", class_part(f));
            }
            if !s.flags.is_empty() {
                class.push_str(" flagged");
            }
            if s.candidates.len() > 1 {
                class.push_str(" ambiguous");
            }
            if s.nested {
                class.push_str(" nested");
            }
            let tag = format!(
                "{}{}",
                s.label,
                if s.candidates.len() > 1 { " ?" } else { "" }
            );
            Mark {
                start: s.start,
                end: s.end,
                class,
                attrs: format!(
                    "{} data-label=\"{}\" data-entity=\"{}\" title=\"{}\"",
                    label_style(&s.label),
                    escape(&tag),
                    escape(&s.entity),
                    escape(&span_title(s))
                ),
            }
        })
        .collect();
    let flat: HashMap<(usize, usize, &str), usize> = spans
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.nested)
        .map(|(i, s)| ((s.start, s.end, s.label.as_str()), i))
        .collect();
    for e in errors {
        let gold = e.gold.as_ref();
        let predicted = e
            .predicted
            .as_ref()
            .and_then(|p| flat.get(&(p.start, p.end, p.label.as_str())).copied());
        let what = match (e.kind, gold) {
            ("wrong_entity", Some(g)) => format!("gold entity: {}", g.entity),
            (_, Some(g)) => format!("gold: {} {}..{} {:?}", g.label, g.start, g.end, g.text),
            _ => "not in the gold".to_owned(),
        };
        if let Some(i) = predicted {
            let m = &mut marks[i];
            let _ = write!(m.class, " err e-{}", e.kind);
            // The title is the last attribute: add the error to it.
            m.attrs.truncate(m.attrs.len() - 1);
            let _ = write!(
                m.attrs,
                "{}\"",
                escape(&format!("\n✗ {}: {what}", error_name(e.kind)))
            );
        }
        if let (Some(g), true) = (gold, predicted.is_none() || e.kind.starts_with("boundary")) {
            let (class, title) = if predicted.is_none() {
                (
                    "gold err e-missed".to_owned(),
                    format!("✗ missed: {}", what),
                )
            } else {
                ("gold e-extent".to_owned(), format!("gold extent: {what}"))
            };
            marks.push(Mark {
                start: g.start,
                end: g.end,
                class,
                attrs: format!(
                    "{} data-label=\"{}\" title=\"{}\"",
                    label_style(g.label.as_str()),
                    escape(&format!("gold {}", g.label)),
                    escape(&title)
                ),
            });
        }
    }
    marks
}

fn page_head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"gazet {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n",
        env!("CARGO_PKG_VERSION"),
        html_text(title)
    )
}

/// The legend of labels and markings used on a page.
fn legend(labels: &[&str], nested: bool, eval: bool) -> String {
    let mut out = String::from("<div class=\"legend\"><span class=\"legend-title\">Labels</span>");
    for l in labels {
        let _ = write!(
            out,
            "<span class=\"key ent-key\"{}>{}</span>",
            label_style(l),
            html_text(l)
        );
    }
    out.push_str(
        "<span class=\"legend-title\">Marks</span>\
         <span class=\"key mark-key ambiguous\">ambiguous ?</span>\
         <span class=\"key mark-key flagged\">flagged: look-alike letter, line break, hyphenation</span>\
         <span class=\"key mark-key src-acronym\">acronym defined in the document</span>",
    );
    if nested {
        out.push_str("<span class=\"key mark-key nested\">nested name (--overlaps)</span>");
    }
    if eval {
        out.push_str("<span class=\"legend-title\">Against gold</span>");
        for (k, n) in ERROR_KINDS {
            let class = if k == "missed" { "gold" } else { "err-key" };
            let _ = write!(out, "<span class=\"key {class} err e-{k}\">{n}</span>");
        }
        out.push_str("<span class=\"key gold e-extent\">gold extent</span>");
    }
    out.push_str("</div>\n");
    out
}

fn fmt_score(x: f64) -> String {
    format!("{x:.3}")
}

/// A class for a score cell, so that weak documents stand out.
fn score_class(f1: f64) -> &'static str {
    if f1 >= 0.9 {
        "good"
    } else if f1 >= 0.7 {
        "fair"
    } else {
        "poor"
    }
}

fn doc_page(
    doc: &ViewDoc,
    text: Option<&str>,
    spans: &[&ViewSpan],
    score: Option<&Report>,
) -> String {
    let mut out = page_head(&format!("{} · gazet", doc.doc));
    out.push_str("<body>\n<nav><a href=\"../index.html\">← All documents</a></nav>\n");
    let _ = writeln!(out, "<h1>{}</h1>", html_text(&doc.doc));
    if let Some(p) = &doc.path {
        let _ = writeln!(out, "<p class=\"path\">{}</p>", html_text(p));
    }
    // Counts.
    let mut by_label: BTreeMap<&str, usize> = BTreeMap::new();
    for s in spans.iter().filter(|s| !s.nested) {
        *by_label.entry(s.label.as_str()).or_default() += 1;
    }
    let count = |f: &dyn Fn(&ViewSpan) -> bool| spans.iter().filter(|s| f(s)).count();
    out.push_str("<div class=\"stats\">");
    let _ = write!(
        out,
        "<span class=\"stat\"><b>{}</b> spans</span>",
        spans.iter().filter(|s| !s.nested).count()
    );
    for (l, n) in &by_label {
        let _ = write!(
            out,
            "<span class=\"stat\"{}><b>{n}</b> {}</span>",
            label_style(l),
            html_text(l)
        );
    }
    let nested = count(&|s| s.nested);
    if nested > 0 {
        let _ = write!(out, "<span class=\"stat\"><b>{nested}</b> nested</span>");
    }
    let _ = write!(
        out,
        "<span class=\"stat\"><b>{}</b> ambiguous</span><span class=\"stat\"><b>{}</b> flagged</span>\
         <span class=\"stat\"><b>{}</b> relations</span>",
        count(&|s| s.candidates.len() > 1),
        count(&|s| !s.flags.is_empty()),
        doc.relations.len()
    );
    out.push_str("</div>\n");
    if let Some(r) = score {
        out.push_str(&score_block(r));
    }
    let errors: Vec<&ErrorCase> = score.map_or(Vec::new(), |r| r.errors.iter().collect());
    let mut labels: Vec<&str> = spans.iter().map(|s| s.label.as_str()).collect();
    labels.extend(["ORG", "LOC", "PER"]);
    labels.sort_unstable();
    labels.dedup();
    out.push_str(&legend(&labels, nested > 0, score.is_some()));
    match text {
        Some(t) => {
            let bounds = char_bounds(t);
            let span_errors: Vec<&ErrorCase> = errors
                .iter()
                .copied()
                .filter(|e| e.relation.is_none())
                .collect();
            let marks = span_marks(spans, &span_errors);
            out.push_str("<section class=\"doc\"><h2>Text</h2><div class=\"text\" id=\"text\">");
            out.push_str(&marked(t, &bounds, 0, bounds.len() - 1, &marks));
            out.push_str("</div></section>\n");
            out.push_str(&relations_section(
                doc,
                Some((t, &bounds)),
                &errors,
                score.is_some(),
            ));
        }
        None => {
            // The JSON still says what was found where: list it, so a
            // report of saved output is of use before its texts are found.
            out.push_str(
                "<p class=\"problem\">The document's text was not found, so its spans are \
                 listed, not shown in place, and the evidence is given by its offsets.</p>\n",
            );
            out.push_str(&span_list(spans));
            out.push_str(&relations_section(doc, None, &errors, score.is_some()));
        }
    }
    out.push_str(&footer());
    out.push_str(SCRIPT);
    out.push_str("</body>\n</html>\n");
    out
}

fn score_block(r: &Report) -> String {
    let mut out = String::from(
        "<table class=\"scores\"><tr><th></th><th>P</th><th>R</th><th>F1</th><th>details</th></tr>",
    );
    if let Some(c) = r.spans.get(&Schema::Strict) {
        let _ = write!(
            out,
            "<tr><th>spans (strict)</th><td>{}</td><td>{}</td><td class=\"{}\">{}</td>\
             <td>{} correct, {} incorrect, {} partial, {} missed, {} spurious</td></tr>",
            fmt_score(c.precision()),
            fmt_score(c.recall()),
            score_class(c.f1()),
            fmt_score(c.f1()),
            c.correct,
            c.incorrect,
            c.partial,
            c.missed,
            c.spurious
        );
    }
    let c = &r.relations;
    let _ = write!(
        out,
        "<tr><th>relations</th><td>{}</td><td>{}</td><td class=\"{}\">{}</td>\
         <td>{} correct, {} spurious, {} missed</td></tr>",
        fmt_score(c.precision()),
        fmt_score(c.recall()),
        score_class(c.f1()),
        fmt_score(c.f1()),
        c.tp,
        c.fp,
        c.fn_
    );
    if r.entity_ids.scored > 0 {
        let _ = write!(
            out,
            "<tr><th>entity ids</th><td colspan=\"3\">{}/{}</td><td>on strict matches</td></tr>",
            r.entity_ids.correct, r.entity_ids.scored
        );
    }
    out.push_str("</table>\n");
    out
}

/// The relation list: each with its evidence sentences, trigger, head and
/// tail marked; in evaluation mode with its verdict, and the missed ones.
/// The spans as a table, for a document whose text was not found.
fn span_list(spans: &[&ViewSpan]) -> String {
    let mut out = String::from("<section class=\"spans\"><h2>Spans</h2>\n");
    if spans.is_empty() {
        out.push_str("<p class=\"none\">No spans.</p>\n</section>\n");
        return out;
    }
    out.push_str(
        "<table class=\"span-list\"><thead><tr><th>offsets</th><th>label</th><th>text</th>\
         <th>entity</th><th>source</th></tr></thead><tbody>\n",
    );
    for s in spans {
        let _ = writeln!(
            out,
            "<tr class=\"listed{}\"><td>{}..{}</td><td{}>{}</td><td>{}</td>\
             <td>{}<br><code>{}</code></td><td>{}</td></tr>",
            if s.nested { " nested" } else { "" },
            s.start,
            s.end,
            label_style(&s.label),
            html_text(&s.label),
            html_text(&s.text),
            html_text(&s.name),
            html_text(&s.entity),
            html_text(&s.source),
        );
    }
    out.push_str("</tbody></table>\n</section>\n");
    out
}

/// The relations with their evidence: marked in its sentence when the
/// text is known (with its code-point bounds), else given by offsets.
fn relations_section(
    doc: &ViewDoc,
    text: Option<(&str, &[usize])>,
    errors: &[&ErrorCase],
    eval: bool,
) -> String {
    let mut out = String::from("<section class=\"relations\"><h2>Relations</h2>\n");
    if doc.relations.is_empty() {
        out.push_str("<p class=\"none\">No relations.</p>\n");
    } else {
        out.push_str(
            "<table class=\"rels\"><thead><tr><th>relation</th><th>head</th><th>tail</th>\
             <th>evidence</th></tr></thead><tbody>\n",
        );
        let spurious: HashSet<&str> = errors
            .iter()
            .filter(|e| e.kind == "relation_spurious")
            .filter_map(|e| e.relation.as_deref())
            .collect();
        for r in &doc.relations {
            // As the evaluator shows a relation; a symmetric one may be
            // shown the other way round.
            let shown = format!("{}({}, {})", r.relation, r.head, r.tail);
            let flipped = format!("{}({}, {})", r.relation, r.tail, r.head);
            let spurious = spurious.contains(shown.as_str()) || spurious.contains(flipped.as_str());
            let verdict = match (eval, spurious) {
                (false, _) => "",
                (true, true) => " err e-relation_spurious",
                (true, false) => " ok",
            };
            let _ = write!(
                out,
                "<tr class=\"rel{verdict}\"><td class=\"reltype\">{}{}</td>\
                 <td><span class=\"arg-head\">{}</span><br><code>{}</code></td>\
                 <td><span class=\"arg-tail\">{}</span><br><code>{}</code></td><td>",
                html_text(&r.relation),
                if spurious {
                    "<br><span class=\"verdict\">✗ not in the gold</span>"
                } else {
                    ""
                },
                html_text(&r.head_name),
                html_text(&r.head),
                html_text(&r.tail_name),
                html_text(&r.tail),
            );
            for e in &r.evidence {
                let rule = html_text(if e.rule.is_empty() { &r.rule } else { &e.rule });
                let Some((t, bounds)) = text else {
                    let _ = write!(
                        out,
                        "<div class=\"evidence\">sentence {}..{} <span class=\"rule\">{rule}</span></div>",
                        e.sentence.start, e.sentence.end
                    );
                    continue;
                };
                let chars = bounds.len() - 1;
                let (lo, hi) = (e.sentence.start.min(chars), e.sentence.end.min(chars));
                let mut marks = Vec::new();
                for (at, class) in [
                    (e.head, "arg-head"),
                    (e.tail, "arg-tail"),
                    (e.trigger, "trig"),
                ] {
                    if let Some(a) = at {
                        marks.push(Mark {
                            start: a.start,
                            end: a.end,
                            class: class.to_owned(),
                            attrs: String::new(),
                        });
                    }
                }
                let _ = write!(
                    out,
                    "<div class=\"evidence\"><q>{}</q> <span class=\"rule\">{rule}</span></div>",
                    marked(t, bounds, lo, hi.max(lo), &marks),
                );
            }
            out.push_str("</td></tr>\n");
        }
        out.push_str("</tbody></table>\n");
    }
    let missed: Vec<&&ErrorCase> = errors
        .iter()
        .filter(|e| e.kind == "relation_missed")
        .collect();
    if !missed.is_empty() {
        out.push_str("<h3>Missed relations (in the gold only)</h3><ul class=\"missed-rels\">");
        for e in missed {
            let _ = write!(
                out,
                "<li class=\"rel-missed err\">{}</li>",
                html_text(e.relation.as_deref().unwrap_or(""))
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
    out
}

fn index_page(rows: &[Row], total: Option<&Report>) -> String {
    let eval = total.is_some();
    let mut out = page_head("gazet report");
    out.push_str("<body>\n<h1>gazet report</h1>\n");
    let spans: usize = rows.iter().map(|r| r.spans).sum();
    let relations: usize = rows.iter().map(|r| r.doc.relations.len()).sum();
    let _ = writeln!(
        out,
        "<div class=\"stats\"><span class=\"stat\"><b>{}</b> documents</span>\
         <span class=\"stat\"><b>{spans}</b> spans</span><span class=\"stat\"><b>{relations}</b> relations</span></div>",
        rows.len()
    );
    if let Some(r) = total {
        let _ = writeln!(
            out,
            "<h2>Against gold ({} documents scored)</h2>",
            r.documents
        );
        out.push_str(&score_block(r));
    }
    let mut labels: Vec<&str> = rows
        .iter()
        .flat_map(|r| r.doc.spans.iter().map(|s| s.label.as_str()))
        .collect();
    labels.extend(["ORG", "LOC", "PER"]);
    labels.sort_unstable();
    labels.dedup();
    out.push_str(
        "<h2>Documents</h2>\n<table class=\"index\"><thead><tr><th>document</th><th>spans</th>",
    );
    for l in &labels {
        let _ = write!(
            out,
            "<th><span class=\"key ent-key\"{}>{}</span></th>",
            label_style(l),
            html_text(l)
        );
    }
    out.push_str("<th>ambiguous</th><th>flagged</th><th>relations</th>");
    if eval {
        out.push_str("<th>P</th><th>R</th><th>F1</th><th>relations F1</th><th>errors</th>");
    }
    out.push_str("</tr></thead><tbody>\n");
    for r in rows {
        let flat: Vec<&ViewSpan> = r.doc.spans.iter().filter(|s| !s.nested).collect();
        let _ = write!(
            out,
            "<tr class=\"doc-row\"><td><a href=\"docs/{}.html\">{}</a></td><td>{}</td>",
            escape(&r.page),
            html_text(&r.doc.doc),
            flat.len()
        );
        for l in &labels {
            let n = flat.iter().filter(|s| s.label == *l).count();
            let _ = write!(out, "<td>{n}</td>");
        }
        let _ = write!(
            out,
            "<td>{}</td><td>{}</td><td>{}</td>",
            r.doc
                .spans
                .iter()
                .filter(|s| s.candidates.len() > 1)
                .count(),
            r.doc.spans.iter().filter(|s| !s.flags.is_empty()).count(),
            r.doc.relations.len()
        );
        match &r.score {
            Some((true, rep)) => {
                let c = rep.spans.get(&Schema::Strict).copied().unwrap_or_default();
                let _ = write!(
                    out,
                    "<td>{}</td><td>{}</td><td class=\"{}\">{}</td><td class=\"{}\">{}</td><td>{}</td>",
                    fmt_score(c.precision()),
                    fmt_score(c.recall()),
                    score_class(c.f1()),
                    fmt_score(c.f1()),
                    score_class(rep.relations.f1()),
                    fmt_score(rep.relations.f1()),
                    rep.errors.len()
                );
            }
            Some((false, _)) => out.push_str("<td colspan=\"5\" class=\"none\">no gold</td>"),
            None => {}
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
    out.push_str(&footer());
    out.push_str("</body>\n</html>\n");
    out
}

fn footer() -> String {
    format!(
        "<footer>Made by gazet {} · offsets in Unicode code points</footer>\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// Hovering a mention outlines every mention of the same entity.
const SCRIPT: &str = "<script>\
document.querySelectorAll('#text .ent').forEach(function (el) {\
  var id = el.getAttribute('data-entity');\
  el.addEventListener('mouseenter', function () {\
    document.querySelectorAll('#text .ent').forEach(function (o) {\
      if (o.getAttribute('data-entity') === id) o.classList.add('same');\
    });\
  });\
  el.addEventListener('mouseleave', function () {\
    document.querySelectorAll('#text .same').forEach(function (o) { o.classList.remove('same'); });\
  });\
});\
</script>\n";

const CSS: &str = r#"
:root { --ink: #1f2328; --muted: #656d76; --line: #d0d7de; --paper: #ffffff; --wash: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 70rem; padding: 1.5rem 2rem 3rem; color: var(--ink); background: var(--paper);
  font: 15px/1.5 -apple-system, "Segoe UI", "Helvetica Neue", Arial, "Noto Sans", sans-serif; }
h1 { font-size: 1.6rem; margin: .3rem 0 .2rem; font-weight: 600; word-break: break-all; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .6rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); font-weight: 600; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
nav a, td a { color: #0969da; text-decoration: none; }
nav a:hover, td a:hover { text-decoration: underline; }
.path { color: var(--muted); margin: 0 0 .6rem; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85rem; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .8rem; color: var(--muted); }
.stats { display: flex; flex-wrap: wrap; gap: .4rem; margin: .6rem 0; }
.stat { background: var(--wash); border: 1px solid var(--line); border-radius: 1rem; padding: .1rem .7rem; font-size: .85rem; }
.stat[style] { background: var(--bg); border-color: var(--fg); color: var(--fg); }
.legend { display: flex; flex-wrap: wrap; align-items: center; gap: .35rem .5rem; margin: .8rem 0; padding: .6rem .8rem;
  background: var(--wash); border: 1px solid var(--line); border-radius: 6px; font-size: .8rem; }
.legend-title { font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; font-size: .7rem; margin-left: .4rem; }
.legend-title:first-child { margin-left: 0; }
.key { padding: .05rem .45rem; border-radius: 3px; background: #fff; border: 1px solid var(--line); }
.ent-key { background: var(--bg); color: var(--fg); border: 0; border-bottom: 2px solid var(--fg); font-weight: 600; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font: 16px/2.1 Georgia, "Times New Roman", serif; padding: 1.2rem 1.5rem;
  border: 1px solid var(--line); border-radius: 6px; background: #fffdf8; }
.ent { background: var(--bg); border-bottom: 2px solid var(--fg); border-radius: 3px; padding: 1px 2px; cursor: help; }
.ent::after { content: attr(data-label); font: 600 .55rem/1 -apple-system, "Segoe UI", Arial, sans-serif; color: var(--fg);
  margin-left: 3px; vertical-align: .35em; letter-spacing: .03em; }
.ent.cont::after { content: none; }
.ent .ent { background: rgba(255,255,255,.6); }
.ent.nested { border-bottom-style: dotted; }
.ent.ambiguous { border-bottom-style: double; border-bottom-width: 3px; }
.ent.flagged, .mark-key.flagged { text-decoration: underline wavy #d97706; text-decoration-skip-ink: none; text-underline-offset: 4px; }
.ent.src-acronym, .mark-key.src-acronym { outline: 1px dashed #57606a; outline-offset: 1px; }
.mark-key.ambiguous { border-bottom: 3px double #57606a; }
.mark-key.nested { border-bottom: 2px dotted #57606a; }
.ent.same { box-shadow: 0 0 0 2px var(--fg); }
.err.e-spurious { outline: 2px solid #cf222e; outline-offset: 1px; }
.err.e-wrong_label { outline: 2px solid #bc4c00; outline-offset: 1px; }
.err.e-boundary { outline: 2px solid #8250df; outline-offset: 1px; }
.err.e-boundary_and_label { outline: 2px solid #bf3989; outline-offset: 1px; }
.err.e-wrong_entity { outline: 2px solid #7d4e00; outline-offset: 1px; }
.gold { border: 2px dashed #cf222e; border-radius: 3px; padding: 0 2px; }
.gold::before { content: attr(data-label); font: 600 .55rem/1 -apple-system, "Segoe UI", Arial, sans-serif; color: #cf222e;
  margin-right: 3px; vertical-align: .35em; }
.gold.cont::before { content: none; }
.gold.e-extent { border: 0; border-bottom: 2px dotted #57606a; padding: 0; }
.gold.e-extent::before { content: none; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th, .scores tr:first-child th { background: var(--wash); font-weight: 600; font-size: .8rem; color: var(--muted); }
.index td:not(:first-child), .index th:not(:first-child) { text-align: right; font-variant-numeric: tabular-nums; }
.scores { width: auto; margin: .6rem 0; }
.scores td { font-variant-numeric: tabular-nums; }
td.good { color: #1a7f37; font-weight: 600; } td.fair { color: #9a6700; font-weight: 600; } td.poor { color: #cf222e; font-weight: 600; }
.reltype { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .8rem; white-space: nowrap; }
.arg-head { color: #0550ae; font-weight: 600; } .arg-tail { color: #116329; font-weight: 600; }
.evidence { font-family: Georgia, "Times New Roman", serif; margin: .1rem 0 .4rem; white-space: pre-wrap; }
.evidence q { quotes: "\201C" "\201D"; }
.evidence .arg-head { border-bottom: 2px solid #0550ae; } .evidence .arg-tail { border-bottom: 2px solid #116329; }
.trig { background: #fff8c5; border-radius: 2px; }
.rule { font: .75rem ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; color: var(--muted); background: var(--wash);
  border-radius: 3px; padding: 0 .3rem; white-space: nowrap; }
tr.rel.e-relation_spurious { background: #ffebe9; }
.verdict { color: #cf222e; font-size: .75rem; }
.missed-rels li { color: #cf222e; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85rem; }
.none { color: var(--muted); }
.problem { color: #cf222e; }
footer { margin-top: 2rem; color: var(--muted); font-size: .75rem; }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, text: &str, label: &str) -> ViewSpan {
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
    fn escaping() {
        for (raw, want) in [
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            ("a & \"b\" 'c'", "a &amp; &quot;b&quot; &#39;c&#39;"),
            ("x\ny", "x&#10;y"),
        ] {
            assert_eq!(escape(raw), want);
        }
        assert_eq!(html_text("<b>\n"), "&lt;b&gt;\n");
    }

    #[test]
    fn marks_nest_and_cut_at_crossings() {
        let t = "abcdefgh";
        let b = char_bounds(t);
        let m = |start, end, class: &str| Mark {
            start,
            end,
            class: class.to_owned(),
            attrs: String::new(),
        };
        for (marks, want) in [
            (vec![], "abcdefgh"),
            (vec![m(2, 4, "x")], "ab<span class=\"x\">cd</span>efgh"),
            (
                vec![m(3, 4, "in"), m(1, 6, "out")],
                "a<span class=\"out\">bc<span class=\"in\">d</span>ef</span>gh",
            ),
            (
                vec![m(1, 4, "p"), m(3, 6, "q")],
                "a<span class=\"p\">bc<span class=\"q\">d</span></span><span class=\"q cont\">ef</span>gh",
            ),
            (vec![m(0, 8, "all"), m(9, 12, "outside")], "<span class=\"all\">abcdefgh</span>"),
        ] {
            assert_eq!(marked(t, &b, 0, 8, &marks), want);
        }
        // Code points, not bytes.
        let t = "İş <a>";
        let b = char_bounds(t);
        assert_eq!(
            marked(t, &b, 0, 6, &[m(3, 6, "x")]),
            "İş <span class=\"x\">&lt;a&gt;</span>"
        );
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

    #[test]
    fn unknown_sources_flags_and_fields_render() {
        let line = r#"{"doc":"d","spans":[{"start":0,"end":4,"text":"CSTO","label":"ORG","entity":"csto",
            "name":"Collective Security Treaty Organization","kind":"alliance","source":"pattern",
            "alias":"CSTO","rule":"org.acronym","flags":["something_new"]}],
            "relations":[{"relation":"sponsors","head":"csto","tail":"csto","evidence":[{"sentence":{"start":0,"end":4}}]}]}"#;
        let doc: ViewDoc = serde_json::from_str(&line.replace('\n', " ")).unwrap();
        let spans: Vec<&ViewSpan> = doc.spans.iter().collect();
        let html = doc_page(&doc, Some("CSTO"), &spans, None);
        assert!(html.contains("src-pattern"));
        assert!(html.contains("flag-something_new"));
        assert!(html.contains("rule: org.acronym"));
        assert!(html.contains("sponsors"));
    }

    #[test]
    fn script_in_a_document_is_text() {
        let t = "<script>alert(1)</script> CSTO";
        let doc = ViewDoc {
            doc: "<b>x</b>".into(),
            spans: vec![span(26, 30, "CSTO", "<i>")],
            ..ViewDoc::default()
        };
        let spans: Vec<&ViewSpan> = doc.spans.iter().collect();
        let html = doc_page(&doc, Some(t), &spans, None);
        assert!(!html.contains("<script>alert"));
        assert!(!html.contains("<b>x"));
        assert!(!html.contains("<i>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn no_external_references() {
        let doc = ViewDoc {
            doc: "d".into(),
            ..ViewDoc::default()
        };
        let html = doc_page(&doc, Some("http://example.org"), &[], None);
        let without_text = html.replace("http://example.org", "");
        assert!(!without_text.contains("://"));
        assert!(!without_text.contains("src="));
    }
}
