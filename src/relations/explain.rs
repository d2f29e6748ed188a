//! A readable account of how a document's relations were found: for each
//! sentence, what the rules saw, what they proposed, and what was accepted,
//! blocked (and by which words), refused by the gazetteer or superseded.

use crate::model::annotation::Annotation;
use crate::relations::extract::{Outcome, Trace};
use crate::text::offsets::CodePoints;
use std::fmt::Write;

/// Renders `trace` for the document `text`. With `all`, sentences where no
/// rule proposed anything are shown too.
pub fn render(text: &str, annotation: &Annotation, trace: &Trace, all: bool) -> String {
    let sentences = CodePoints::new(text, trace.sentences.iter().map(|s| &s.range));
    let cp = |b: usize| sentences.at(b);
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    let _ = writeln!(
        out,
        "== {}: {} spans, {} relations, {} sentences",
        annotation.doc,
        annotation.spans.iter().filter(|s| !s.nested).count(),
        annotation.relations.len(),
        trace.sentences.len()
    );
    for (i, s) in trace.sentences.iter().enumerate() {
        if s.events.is_empty() && !all {
            continue;
        }
        let sentence = text.get(s.range.clone()).unwrap_or("");
        let _ = writeln!(
            out,
            "\n[{}] {}..{} {}",
            i + 1,
            cp(s.range.start),
            cp(s.range.end),
            one_line(sentence)
        );
        let _ = writeln!(out, "    seen as: {}", one_line(&s.abstracted));
        for e in &s.events {
            let trigger = text
                .get(e.trigger.clone())
                .map(one_line)
                .unwrap_or_default();
            let fact = format!("{}({}, {})", e.relation, e.head, e.tail);
            let line = match &e.outcome {
                Outcome::Accepted => format!("  + {fact}  [{}] trigger {trigger:?}", e.rule),
                Outcome::Blocked { blocker, words } => {
                    format!(
                        "  - {fact}  [{}] blocked by `{blocker}` ({words:?})",
                        e.rule
                    )
                }
                Outcome::FactMissing => format!(
                    "  - {fact}  [{}] the gazetteer lacks this fact, which the rule requires",
                    e.rule
                ),
                Outcome::FactContradicted => format!(
                    "  - {fact}  [{}] the gazetteer gives the head another {}",
                    e.rule, e.relation
                ),
                Outcome::KindsCannotNest => format!(
                    "  - {fact}  [{}] the head's kind of place cannot lie in the tail's",
                    e.rule
                ),
                Outcome::FactExcluded { relation } => format!(
                    "  - {fact}  [{}] the gazetteer states {relation} for this pair, which the rule excludes",
                    e.rule
                ),
                Outcome::ArgumentsForbidden { message } => {
                    format!("  - {fact}  [{}] {message}", e.rule)
                }
                Outcome::SameEntity => {
                    format!("  - {fact}  [{}] head and tail are one entity", e.rule)
                }
                Outcome::Superseded { by } => {
                    format!("  ~ {fact}  [{}] superseded: {by} is stated later", e.rule)
                }
            };
            let _ = writeln!(out, "{line}");
        }
    }
    let _ = writeln!(out, "\nrelations:");
    for r in &annotation.relations {
        let _ = writeln!(
            out,
            "  {}({}, {})  {} evidence, first by {}",
            r.relation,
            r.head,
            r.tail,
            r.evidence.len(),
            r.rule
        );
    }
    out
}
