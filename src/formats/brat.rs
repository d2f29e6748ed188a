//! brat standoff: gold made with the brat annotation tool, and gazet's
//! output for correction in it.
//!
//! A brat document is a `.txt` file and an `.ann` file beside it, one
//! annotation per line (shown aligned with spaces; in the file the three
//! columns are separated by one tab each, and the parts of the middle one
//! by single spaces):
//!
//! ```text
//! T1  ORG 126 159            Shanghai Cooperation Organization
//! T2  LOC 0 5;9 14           North Korea
//! T3  LOC 230 240            Kazakhstan
//! N1  Reference T1 gazet:sco Shanghai Cooperation Organization
//! R1  member_of Arg1:T3 Arg2:T1
//! ```
//!
//! Offsets are code points of the `.txt`, `[start, end)`, as in gazet's
//! own gold format, so nothing is converted. The choices:
//!
//! - **The text column is checked, not trusted.** brat writes it from the
//!   `.txt`, so a mismatch means the `.ann` belongs to another version of
//!   the document; every such line is reported with both texts. A text
//!   column cannot hold a line break: brat (and [`write()`]) puts a space
//!   there, so the comparison does the same to the document.
//! - **Discontinuous spans are kept, at their outer extent.** gazet's spans
//!   are contiguous, so `0 5;9 14` is scored as `0..14`. Rejecting them
//!   would make a whole file unusable for one odd span; dropping them would
//!   score a correct prediction as a false positive. A warning names each,
//!   so a scorer can show that the match was approximate.
//! - **Entity ids come from `N` (normalization) lines.** brat's way of
//!   linking a span to a knowledge base is `Reference T1 db:id`; the `db:`
//!   is dropped, so `gazet:csto` and `Wikidata:Q123` give `csto` and `Q123`.
//!   A span without one has the entity `""`; a relation on it names it
//!   `text:` and its lowercased text, so that two relations on the same
//!   unlinked name still agree.
//! - **Every problem is reported at once**, each as `file:line`, and
//!   references are resolved after the whole file is read, because brat
//!   writes lines in the order they were annotated, not defined. A
//!   reference to a `T` line that is itself broken is not reported again.
//! - **What gazet does not score is read and counted, not refused:** events
//!   (`E`), attributes (`A`, `M`), notes (`#`) and equivalences (`*`) give
//!   one warning in total. Any other kind of line is an error, since it is
//!   not brat standoff.
//!
//! [`write()`] is the way back: the flat spans as `T` lines, their entities
//! as `N` lines and the relations as `R` lines, so a reviewer can correct
//! gazet's output in brat and [`read()`] the result as gold.

use crate::error::LineError;
use crate::formats::gold::{Gold, GoldRelation, GoldSpan};
use crate::model::annotation::Annotation;
use crate::model::relation::Anchor;
use crate::model::schema::{Label, LabelMap, Relation, SchemaError};
use crate::model::span::Span;
use crate::text::offsets::char_bounds;
use std::collections::HashMap;
use std::fmt::Write as _;

/// The line kinds that are read and ignored, in the order the warning
/// lists them.
const IGNORED: [char; 5] = ['E', 'A', 'M', '#', '*'];

/// Something a brat file holds that is read but not scored as written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Warning {
    /// A span in several fragments, scored by its outer extent.
    #[error("{file}:{line}: {id} is discontinuous ({offsets}); it is scored by its outer extent {start}..{end}")]
    Discontinuous {
        /// The `.ann` file.
        file: String,
        /// The line.
        line: usize,
        /// The span's id (`T3`).
        id: String,
        /// Its fragments as written (`25 30;41 46`).
        offsets: String,
        /// Start of the first fragment, in code points.
        start: usize,
        /// End of the last fragment, in code points.
        end: usize,
    },
    /// Lines of kinds gazet does not score.
    #[error("{file}: ignored {counts} line{} (events, attributes, notes and equivalences are not scored)", if *.total == 1 { "" } else { "s" })]
    Ignored {
        /// The `.ann` file.
        file: String,
        /// How many of each kind (`2 E, 1 A`).
        counts: String,
        /// How many in all.
        total: usize,
    },
}

/// What is wrong with a line of a brat `.ann` file; a [`LineError`] gives
/// it its file and line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BratError {
    /// A line of a kind brat does not have.
    #[error("unknown annotation kind `{kind}` in {id:?} (expected T, N or R; E, A, M, # and * lines are ignored)")]
    UnknownKind {
        /// Its first character.
        kind: char,
        /// Its id (at most 20 characters of it).
        id: String,
    },
    /// An id holding a space (at most 20 characters of it).
    #[error("id {0:?} contains a space: the id ends at the first tab")]
    IdWithSpace(String),
    /// An id defined twice.
    #[error("duplicate id `{id}` (first defined at line {first})")]
    DuplicateId {
        /// The id.
        id: String,
        /// The line that defined it first.
        first: usize,
    },
    /// A `T` line with too few fields.
    #[error("a T line has 3 tab-separated fields (id, label and offsets, text), found {0}")]
    TextboundFields(usize),
    /// A `T` line's middle field that is not `LABEL start end`.
    #[error("{0:?} is not `LABEL start end`")]
    NotLabelOffsets(String),
    /// A label or relation the schema (or the label map) refuses.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// A fragment that is not `start end`.
    #[error("offsets {0:?} are not `start end` (fragments are separated by `;`)")]
    NotFragment(String),
    /// An offset that is no number.
    #[error("{what} {value:?} is not a number")]
    NotNumber {
        /// `start` or `end`.
        what: &'static str,
        /// The offset as written.
        value: String,
    },
    /// An offset of digits too large for one.
    #[error("{what} {value} is too large for an offset")]
    TooLarge {
        /// `start` or `end`.
        what: &'static str,
        /// The offset as written.
        value: String,
    },
    /// A fragment that does not start before it ends.
    #[error("offsets {start} {end}: the start is not before the end")]
    StartNotBeforeEnd {
        /// Its start.
        start: usize,
        /// Its end.
        end: usize,
    },
    /// A fragment past the end of the text.
    #[error("offsets {start} {end} are out of range for a text of {len} code points")]
    OutOfRange {
        /// Its start.
        start: usize,
        /// Its end.
        end: usize,
        /// The text's length in code points.
        len: usize,
    },
    /// A fragment out of order or overlapping the one before.
    #[error("fragment {start} {end} starts before the previous one ends ({previous}): fragments must be in order and must not overlap")]
    FragmentsOverlap {
        /// Its start.
        start: usize,
        /// Its end.
        end: usize,
        /// The end of the fragment before.
        previous: usize,
    },
    /// A `T` line whose text is not the document's at its offsets.
    #[error("text {text:?} does not match the document at {offsets}, which has {found:?}")]
    TextMismatch {
        /// The text column as written.
        text: String,
        /// The offsets as written.
        offsets: String,
        /// The document's text there, fragments joined by a space.
        found: String,
    },
    /// A `T` line without offsets.
    #[error("{0:?} has no offsets")]
    NoOffsets(String),
    /// An `N` line not of brat's form.
    #[error("an N line is `N1<TAB>Reference T1 db:id<TAB>name`")]
    NormForm,
    /// A normalization other than `Reference`.
    #[error("unknown normalization type `{0}` (brat's only one is Reference)")]
    NormType(String),
    /// A reference that is not `db:id`.
    #[error("`{0}` is not `db:id` (for gazet's ids, `gazet:csto`)")]
    NotReference(String),
    /// A reference with nothing after `db:`.
    #[error("`{0}` has no id after its `db:`")]
    NoEntityId(String),
    /// A second entity id for a span.
    #[error("{id} already has an entity id, from line {first}")]
    Normalized {
        /// The span's id.
        id: String,
        /// The line that gave it one first.
        first: usize,
    },
    /// An `R` line not of brat's form.
    #[error("an R line is `R1<TAB>relation Arg1:T1 Arg2:T2`")]
    RelationForm,
    /// Relation arguments other than `Arg1:` and `Arg2:`.
    #[error("arguments `{a} {b}` are not `Arg1:T.. Arg2:T..`")]
    Arguments {
        /// The first argument as written.
        a: String,
        /// The second.
        b: String,
    },
    /// A reference to an id no `T` line defines.
    #[error("`{0}` is not the id of a T line in this file")]
    UnknownId(String),
}

/// A discontinuous span, as the reader met it.
#[derive(Clone, Debug, Default)]
struct Discontinuous {
    id: String,
    offsets: String,
    start: usize,
    end: usize,
}

/// Reads a brat `.ann` file for the document `text`.
/// Returns the gold and warnings, or every problem as a LineError (file:line).
///
/// The gold lists the spans in the order of their `T` lines and the
/// relations in the order of their `R` lines; each has the line it came
/// from.
pub fn read(file: &str, ann: &str, text: &str) -> Result<(Gold, Vec<Warning>), Vec<LineError>> {
    match read_lenient(file, ann, text, &LabelMap::default()) {
        (gold, warnings, errors) if errors.is_empty() => Ok((gold, warnings)),
        (_, _, errors) => Err(errors),
    }
}

/// Like [`read()`], but keeps what the good lines say beside the problems,
/// so that an evaluation can report the bad lines and score the rest;
/// labels are read through `labels` (`Organization=ORG`).
pub fn read_lenient(
    file: &str,
    ann: &str,
    text: &str,
    labels: &LabelMap,
) -> (Gold, Vec<Warning>, Vec<LineError>) {
    let mut reader = Reader {
        chars: text.chars().collect(),
        labels: labels.clone(),
        ..Reader::default()
    };
    let mut errors = Vec::new();
    for (n, raw) in ann.lines().enumerate() {
        let line = n + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let raw = if line == 1 {
            raw.strip_prefix('\u{feff}').unwrap_or(raw)
        } else {
            raw
        };
        if let Err(problem) = reader.line(raw, line) {
            errors.push(LineError::new(file, line, problem));
        }
    }
    let (mut gold, errs) = reader.resolve();
    errors.extend(
        errs.into_iter()
            .map(|(line, problem)| LineError::new(file, line, problem)),
    );
    errors.extend(crate::formats::gold::forbidden_arguments(file, &mut gold));
    errors.sort_by_key(|e| e.line);
    let mut warnings: Vec<Warning> = reader
        .discontinuous
        .iter()
        .map(|(line, d)| Warning::Discontinuous {
            file: file.to_owned(),
            line: *line,
            id: d.id.clone(),
            offsets: d.offsets.clone(),
            start: d.start,
            end: d.end,
        })
        .collect();
    let ignored: Vec<String> = IGNORED
        .iter()
        .zip(reader.ignored)
        .filter(|&(_, count)| count > 0)
        .map(|(kind, count)| format!("{count} {kind}"))
        .collect();
    if !ignored.is_empty() {
        warnings.push(Warning::Ignored {
            file: file.to_owned(),
            counts: ignored.join(", "),
            total: reader.ignored.iter().sum(),
        });
    }
    (gold, warnings, errors)
}

/// Writes a gazet annotation as brat standoff: T lines for the flat spans
/// and for relation arguments named inside them, N lines for entity ids, R
/// lines for relations.
///
/// `text` is the document the annotation was made on. A span that does not
/// agree with it (offsets outside it, or another text at its offsets) is
/// left out, together with its relations: brat would show it in the wrong
/// place, and [`read()`] would refuse the whole file. For a document
/// annotated by gazet this never happens.
///
/// Each relation is drawn between the mentions of its first evidence. A
/// mention that is a name inside a longer name (and so no flat span) gets a
/// `T` line of its own, nested in the longer name's; [`read()`] takes such
/// nested lines as relation anchors, not as spans to score, so the round
/// trip keeps both the flat spans and every relation.
pub fn write(annotation: &Annotation, text: &str) -> String {
    let bounds = char_bounds(text);
    let fits = |s: &Span| {
        let slice = bounds
            .get(s.start)
            .zip(bounds.get(s.end))
            .filter(|(a, b)| a < b)
            .and_then(|(&a, &b)| text.get(a..b));
        slice == Some(s.text.as_str())
    };
    let spans: Vec<&Span> = annotation
        .spans
        .iter()
        .filter(|s| !s.nested && fits(s))
        .collect();
    let unfit: Vec<(usize, usize)> = annotation
        .spans
        .iter()
        .filter(|s| !fits(s))
        .map(|s| (s.start, s.end))
        .collect();

    let mut out = String::new();
    for (i, s) in spans.iter().enumerate() {
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "T{}\t{} {} {}\t{}",
            i + 1,
            s.label,
            s.start,
            s.end,
            one_line(&s.text)
        );
    }
    for (i, s) in spans.iter().enumerate() {
        let _ = writeln!(
            out,
            "N{n}\tReference T{n} gazet:{}\t{}",
            s.entity,
            one_line(&s.name),
            n = i + 1
        );
    }

    // Each relation is drawn between the mentions of its first evidence.
    // Where such a mention is a name inside a longer name, it gets a T line
    // of its own, nested in the longer one; `read()` takes nested T lines as
    // relation anchors, not as spans to score.
    let mut ids: HashMap<(usize, usize), usize> = spans
        .iter()
        .enumerate()
        .map(|(i, s)| ((s.start, s.end), i + 1))
        .collect();
    let mut extra = String::new();
    let mut rels = String::new();
    let mut n = 0;
    let chars: Vec<char> = text.chars().collect();
    for r in &annotation.relations {
        let Some(e) = r.evidence.first() else {
            continue;
        };
        let mut t_of = |a: &Anchor, entity: &str, name: &str| -> Option<usize> {
            if let Some(&t) = ids.get(&(a.start, a.end)) {
                return Some(t);
            }
            if unfit.contains(&(a.start, a.end)) {
                return None;
            }
            let covered: String = chars.get(a.start..a.end)?.iter().collect();
            let t = ids.len() + 1;
            ids.insert((a.start, a.end), t);
            let _ = writeln!(
                extra,
                "T{t}\t{} {} {}\t{}",
                a.label,
                a.start,
                a.end,
                one_line(&covered)
            );
            let _ = writeln!(
                extra,
                "N{t}\tReference T{t} gazet:{entity}\t{}",
                one_line(name)
            );
            Some(t)
        };
        let head = t_of(&e.head, &r.head, &r.head_name);
        let tail = t_of(&e.tail, &r.tail, &r.tail_name);
        if let (Some(head), Some(tail)) = (head, tail) {
            n += 1;
            let _ = writeln!(rels, "R{n}\t{} Arg1:T{head} Arg2:T{tail}", r.relation);
        }
    }
    out.push_str(&extra);
    out.push_str(&rels);
    out
}

/// brat's `annotation.conf` for gazet's labels and relations, so that the
/// folder `--brat` writes opens in brat with every type configured. A
/// relation's arguments are the labels the guidelines allow it; a
/// symmetric relation is declared as such.
pub fn annotation_conf() -> String {
    let types = |labels: &[Label]| {
        labels
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join("|")
    };
    let mut out =
        String::from("# Written by gazet: its labels and relation types.\n\n[entities]\n\n");
    for l in Label::all() {
        let _ = writeln!(out, "{l}");
    }
    out.push_str("\n[relations]\n\n");
    for r in Relation::all() {
        let (head, tail) = r.arguments();
        let _ = write!(out, "{r}\tArg1:{}, Arg2:{}", types(head), types(tail));
        if r.is_symmetric() {
            out.push_str(", <REL-TYPE>:symmetric-transitive");
        }
        out.push('\n');
    }
    // Names nested in names (`CSTO` in `Anti-Terrorist Centre of the CSTO`)
    // are written as anchors of relations; brat must let them overlap.
    out.push_str(
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n",
    );
    out
}

/// brat's `visual.conf`: readable names and one colour per label (those of
/// the HTML report), arcs labelled with the relation.
pub fn visual_conf() -> String {
    let mut out = String::from("# Written by gazet.\n\n[labels]\n\n");
    for l in Label::all() {
        let _ = writeln!(out, "{l} | {} | {l}", label_name(l));
    }
    for r in Relation::all() {
        let words = r.as_str().replace('_', " ");
        let _ = writeln!(out, "{r} | {words}");
    }
    out.push_str("\n[drawing]\n\n");
    for l in Label::all() {
        let _ = writeln!(out, "{l}\tbgColor:{}", label_colour(l));
    }
    out.push_str("SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken\n");
    out.push_str("ARC_DEFAULT\tcolor:black, arrowHead:triangle-5\n");
    for r in Relation::all() {
        if r.is_symmetric() {
            let _ = writeln!(out, "{r}\tcolor:black, arrowHead:none");
        }
    }
    out
}

fn label_name(l: Label) -> &'static str {
    match l {
        Label::ORG => "Organization",
        Label::LOC => "Location",
        Label::PER => "Person",
        other => other.as_str(),
    }
}

fn label_colour(l: Label) -> &'static str {
    match l {
        Label::ORG => "#8fb2ff",
        Label::LOC => "#7fe2ff",
        Label::PER => "#ffccaa",
        _ => "#e0e0e0",
    }
}

/// `s` for a brat text column, which ends at the end of its line.
fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

/// A `T` id as seen in the file.
#[derive(Clone, Copy, Debug)]
struct Textbound {
    /// The index of its span, or `None` if its line was broken.
    span: Option<usize>,
    /// The line of the `N` line that gave it an entity id.
    normalized: Option<usize>,
}

/// An `N` line, waiting for all `T` lines to be read.
struct PendingNorm {
    line: usize,
    target: String,
    entity: String,
}

/// An `R` line, waiting for all `T` and `N` lines to be read.
struct PendingRelation {
    line: usize,
    relation: Relation,
    head: String,
    tail: String,
}

/// The state of one [`read()`].
#[derive(Default)]
struct Reader {
    chars: Vec<char>,
    spans: Vec<GoldSpan>,
    textbounds: HashMap<String, Textbound>,
    /// Every annotation id defined so far, with its line.
    ids: HashMap<String, usize>,
    norms: Vec<PendingNorm>,
    relations: Vec<PendingRelation>,
    /// (line, span) of each discontinuous span.
    discontinuous: Vec<(usize, Discontinuous)>,
    /// How many lines of each kind in [`IGNORED`] were skipped.
    ignored: [usize; IGNORED.len()],
    /// The `T` ids that relations point at.
    relation_args: Vec<String>,
    labels: LabelMap,
}

impl Reader {
    /// Reads one line (without its line ending).
    fn line(&mut self, raw: &str, line: usize) -> Result<(), BratError> {
        if raw.trim().is_empty() {
            return Ok(());
        }
        let kind = raw.chars().next().unwrap_or(' ');
        if let Some(k) = IGNORED.iter().position(|&c| c == kind) {
            if let Some(count) = self.ignored.get_mut(k) {
                *count += 1;
            }
            return Ok(());
        }
        let mut fields = raw.splitn(3, '\t');
        let id = fields.next().unwrap_or_default();
        let middle = fields.next();
        let last = fields.next();
        match kind {
            'T' => {
                // Known from here on even if broken, so that references to
                // it are not reported a second time.
                let result = self
                    .define(id, line)
                    .and_then(|()| self.textbound(id, middle, last, line));
                self.textbounds.entry(id.to_owned()).or_insert(Textbound {
                    span: None,
                    normalized: None,
                });
                let span = result?;
                self.spans.push(span);
                if let Some(t) = self.textbounds.get_mut(id) {
                    t.span = Some(self.spans.len() - 1);
                }
                Ok(())
            }
            'N' => {
                self.define(id, line)?;
                self.norm(middle, line)
            }
            'R' => {
                self.define(id, line)?;
                self.relation(middle, line)
            }
            other => Err(BratError::UnknownKind {
                kind: other,
                id: truncate(id),
            }),
        }
    }

    fn define(&mut self, id: &str, line: usize) -> Result<(), BratError> {
        if id.chars().any(char::is_whitespace) {
            return Err(BratError::IdWithSpace(truncate(id)));
        }
        match self.ids.get(id) {
            Some(&first) => Err(BratError::DuplicateId {
                id: id.to_owned(),
                first,
            }),
            None => {
                self.ids.insert(id.to_owned(), line);
                Ok(())
            }
        }
    }

    /// `T1<TAB>LABEL start end[;start end...]<TAB>text`
    fn textbound(
        &mut self,
        id: &str,
        middle: Option<&str>,
        column: Option<&str>,
        line: usize,
    ) -> Result<GoldSpan, BratError> {
        let (Some(middle), Some(column)) = (middle, column) else {
            return Err(BratError::TextboundFields(
                1 + usize::from(middle.is_some()),
            ));
        };
        let Some((label, offsets)) = middle.split_once(' ') else {
            return Err(BratError::NotLabelOffsets(middle.to_owned()));
        };
        let label: Label = self.labels.label(label)?;
        let mut fragments: Vec<(usize, usize)> = Vec::new();
        for fragment in offsets.split(';') {
            let numbers: Vec<&str> = fragment.split_whitespace().collect();
            let [start, end] = numbers[..] else {
                return Err(BratError::NotFragment(fragment.to_owned()));
            };
            let (start, end) = (number(start, "start")?, number(end, "end")?);
            if start >= end {
                return Err(BratError::StartNotBeforeEnd { start, end });
            }
            if end > self.chars.len() {
                return Err(BratError::OutOfRange {
                    start,
                    end,
                    len: self.chars.len(),
                });
            }
            if let Some(&(_, previous)) = fragments.last() {
                if start < previous {
                    return Err(BratError::FragmentsOverlap {
                        start,
                        end,
                        previous,
                    });
                }
            }
            fragments.push((start, end));
        }
        let slices: Vec<String> = fragments
            .iter()
            .map(|&(start, end)| {
                self.chars
                    .get(start..end)
                    .unwrap_or_default()
                    .iter()
                    .collect()
            })
            .collect();
        let expected = slices
            .iter()
            .map(|s| one_line(s))
            .collect::<Vec<_>>()
            .join(" ");
        if column != expected {
            return Err(BratError::TextMismatch {
                text: column.to_owned(),
                offsets: offsets.to_owned(),
                found: expected,
            });
        }
        let (Some(&(start, _)), Some(&(_, end))) = (fragments.first(), fragments.last()) else {
            return Err(BratError::NoOffsets(middle.to_owned()));
        };
        let text = match <[String; 1]>::try_from(slices) {
            Ok([slice]) => slice,
            Err(_) => {
                self.discontinuous.push((
                    line,
                    Discontinuous {
                        id: id.to_owned(),
                        offsets: offsets.to_owned(),
                        start,
                        end,
                    },
                ));
                column.to_owned()
            }
        };
        Ok(GoldSpan {
            start,
            end,
            label,
            entity: String::new(),
            text,
            line,
        })
    }

    /// `N1<TAB>Reference T1 db:id<TAB>name`
    fn norm(&mut self, middle: Option<&str>, line: usize) -> Result<(), BratError> {
        let fields: Vec<&str> = middle.unwrap_or_default().split_whitespace().collect();
        let [kind, target, reference] = fields[..] else {
            return Err(BratError::NormForm);
        };
        if kind != "Reference" {
            return Err(BratError::NormType(kind.to_owned()));
        }
        let Some((_, entity)) = reference.split_once(':') else {
            return Err(BratError::NotReference(reference.to_owned()));
        };
        if entity.is_empty() {
            return Err(BratError::NoEntityId(reference.to_owned()));
        }
        self.norms.push(PendingNorm {
            line,
            target: target.to_owned(),
            entity: entity.to_owned(),
        });
        Ok(())
    }

    /// `R1<TAB>relation Arg1:T1 Arg2:T2[<TAB>]`
    fn relation(&mut self, middle: Option<&str>, line: usize) -> Result<(), BratError> {
        let fields: Vec<&str> = middle.unwrap_or_default().split_whitespace().collect();
        let [relation, a, b] = fields[..] else {
            return Err(BratError::RelationForm);
        };
        let relation: Relation = relation.parse()?;
        let (head, tail) = match (a.split_once(':'), b.split_once(':')) {
            (Some(("Arg1", h)), Some(("Arg2", t))) | (Some(("Arg2", t)), Some(("Arg1", h))) => {
                (h, t)
            }
            _ => {
                return Err(BratError::Arguments {
                    a: a.to_owned(),
                    b: b.to_owned(),
                })
            }
        };
        self.relations.push(PendingRelation {
            line,
            relation,
            head: head.to_owned(),
            tail: tail.to_owned(),
        });
        Ok(())
    }

    /// Resolves the `N` and `R` lines against the `T` lines. Returns the
    /// gold and the (line, problem) of every dangling reference.
    fn resolve(&mut self) -> (Gold, Vec<(usize, BratError)>) {
        let mut errors = Vec::new();
        for n in std::mem::take(&mut self.norms) {
            match self.textbounds.get_mut(&n.target) {
                None => errors.push((n.line, unknown(&n.target))),
                Some(Textbound { span: None, .. }) => {}
                Some(Textbound {
                    normalized: Some(first),
                    ..
                }) => errors.push((
                    n.line,
                    BratError::Normalized {
                        id: n.target,
                        first: *first,
                    },
                )),
                Some(t @ Textbound { span: Some(_), .. }) => {
                    t.normalized = Some(n.line);
                    if let Some(span) = t.span.and_then(|i| self.spans.get_mut(i)) {
                        span.entity = n.entity;
                    }
                }
            }
        }
        let mut relations = Vec::new();
        self.relation_args = self
            .relations
            .iter()
            .flat_map(|r| [r.head.clone(), r.tail.clone()])
            .collect();
        for r in std::mem::take(&mut self.relations) {
            let head = self.entity_of(&r.head);
            let tail = self.entity_of(&r.tail);
            match (head, tail) {
                (Ok(Some(head)), Ok(Some(tail))) => relations.push(GoldRelation {
                    head,
                    relation: r.relation,
                    tail,
                    line: r.line,
                }),
                (head, tail) => {
                    errors.extend(
                        [head.err(), tail.err()]
                            .into_iter()
                            .flatten()
                            .map(|e| (r.line, e)),
                    );
                }
            }
        }
        // Gold spans are flat (the guidelines' rule), so a span inside
        // another can only be there to anchor a relation on a name inside a
        // longer name (`Russian Academy of Sciences` in the name of its
        // institute): it names an entity for relations but is not scored.
        let spans = std::mem::take(&mut self.spans);
        let discontinuous: Vec<usize> = self.discontinuous.iter().map(|(l, _)| *l).collect();
        let anchors: Vec<usize> = self
            .relation_args
            .iter()
            .filter_map(|id| self.textbounds.get(id).and_then(|t| t.span))
            .collect();
        let nested_anchor = |i: usize, s: &GoldSpan| {
            anchors.contains(&i)
                && spans.iter().any(|o| {
                    !discontinuous.contains(&o.line)
                        && o.start <= s.start
                        && s.end <= o.end
                        && (o.start, o.end) != (s.start, s.end)
                })
        };
        let flat: Vec<GoldSpan> = spans
            .iter()
            .enumerate()
            .filter(|&(i, s)| !nested_anchor(i, s))
            .map(|(_, s)| s.clone())
            .collect();
        let gold = Gold {
            spans: flat,
            relations,
        };
        (gold, errors)
    }

    /// The entity id of the span of `T` id `id`: `Ok(None)` if its line was
    /// broken (already reported).
    fn entity_of(&self, id: &str) -> Result<Option<String>, BratError> {
        let t = self.textbounds.get(id).ok_or_else(|| unknown(id))?;
        Ok(t.span.and_then(|i| self.spans.get(i)).map(|s| {
            if s.entity.is_empty() {
                format!("text:{}", s.text.to_lowercase())
            } else {
                s.entity.clone()
            }
        }))
    }
}

fn unknown(id: &str) -> BratError {
    BratError::UnknownId(id.to_owned())
}

/// Parses an offset: ASCII digits only (`usize::from_str` would take `+3`).
fn number(s: &str, what: &'static str) -> Result<usize, BratError> {
    let value = || s.to_owned();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BratError::NotNumber {
            what,
            value: value(),
        });
    }
    s.parse().map_err(|_| BratError::TooLarge {
        what,
        value: value(),
    })
}

/// At most the first 20 characters of `s`, for quoting a line in an error.
fn truncate(s: &str) -> String {
    let mut out: String = s.chars().take(20).collect();
    if s.chars().nth(20).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Annotator, Document, Gazetteer};
    use proptest::prelude::*;

    const TEXT: &str = "The CSTO met in Bishkek. North and South Korea.";

    fn ok(ann: &str) -> (Gold, Vec<String>) {
        let (gold, warnings) = read("x.ann", ann, TEXT).unwrap();
        (gold, warnings.iter().map(ToString::to_string).collect())
    }

    fn annotator() -> Annotator {
        Annotator::builder()
            .build(Gazetteer::embedded().unwrap())
            .unwrap()
    }

    #[test]
    fn reads_each_line_kind() {
        let ann = "T1\tORG 4 8\tCSTO\n\
                   N1\tReference T1 gazet:csto\tCollective Security Treaty Organization\n\
                   T2\tLOC 16 23\tBishkek\n\
                   N2\tReference T2 gazet:bishkek\tBishkek\n\
                   \n\
                   R1\tlocated_in Arg1:T1 Arg2:T2\t\n";
        let (gold, warnings) = ok(ann);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            gold.spans,
            [
                GoldSpan {
                    start: 4,
                    end: 8,
                    label: Label::ORG,
                    entity: "csto".into(),
                    text: "CSTO".into(),
                    line: 1,
                },
                GoldSpan {
                    start: 16,
                    end: 23,
                    label: Label::LOC,
                    entity: "bishkek".into(),
                    text: "Bishkek".into(),
                    line: 3,
                },
            ]
        );
        assert_eq!(
            gold.relations,
            [GoldRelation {
                head: "csto".into(),
                relation: Relation::LocatedIn,
                tail: "bishkek".into(),
                line: 6,
            }]
        );
    }

    #[test]
    fn every_error_names_its_line() {
        // (ann, line of the error, part of its message)
        let cases: &[(&str, usize, &str)] = &[
            ("T1\tORG 4 8\tCSTO\nX1\tfoo\n", 2, "unknown annotation kind `X`"),
            (" T1\tORG 4 8\tCSTO\n", 1, "unknown annotation kind ` `"),
            ("T1\tORG 4 8\n", 1, "3 tab-separated fields"),
            ("T1\n", 1, "found 1"),
            ("T1\tORG\tCSTO\n", 1, "is not `LABEL start end`"),
            (
                "\nT1\tGPE 4 8\tCSTO\n",
                2,
                "unknown label `GPE` (the default schema declares ORG, LOC, PER)",
            ),
            ("T1\tORG 4 x\tCSTO\n", 1, "end \"x\" is not a number"),
            ("T1\tORG +4 8\tCSTO\n", 1, "start \"+4\" is not a number"),
            ("T1\tORG 4 8 9\tCSTO\n", 1, "are not `start end`"),
            ("T1\tORG 4 8;\tCSTO\n", 1, "are not `start end`"),
            (
                "T1\tORG 4 99999999999999999999999\tCSTO\n",
                1,
                "too large",
            ),
            ("T1\tORG 8 4\tCSTO\n", 1, "the start is not before the end"),
            ("T1\tORG 4 4\t\n", 1, "the start is not before the end"),
            ("T1\tORG 40 48\tKorea.x\n", 1, "out of range for a text of 47"),
            (
                "T1\tLOC 41 46;25 30\tKorea North\n",
                1,
                "must be in order and must not overlap",
            ),
            (
                "T1\tLOC 25 30;29 46\tx\n",
                1,
                "must be in order and must not overlap",
            ),
            (
                "T1\tORG 4 8\tCSTX\n",
                1,
                "text \"CSTX\" does not match the document at 4 8, which has \"CSTO\"",
            ),
            ("T1\tORG 4 8\tCSTO\nT1\tORG 4 8\tCSTO\n", 2, "duplicate id `T1` (first defined at line 1)"),
            ("T 1\tORG 4 8\tCSTO\n", 1, "contains a space"),
            ("T1\tORG 4 8\tCSTO\nN1\tReference T1\tx\n", 2, "an N line is"),
            ("T1\tORG 4 8\tCSTO\nN1\n", 2, "an N line is"),
            (
                "T1\tORG 4 8\tCSTO\nN1\tAlias T1 gazet:csto\tx\n",
                2,
                "unknown normalization type `Alias`",
            ),
            ("T1\tORG 4 8\tCSTO\nN1\tReference T1 csto\tx\n", 2, "is not `db:id`"),
            ("T1\tORG 4 8\tCSTO\nN1\tReference T1 gazet:\tx\n", 2, "no id after"),
            (
                "T1\tORG 4 8\tCSTO\nN1\tReference T9 gazet:csto\tx\n",
                2,
                "`T9` is not the id of a T line",
            ),
            (
                "T1\tORG 4 8\tCSTO\nN1\tReference T1 gazet:csto\tx\nN2\tReference T1 gazet:sco\tx\n",
                3,
                "T1 already has an entity id, from line 2",
            ),
            (
                "T1\tORG 4 8\tCSTO\nN1\tReference T1 a:b\nN1\tReference T1 a:c\n",
                3,
                "duplicate id `N1`",
            ),
            (
                "T1\tORG 4 8\tCSTO\nT2\tLOC 16 23\tBishkek\nR1\tLocated_In Arg1:T1 Arg2:T2\n",
                3,
                "unknown relation `Located_In` (the default schema declares member_of",
            ),
            (
                "T1\tORG 4 8\tCSTO\nT2\tLOC 16 23\tBishkek\nR1\tlocated_in T1 T2\n",
                3,
                "are not `Arg1:T.. Arg2:T..`",
            ),
            (
                "T1\tORG 4 8\tCSTO\nT2\tLOC 16 23\tBishkek\nR1\tlocated_in Arg1:T1 Arg1:T2\n",
                3,
                "are not `Arg1:T.. Arg2:T..`",
            ),
            ("T1\tORG 4 8\tCSTO\nR1\tlocated_in Arg1:T1\n", 2, "an R line is"),
            (
                "T1\tORG 4 8\tCSTO\nR1\tlocated_in Arg1:T1 Arg2:T7\n",
                2,
                "`T7` is not the id of a T line",
            ),
            (
                "T1\tORG 4 8\tCSTO\nN1\tReference T1 gazet:csto\tx\nR1\tlocated_in Arg1:T1 Arg2:N1\n",
                3,
                "`N1` is not the id of a T line",
            ),
        ];
        for &(ann, line, message) in cases {
            let errors = read("x.ann", ann, TEXT).unwrap_err();
            assert_eq!(errors.len(), 1, "{ann:?}: {errors:?}");
            let e = &errors[0];
            assert_eq!((e.file.as_str(), e.line), ("x.ann", line), "{ann:?}: {e}");
            assert!(e.message.contains(message), "{ann:?}: {e}");
        }
    }

    #[test]
    fn reports_every_problem_once_in_line_order() {
        // R1 comes first but is resolved last; N1 and R2 point at the broken
        // T2, which is reported once, at its own line.
        let ann = "R1\tmember_of Arg1:T1 Arg2:T9\n\
                   T1\tORG 4 8\tCSTO\n\
                   T2\tLOC 16 23\tBishkok\n\
                   N1\tReference T2 gazet:bishkek\tBishkek\n\
                   R2\tlocated_in Arg1:T1 Arg2:T2\n\
                   Q\n";
        let errors = read("x.ann", ann, TEXT).unwrap_err();
        let got: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "x.ann:1: `T9` is not the id of a T line in this file",
                "x.ann:3: text \"Bishkok\" does not match the document at 16 23, which has \"Bishkek\"",
                "x.ann:6: unknown annotation kind `Q` in \"Q\" (expected T, N or R; E, A, M, # and * lines are ignored)",
            ]
        );
    }

    #[test]
    fn discontinuous_spans_are_scored_by_their_outer_extent() {
        let ann = "T1\tLOC 25 30;41 46\tNorth Korea\nT2\tLOC 35 46\tSouth Korea\n";
        let (gold, warnings) = ok(ann);
        let s = &gold.spans[0];
        assert_eq!((s.start, s.end, s.text.as_str()), (25, 46, "North Korea"));
        assert_eq!(gold.spans[1].text, "South Korea");
        assert_eq!(
            warnings,
            ["x.ann:1: T1 is discontinuous (25 30;41 46); it is scored by its outer extent 25..46"]
        );
        // Adjacent fragments are in order and do not overlap.
        let (gold, _) = ok("T1\tLOC 25 28;28 30\tNor th\n");
        assert_eq!((gold.spans[0].start, gold.spans[0].end), (25, 30));
    }

    #[test]
    fn normalization_keeps_the_id_after_the_db_prefix() {
        for (reference, entity) in [
            ("gazet:csto", "csto"),
            ("Wikidata:Q123", "Q123"),
            ("geonames:1528675", "1528675"),
            ("db:a:b", "a:b"),
        ] {
            let ann = format!("T1\tORG 4 8\tCSTO\nN1\tReference T1 {reference}\tname\n");
            assert_eq!(ok(&ann).0.spans[0].entity, entity, "{reference}");
        }
        // brat may leave the name column out.
        assert_eq!(
            ok("T1\tORG 4 8\tCSTO\nN1\tReference T1 gazet:csto\n")
                .0
                .spans[0]
                .entity,
            "csto"
        );
    }

    #[test]
    fn forward_references_resolve_and_unlinked_spans_stand_in_by_text() {
        let ann = "R1\tlocated_in Arg1:T1 Arg2:T2\n\
                   N1\tReference T1 gazet:csto\tCSTO\n\
                   R2\tlocated_in Arg2:T2 Arg1:T1\n\
                   T1\tORG 4 8\tCSTO\n\
                   T2\tLOC 16 23\tBishkek\n";
        let (gold, _) = ok(ann);
        assert_eq!(gold.spans[0].entity, "csto");
        assert_eq!(gold.spans[1].entity, "");
        let got: Vec<(&str, Relation, &str, usize)> = gold
            .relations
            .iter()
            .map(|r| (r.head.as_str(), r.relation, r.tail.as_str(), r.line))
            .collect();
        assert_eq!(
            got,
            [
                ("csto", Relation::LocatedIn, "text:bishkek", 1),
                ("csto", Relation::LocatedIn, "text:bishkek", 3),
            ]
        );
    }

    #[test]
    fn ignored_kinds_give_one_warning() {
        let ann = "T1\tORG 4 8\tCSTO\n\
                   E1\tMeeting:T1\n\
                   #1\tAnnotatorNotes T1\tcheck this\n\
                   E2\tMeeting:T1\n\
                   A1\tNegated E1\n\
                   *\tEquiv T1 T1\n";
        let (gold, warnings) = ok(ann);
        assert_eq!(gold.spans.len(), 1);
        assert_eq!(
            warnings,
            ["x.ann: ignored 2 E, 1 A, 1 #, 1 * lines (events, attributes, notes and equivalences are not scored)"]
        );
        let (_, warnings) = ok("M1\tNegation T1\n");
        assert_eq!(
            warnings,
            ["x.ann: ignored 1 M line (events, attributes, notes and equivalences are not scored)"]
        );
    }

    #[test]
    fn crlf_and_a_byte_order_mark_are_read() {
        let ann = "\u{feff}T1\tORG 4 8\tCSTO\r\nN1\tReference T1 gazet:csto\tCSTO\r\n\r\nT2\tLOC 16 23\tBishkek\r\nR1\tlocated_in Arg1:T1 Arg2:T2\t\r\n";
        let (gold, warnings) = ok(ann);
        assert!(warnings.is_empty());
        assert_eq!(gold.spans[0].entity, "csto");
        assert_eq!(gold.spans[1].line, 4);
        assert_eq!(gold.relations[0].tail, "text:bishkek");
        assert_eq!(gold.relations[0].line, 5);
    }

    #[test]
    fn empty_input_is_empty_gold() {
        assert_eq!(read("x.ann", "", "").unwrap(), (Gold::default(), vec![]));
        assert_eq!(ok("\n  \n\t\n"), (Gold::default(), vec![]));
    }

    #[test]
    fn offsets_are_code_points() {
        let text = "Встреча 🤝 ОДКБ в Бишкеке, then Kazakhstan.";
        let a = annotator().annotate(&Document::new("d", text));
        let ann = "T1\tORG 10 14\tОДКБ\nT2\tLOC 17 24\tБишкеке\nT3\tLOC 31 41\tKazakhstan\nT4\tLOC 8 9;17 24\t🤝 Бишкеке\n";
        let (gold, warnings) = read("x.ann", ann, text).unwrap();
        let got: Vec<(usize, usize, &str)> = gold
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (10, 14, "ОДКБ"),
                (17, 24, "Бишкеке"),
                (31, 41, "Kazakhstan"),
                (8, 24, "🤝 Бишкеке"),
            ]
        );
        assert_eq!(warnings.len(), 1);
        // Byte offsets would be out of range or in the wrong place.
        let bytes = "T1\tORG 20 28\tОДКБ\n";
        assert!(read("x.ann", bytes, text).is_err());

        // Whatever the annotator found here, it comes back at the same code
        // points.
        let (gold, _) = read("x.ann", &write(&a, text), text).unwrap();
        let want: Vec<(usize, usize, &str)> = a
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.entity.as_str()))
            .collect();
        let got: Vec<(usize, usize, &str)> = gold
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.entity.as_str()))
            .collect();
        assert_eq!(got[..1], [(10, 14, "csto")]);
        assert!(got.contains(&(31, 41, "kazakhstan")), "{got:?}");
        assert_eq!(got, want);
    }

    /// The sections of a brat configuration file, each with its lines, as
    /// brat's documented grammar has them: `[section]` headers, `#`
    /// comments and blank lines skipped.
    fn sections(conf: &str) -> HashMap<String, Vec<String>> {
        let mut out: HashMap<String, Vec<String>> = HashMap::new();
        let mut current = None;
        for line in conf.lines() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                current = Some(name.to_owned());
                out.entry(name.to_owned()).or_default();
                continue;
            }
            let section = current.clone().expect("a line before any section");
            out.entry(section).or_default().push(line.to_owned());
        }
        out
    }

    #[test]
    fn annotation_conf_declares_every_label_and_relation_with_its_arguments() {
        let conf = sections(&annotation_conf());
        let mut names: Vec<&str> = conf.keys().map(String::as_str).collect();
        names.sort_unstable();
        assert_eq!(names, ["attributes", "entities", "events", "relations"]);
        let entities: Vec<&str> = conf["entities"].iter().map(String::as_str).collect();
        assert_eq!(entities, ["ORG", "LOC", "PER"]);
        let mut declared = Vec::new();
        for line in &conf["relations"] {
            // TYPE<TAB>Arg1:A|B, Arg2:C[, <REL-TYPE>:...]
            let (name, args) = line.split_once('\t').expect("a tab after the type");
            let mut parts = args.split(", ");
            for (part, role) in parts.by_ref().take(2).zip(["Arg1", "Arg2"]) {
                let (got, types) = part.split_once(':').expect("role:types");
                let types: Vec<&str> = types.split('|').collect();
                assert_eq!(got, role, "{line}");
                if name != "<OVERLAP>" {
                    assert!(types.iter().all(|t| entities.contains(t)), "{line}");
                }
            }
            for extra in parts {
                assert!(extra.starts_with('<') && extra.contains(">:"), "{line}");
            }
            declared.push(name);
        }
        for r in Relation::all() {
            assert!(declared.contains(&r.as_str()), "{r} is not declared");
        }
        let (head, tail) = Relation::MemberOf.arguments();
        assert_eq!((head, tail), (&[Label::LOC][..], &[Label::ORG][..]));
    }

    #[test]
    fn visual_conf_names_and_colours_every_type() {
        let conf = sections(&visual_conf());
        let labels: Vec<&str> = conf["labels"]
            .iter()
            .map(|l| l.split(" | ").next().unwrap_or(""))
            .collect();
        for l in Label::all() {
            assert!(labels.contains(&l.as_str()), "{l}");
            assert!(
                conf["drawing"]
                    .iter()
                    .any(|d| d.starts_with(&format!("{l}\tbgColor:#"))),
                "{l}"
            );
        }
        for r in Relation::all() {
            assert!(labels.contains(&r.as_str()), "{r}");
        }
        for d in &conf["drawing"] {
            let (_, styles) = d.split_once('\t').expect("type<TAB>styles");
            assert!(styles.split(", ").all(|kv| kv.contains(':')), "{d}");
        }
    }

    #[test]
    fn writes_t_n_and_r_lines() {
        let text = "Kazakhstan is a member of the CSTO.";
        let a = annotator().annotate(&Document::new("d", text));
        assert_eq!(a.relations.len(), 1, "{:?}", a.relations);
        assert_eq!(
            write(&a, text),
            "T1\tLOC 0 10\tKazakhstan\n\
             T2\tORG 30 34\tCSTO\n\
             N1\tReference T1 gazet:kazakhstan\tKazakhstan\n\
             N2\tReference T2 gazet:csto\tCollective Security Treaty Organization\n\
             R1\tmember_of Arg1:T1 Arg2:T2\n"
        );
        let empty = annotator().annotate(&Document::new("d", "Nothing here."));
        assert_eq!(write(&empty, "Nothing here."), "");
    }

    #[test]
    fn writes_line_breaks_in_names_as_spaces() {
        let text = "The Collective Security\r\nTreaty Organization and the Shanghai\nCooperation Organisation.";
        let a = annotator().annotate(&Document::new("d", text));
        let ann = write(&a, text);
        assert!(
            ann.starts_with(
                "T1\tORG 4 44\tCollective Security  Treaty Organization\n\
                 T2\tORG 53 86\tShanghai Cooperation Organisation\n"
            ),
            "{ann}"
        );
        assert_eq!(ann.lines().count(), 4, "{ann}");
        let (gold, _) = read("x.ann", &ann, text).unwrap();
        assert_eq!(
            gold.spans[0].text,
            "Collective Security\r\nTreaty Organization"
        );
        assert_eq!(gold.spans[1].entity, "sco");
    }

    #[test]
    fn relations_point_at_spans_in_their_sentence() {
        let text = "Kazakhstan hosted talks. Later, Kazakhstan joined the CSTO.";
        let a = annotator().annotate(&Document::new("d", text));
        assert_eq!(a.relations.len(), 1, "{:?}", a.relations);
        // T2 is the Kazakhstan of the second sentence, not the first one.
        assert!(write(&a, text).ends_with("R1\tmember_of Arg1:T2 Arg2:T3\n"));

        // A span that does not fit the text is left out, and so are its
        // relations: the file still reads back.
        let other = "Kazakhstan hosted talks. Later, Kazakhstan joined the SCO!.";
        let ann = write(&a, other);
        assert!(!ann.contains("CSTO") && !ann.contains("\nR"), "{ann}");
        assert_eq!(read("x.ann", &ann, other).unwrap().0.spans.len(), 2);
    }

    #[test]
    fn round_trips_the_shipped_paper() {
        let text = include_str!("../../corpus/central-asia-security.txt");
        let a = annotator().annotate(&Document::new("central-asia-security", text));
        assert!(a.spans.len() > 100 && a.relations.len() > 5);
        let ann = write(&a, text);
        let (gold, warnings) = read("paper.ann", &ann, text).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");

        let want: Vec<(usize, usize, Label, &str)> = a
            .spans
            .iter()
            .filter(|s| !s.nested)
            .map(|s| (s.start, s.end, s.label, s.entity.as_str()))
            .collect();
        let got: Vec<(usize, usize, Label, &str)> = gold
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.label, s.entity.as_str()))
            .collect();
        assert_eq!(got, want);

        // The paper names the Russian Academy of Sciences only inside
        // "Institute of Socio-Political Research of the Russian Academy of
        // Sciences": its relation gets a nested T line, which anchors the
        // relation and is not read back as a span.
        assert!(
            ann.contains("\tORG 7832 7859\tRussian Academy of Sciences\nN"),
            "{ann}"
        );
        let want: Vec<(&str, Relation, &str)> = a
            .relations
            .iter()
            .map(|r| (r.head.as_str(), r.relation, r.tail.as_str()))
            .collect();
        let got: Vec<(&str, Relation, &str)> = gold
            .relations
            .iter()
            .map(|r| (r.head.as_str(), r.relation, r.tail.as_str()))
            .collect();
        assert_eq!(got, want);
        assert!(want.contains(&("ispr", Relation::PartOf, "ras")));
    }

    /// Pieces of brat lines, to reach deeper than random text does.
    const PIECES: &[&str] = &[
        "T1",
        "T2",
        "N1",
        "R1",
        "E1",
        "#1",
        "*",
        "X",
        "\t",
        "\t",
        " ",
        " ",
        "\n",
        "\r\n",
        "\r",
        ";",
        ":",
        "ORG",
        "LOC",
        "PER",
        "0",
        "1",
        "4",
        "8",
        "23",
        "99999999999999999999",
        "-1",
        "+2",
        "Reference",
        "gazet:",
        "csto",
        "Arg1:T1",
        "Arg2:T2",
        "Arg1:",
        "member_of",
        "CSTO",
        "Бишкек",
        "🤝",
        "\u{feff}",
        "",
    ];

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 400,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn never_panics_on_any_input(ann in any::<String>(), text in any::<String>()) {
            let _ = read("x.ann", &ann, &text);
        }

        #[test]
        fn never_panics_on_brat_like_input(
            parts in prop::collection::vec(prop::sample::select(PIECES), 0..80),
            text in prop::sample::select(&[TEXT, "", "🤝 ОДКБ\r\nCSTO"][..]),
        ) {
            if let Err(errors) = read("x.ann", &parts.concat(), text) {
                prop_assert!(!errors.is_empty());
                prop_assert!(errors.iter().all(|e| e.file == "x.ann" && e.line >= 1));
            }
        }
    }
}
