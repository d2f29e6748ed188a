//! Relations drawn over the text: an arc per piece of evidence, from the
//! head's mention to the tail's, labelled with the relation, and the
//! anchors the arcs and the relation table point at.
//!
//! Rust writes what is known from the offsets: one SVG group per arc
//! naming its head and tail elements by id, with the evidence sentences
//! and any argument that is not a shown span (the inner name of a longer
//! name) marked as elements. Where the text wraps depends on the reader's
//! fonts and window, so the script (`report.js`) measures those elements
//! and draws the paths; see DESIGN.md.

use super::markup::{escape, html_text, Mark};
use super::{ViewAnchor, ViewDoc, ViewSpan};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

/// The id of the element of the mention at `[start, end)` (code points).
pub(super) fn mention_id(start: usize, end: usize) -> String {
    format!("m{start}-{end}")
}

/// The id of the element of the evidence sentence starting at `start`.
pub(super) fn sentence_id(start: usize) -> String {
    format!("s-{start}")
}

/// A range that lies in a text of `chars` code points and is not empty.
fn within(start: usize, end: usize, chars: usize) -> bool {
    start < end && end <= chars
}

/// The marks the arcs and links need besides the spans: each evidence
/// sentence once, and each argument mention that no span in `spans`
/// covers exactly.
pub(super) fn anchor_marks(doc: &ViewDoc, spans: &[&ViewSpan], chars: usize) -> Vec<Mark> {
    let shown: HashSet<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
    // Sentences by start: two pieces of evidence in one sentence give one
    // anchor, the longer extent if they disagree.
    let mut sentences: BTreeMap<usize, usize> = BTreeMap::new();
    let mut anchors: BTreeMap<(usize, usize), &str> = BTreeMap::new();
    for e in doc.relations.iter().flat_map(|r| &r.evidence) {
        let s = e.sentence;
        if within(s.start, s.end, chars) {
            let end = sentences.entry(s.start).or_default();
            *end = (*end).max(s.end);
        }
        for a in [&e.head, &e.tail].into_iter().flatten() {
            if within(a.start, a.end, chars) && !shown.contains(&(a.start, a.end)) {
                anchors.entry((a.start, a.end)).or_insert(&a.label);
            }
        }
    }
    let sentences = sentences.into_iter().map(|(start, end)| Mark {
        start,
        end,
        class: "sent".to_owned(),
        attrs: String::new(),
        id: sentence_id(start),
    });
    let anchors = anchors.into_iter().map(|((start, end), label)| Mark {
        start,
        end,
        class: "anchor".to_owned(),
        attrs: format!(" data-type=\"{}\"", escape(label)),
        id: mention_id(start, end),
    });
    sentences.chain(anchors).collect()
}

/// The argument's element id, if the argument can be drawn.
fn argument(a: Option<&ViewAnchor>, chars: usize) -> Option<String> {
    a.filter(|a| within(a.start, a.end, chars))
        .map(|a| mention_id(a.start, a.end))
}

/// The arcs' SVG: one `g.arc` per piece of evidence with a head and a
/// tail in the text, its paths left for the script to draw. `data-rel` is
/// the id of the relation's row in the table.
pub(super) fn arcs_svg(doc: &ViewDoc, chars: usize) -> String {
    let mut out = String::from("<svg class=\"arcs\" id=\"arcs\" aria-hidden=\"true\">");
    for (i, r) in doc.relations.iter().enumerate() {
        for e in &r.evidence {
            let (Some(head), Some(tail)) = (
                argument(e.head.as_ref(), chars),
                argument(e.tail.as_ref(), chars),
            ) else {
                continue;
            };
            let name = |name: &str, id: &str| if name.is_empty() { id } else { name }.to_owned();
            let _ = write!(
                out,
                "<g class=\"arc\" data-rel=\"{}\" data-head=\"{head}\" data-tail=\"{tail}\">\
                 <title>{}</title><path class=\"arc-line\"></path><path class=\"arc-line\"></path>\
                 <text class=\"arc-label\">{}</text></g>",
                relation_id(i),
                html_text(&format!(
                    "{}: {} → {}",
                    r.relation,
                    name(&r.head_name, &r.head),
                    name(&r.tail_name, &r.tail)
                )),
                html_text(&r.relation),
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// The id of the `i`th relation's row in the relation table.
pub(super) fn relation_id(i: usize) -> String {
    format!("r{i}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::render::tests::span;
    use crate::eval::render::{At, ViewEvidence, ViewRelation};

    fn anchor(start: usize, end: usize) -> Option<ViewAnchor> {
        Some(ViewAnchor {
            start,
            end,
            label: "ORG".into(),
        })
    }

    #[test]
    fn arcs_name_their_arguments_and_anchor_what_no_span_covers() {
        // "CSTO and the SCO Secretariat met." with the SCO inside a longer
        // name that is the only shown span there.
        let doc = ViewDoc {
            doc: "d".into(),
            relations: vec![ViewRelation {
                relation: "partner_of".into(),
                head: "csto".into(),
                tail: "sco".into(),
                evidence: vec![
                    ViewEvidence {
                        sentence: At { start: 0, end: 33 },
                        head: anchor(0, 4),
                        tail: anchor(13, 16),
                        ..ViewEvidence::default()
                    },
                    // Outside the text: no arc, no anchor.
                    ViewEvidence {
                        sentence: At { start: 40, end: 50 },
                        head: anchor(40, 44),
                        tail: anchor(45, 48),
                        ..ViewEvidence::default()
                    },
                ],
                ..ViewRelation::default()
            }],
            ..ViewDoc::default()
        };
        let shown = [
            span(0, 4, "CSTO", "ORG"),
            span(13, 28, "SCO Secretariat", "ORG"),
        ];
        let spans: Vec<&ViewSpan> = shown.iter().collect();
        let marks = anchor_marks(&doc, &spans, 33);
        let ids: Vec<(&str, &str)> = marks
            .iter()
            .map(|m| (m.class.as_str(), m.id.as_str()))
            .collect();
        assert_eq!(ids, [("sent", "s-0"), ("anchor", "m13-16")]);
        let svg = arcs_svg(&doc, 33);
        assert_eq!(svg.matches("<g class=\"arc\"").count(), 1);
        assert!(svg.contains("data-rel=\"r0\" data-head=\"m0-4\" data-tail=\"m13-16\""));
        assert!(svg.contains(">partner_of</text>"));
    }
}
