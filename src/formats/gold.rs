//! gazet's gold format: hand-made annotations of one document.
//!
//! A tab-separated text file (fields below shown aligned with spaces; in the
//! file they are separated by one tab each), one annotation per line, `#`
//! comments:
//!
//! ```text
//! # span  start  end  label  entity  text
//! span  58  91  ORG  sco  Shanghai Cooperation Organization
//! # rel   head  relation  tail
//! rel  kazakhstan  member_of  csto
//! ```
//!
//! Offsets are code points into the document as stored, `[start, end)`.
//! Reading checks every line against the document's text, so a gold file
//! that has drifted from its document is reported, not trusted.

use crate::error::LineError;
use crate::model::schema::{Label, LabelMap, Relation, SchemaError};

/// What is wrong with a line of a gold file; a [`LineError`] gives it its
/// file and line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GoldError {
    /// A relation whose arguments' labels, as the gold's spans give them,
    /// the schema forbids for it.
    #[error("{head} {relation} {tail}: {problem}")]
    ForbiddenArguments {
        /// The head's id.
        head: String,
        /// The relation.
        relation: String,
        /// The tail's id.
        tail: String,
        /// What the schema says.
        problem: Box<SchemaError>,
    },
    /// A line that is neither `span` nor `rel`.
    #[error("unknown record type `{0}` (expected span or rel)")]
    UnknownRecord(String),
    /// A span line with too few or too many fields.
    #[error("a span line has 6 fields (span, start, end, label, entity, text), found {0}")]
    SpanFields(usize),
    /// A rel line with too few or too many fields.
    #[error("a rel line has 4 fields (rel, head, relation, tail), found {0}")]
    RelationFields(usize),
    /// An offset that is no number.
    #[error("{what} {value:?} is not a number")]
    NotNumber {
        /// `start` or `end`.
        what: &'static str,
        /// The field as written.
        value: String,
    },
    /// Offsets that are empty, reversed or past the text.
    #[error("offsets {start}..{end} are out of range for a text of {len} code points")]
    OutOfRange {
        /// The start.
        start: usize,
        /// The end.
        end: usize,
        /// The text's length in code points.
        len: usize,
    },
    /// A span whose text column is not the document's text at its offsets.
    #[error("text {text:?} does not match the document at {start}..{end}, which has {found:?}")]
    TextMismatch {
        /// The text column as written.
        text: String,
        /// The start.
        start: usize,
        /// The end.
        end: usize,
        /// The document's text there.
        found: String,
    },
    /// A label or relation the schema (or the label map) refuses.
    #[error(transparent)]
    Schema(#[from] SchemaError),
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
/// A hand-annotated span.
pub struct GoldSpan {
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    /// Its label.
    pub label: Label,
    /// Its entity id, empty when the annotator gave none.
    pub entity: String,
    /// Its text, as the gold file quotes it.
    pub text: String,
    /// The 1-based line of the gold file.
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
/// A hand-annotated relation.
pub struct GoldRelation {
    /// The head entity's id.
    pub head: String,
    /// The relation.
    pub relation: Relation,
    /// The tail entity's id.
    pub tail: String,
    /// The 1-based line of the gold file.
    pub line: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
/// A gold file: the spans and relations of one document.
pub struct Gold {
    /// Its spans.
    pub spans: Vec<GoldSpan>,
    /// Its relations.
    pub relations: Vec<GoldRelation>,
}

/// Parses a gold file for the document `text`. Returns every problem found,
/// each naming `file:line`.
pub fn parse(file: &str, gold: &str, text: &str) -> Result<Gold, Vec<LineError>> {
    match parse_lenient(file, gold, text, &LabelMap::default()) {
        (g, errors) if errors.is_empty() => Ok(g),
        (_, errors) => Err(errors),
    }
}

/// Like [`parse`], but keeps the good lines beside the problems, so that an
/// evaluation can report the bad lines and score the rest; labels are read
/// through `labels`.
pub fn parse_lenient(
    file: &str,
    gold: &str,
    text: &str,
    labels: &LabelMap,
) -> (Gold, Vec<LineError>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Gold::default();
    let mut errors = Vec::new();
    for (n, raw) in gold.lines().enumerate() {
        let line = n + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = raw.split('\t').collect();
        let result = match fields[0] {
            "span" => span(&fields, line, &chars, labels).map(|s| out.spans.push(s)),
            "rel" => relation(&fields, line).map(|r| out.relations.push(r)),
            other => Err(GoldError::UnknownRecord(other.to_owned())),
        };
        if let Err(problem) = result {
            errors.push(LineError::new(file, line, problem));
        }
    }
    errors.extend(forbidden_arguments(file, &mut out));
    errors.sort_by_key(|e| e.line);
    (out, errors)
}

/// Takes out of `gold` each relation whose arguments have labels, as the
/// gold's own spans give them, that the schema in use forbids for it, and
/// reports it at its line: scored, it would count against every system
/// that follows the schema. An entity that no span names may have any
/// label.
pub(crate) fn forbidden_arguments(file: &str, gold: &mut Gold) -> Vec<LineError> {
    let labels_of = |id: &str| {
        let mut ls: Vec<Label> = gold
            .spans
            .iter()
            .filter(|s| !s.entity.is_empty() && s.entity == id)
            .map(|s| s.label)
            .collect();
        if ls.is_empty() {
            ls = Label::all();
        }
        ls
    };
    let mut errors = Vec::new();
    let mut bad = Vec::new();
    for (i, r) in gold.relations.iter().enumerate() {
        let (heads, tails) = (labels_of(&r.head), labels_of(&r.tail));
        let fits = heads
            .iter()
            .any(|&h| tails.iter().any(|&t| r.relation.allows(h, t)));
        if fits {
            continue;
        }
        if let Err(e) = r.relation.check_arguments(heads[0], tails[0]) {
            errors.push(LineError::new(
                file,
                r.line,
                GoldError::ForbiddenArguments {
                    head: r.head.clone(),
                    relation: r.relation.to_string(),
                    tail: r.tail.clone(),
                    problem: Box::new(e),
                },
            ));
            bad.push(i);
        }
    }
    for i in bad.into_iter().rev() {
        gold.relations.remove(i);
    }
    errors
}

fn span(f: &[&str], line: usize, chars: &[char], labels: &LabelMap) -> Result<GoldSpan, GoldError> {
    if f.len() != 6 {
        return Err(GoldError::SpanFields(f.len()));
    }
    let num = |s: &str, what: &'static str| {
        s.parse::<usize>().map_err(|_| GoldError::NotNumber {
            what,
            value: s.to_owned(),
        })
    };
    let (start, end) = (num(f[1], "start")?, num(f[2], "end")?);
    if start >= end || end > chars.len() {
        return Err(GoldError::OutOfRange {
            start,
            end,
            len: chars.len(),
        });
    }
    let slice: String = chars[start..end].iter().collect();
    // The text column may spell a line break, tab or backslash inside a
    // name as `\n`, `\r`, `\t`, `\\`, since a TSV field cannot hold them.
    if slice != crate::formats::tsv::unescape(f[5]) {
        return Err(GoldError::TextMismatch {
            text: f[5].to_owned(),
            start,
            end,
            found: slice,
        });
    }
    Ok(GoldSpan {
        start,
        end,
        label: labels.label(f[3])?,
        entity: f[4].to_owned(),
        text: slice,
        line,
    })
}

fn relation(f: &[&str], line: usize) -> Result<GoldRelation, GoldError> {
    if f.len() != 4 {
        return Err(GoldError::RelationFields(f.len()));
    }
    Ok(GoldRelation {
        head: f[1].to_owned(),
        relation: f[2].parse()?,
        tail: f[3].to_owned(),
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_checks_against_the_text() {
        let text = "İn Kazakhstan.";
        let g = parse(
            "g.tsv",
            "# c\nspan\t3\t13\tLOC\tkz\tKazakhstan\nrel\tkz\tmember_of\tcsto\n",
            text,
        )
        .unwrap();
        assert_eq!(g.spans[0].text, "Kazakhstan");
        assert_eq!(g.relations[0].relation, Relation::MemberOf);

        let broken = parse(
            "g.tsv",
            "span\t0\t13\tLOC\tca\tCentral\\r\\nAsia\n",
            "Central\r\nAsia",
        )
        .unwrap();
        assert_eq!(broken.spans[0].text, "Central\r\nAsia");

        let bad = "span\t3\t12\tLOC\tkz\tKazakhstan\nspan\t3\t99\tLOC\tkz\tx\nspan\t3\t13\tXXX\tkz\tKazakhstan\nrel\ta\tb\n";
        let errs = parse("g.tsv", bad, text).unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 3, 4]);
        assert!(errs[0]
            .to_string()
            .starts_with("g.tsv:1: text \"Kazakhstan\" does not match"));
    }
}
