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
use crate::model::schema::{Label, LabelMap, Relation};

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
            other => Err(format!(
                "unknown record type `{other}` (expected span or rel)"
            )),
        };
        if let Err(message) = result {
            errors.push(LineError {
                file: file.to_owned(),
                line,
                message,
            });
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
            errors.push(LineError {
                file: file.to_owned(),
                line: r.line,
                message: format!("{} {} {}: {e}", r.head, r.relation, r.tail),
            });
            bad.push(i);
        }
    }
    for i in bad.into_iter().rev() {
        gold.relations.remove(i);
    }
    errors
}

fn span(f: &[&str], line: usize, chars: &[char], labels: &LabelMap) -> Result<GoldSpan, String> {
    if f.len() != 6 {
        return Err(format!(
            "a span line has 6 fields (span, start, end, label, entity, text), found {}",
            f.len()
        ));
    }
    let num = |s: &str, what: &str| {
        s.parse::<usize>()
            .map_err(|_| format!("{what} {s:?} is not a number"))
    };
    let (start, end) = (num(f[1], "start")?, num(f[2], "end")?);
    if start >= end || end > chars.len() {
        return Err(format!(
            "offsets {start}..{end} are out of range for a text of {} code points",
            chars.len()
        ));
    }
    let slice: String = chars[start..end].iter().collect();
    // The text column may spell a line break, tab or backslash inside a
    // name as `\n`, `\r`, `\t`, `\\`, since a TSV field cannot hold them.
    if slice != crate::formats::tsv::unescape(f[5]) {
        return Err(format!(
            "text {:?} does not match the document at {start}..{end}, which has {slice:?}",
            f[5]
        ));
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

fn relation(f: &[&str], line: usize) -> Result<GoldRelation, String> {
    if f.len() != 4 {
        return Err(format!(
            "a rel line has 4 fields (rel, head, relation, tail), found {}",
            f.len()
        ));
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
