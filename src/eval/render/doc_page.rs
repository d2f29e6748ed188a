//! A document's page: its text with the spans marked, its relations with
//! their evidence and, against gold, the differences.

use super::arcs::{anchor_marks, arcs_svg, mention_id, relation_id, sentence_id};
use super::entities::{doc_entity_index, Entity};
use super::markup::{
    class_part, escape, html_text, label_style, marked, page_foot, page_head, Mark, NOSCRIPT,
};
use super::{At, ViewDoc, ViewSpan};
use crate::eval::score::{ErrorCase, Report, Schema};
use crate::text::offsets::char_bounds;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

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
    // Two spans over one range (two labels) share a mention: the first
    // carries the id.
    let mut ids: HashSet<(usize, usize)> = HashSet::new();
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
                    "{} data-label=\"{}\" data-type=\"{}\" data-source=\"{}\" data-entity=\"{}\" title=\"{}\"",
                    label_style(&s.label),
                    escape(&tag),
                    escape(&s.label),
                    escape(&s.source),
                    escape(&s.entity),
                    escape(&span_title(s))
                ),
                id: if ids.insert((s.start, s.end)) {
                    mention_id(s.start, s.end)
                } else {
                    String::new()
                },
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
                id: String::new(),
            });
        }
    }
    marks
}

/// The sources gazet writes, with how the legend calls them; another
/// tool's are shown as they are.
const SOURCES: [(&str, &str); 3] = [
    ("gazetteer", "gazetteer alias"),
    ("acronym", "acronym defined in the document"),
    ("pattern", "name pattern"),
];

/// A legend key that is also a checkbox showing or hiding what it names.
fn toggle(kind: &str, value: &str, class: &str, style: &str, text: &str) -> String {
    format!(
        "<label class=\"key {class}\"{style}><input type=\"checkbox\" class=\"toggle\" \
         data-kind=\"{kind}\" value=\"{}\" checked> {}</label>",
        escape(value),
        html_text(text)
    )
}

/// The legend of labels, sources and markings used on a page; labels and
/// sources are toggles.
fn legend(labels: &[&str], sources: &[&str], nested: bool, eval: bool) -> String {
    let mut out = String::from("<div class=\"legend\"><span class=\"legend-title\">Labels</span>");
    for l in labels {
        out.push_str(&toggle("label", l, "ent-key", &label_style(l), l));
    }
    out.push_str("<span class=\"legend-title\">Sources</span>");
    let mut shown: Vec<(&str, &str)> = SOURCES.to_vec();
    for s in sources {
        if !s.is_empty() && !shown.iter().any(|(k, _)| k == s) {
            shown.push((s, s));
        }
    }
    for (k, n) in shown {
        let class = format!("src-key src-{}", class_part(k));
        out.push_str(&toggle("source", k, &class, "", n));
    }
    out.push_str(
        "<span class=\"legend-title\">Marks</span>\
         <span class=\"key mark-key ambiguous\">ambiguous ?</span>\
         <span class=\"key mark-key flagged\">flagged: look-alike letter, line break, hyphenation</span>",
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

pub(super) fn fmt_score(x: f64) -> String {
    format!("{x:.3}")
}

/// A class for a score cell, so that weak documents stand out.
pub(super) fn score_class(f1: f64) -> &'static str {
    if f1 >= 0.9 {
        "good"
    } else if f1 >= 0.7 {
        "fair"
    } else {
        "poor"
    }
}

pub(super) fn doc_page(
    doc: &ViewDoc,
    text: Option<&str>,
    spans: &[&ViewSpan],
    entities: &[Entity],
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
    let mut sources: Vec<&str> = spans.iter().map(|s| s.source.as_str()).collect();
    sources.sort_unstable();
    sources.dedup();
    out.push_str(&legend(&labels, &sources, nested > 0, score.is_some()));
    out.push_str(NOSCRIPT);
    match text {
        Some(t) => {
            let bounds = char_bounds(t);
            let span_errors: Vec<&ErrorCase> = errors
                .iter()
                .copied()
                .filter(|e| e.relation.is_none())
                .collect();
            let chars = bounds.len() - 1;
            let mut marks = span_marks(spans, &span_errors);
            marks.extend(anchor_marks(doc, spans, chars));
            out.push_str(
                "<section class=\"doc\"><h2>Text</h2><div class=\"text-wrap\" id=\"text-wrap\">",
            );
            out.push_str(&arcs_svg(doc, chars));
            out.push_str("<div class=\"text\" id=\"text\">");
            out.push_str(&marked(t, &bounds, 0, chars, &marks));
            out.push_str("</div></div></section>\n");
            out.push_str(&relations_section(
                doc,
                Some((t, &bounds)),
                &errors,
                score.is_some(),
            ));
            out.push_str(&doc_entity_index(entities, true));
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
            out.push_str(&doc_entity_index(entities, false));
        }
    }
    out.push_str(&page_foot());
    out
}

pub(super) fn score_block(r: &Report) -> String {
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
        for (i, r) in doc.relations.iter().enumerate() {
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
                "<tr class=\"rel{verdict}\" id=\"{}\"><td class=\"reltype\">{}{}</td>\
                 <td><span class=\"arg-head\">{}</span><br><code>{}</code></td>\
                 <td><span class=\"arg-tail\">{}</span><br><code>{}</code></td><td>",
                relation_id(i),
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
                let at = |a: &Option<super::ViewAnchor>| {
                    a.as_ref().map(|a| At {
                        start: a.start,
                        end: a.end,
                    })
                };
                for (at, class) in [
                    (at(&e.head), "arg-head"),
                    (at(&e.tail), "arg-tail"),
                    (e.trigger, "trig"),
                ] {
                    if let Some(a) = at {
                        marks.push(Mark {
                            start: a.start,
                            end: a.end,
                            class: class.to_owned(),
                            attrs: String::new(),
                            id: String::new(),
                        });
                    }
                }
                // The same sentence as `anchor_marks` marks in the text.
                let link = if lo < hi && e.sentence.end <= chars {
                    format!(
                        " <a class=\"to-sent\" href=\"#{}\">in the text ↑</a>",
                        sentence_id(lo)
                    )
                } else {
                    String::new()
                };
                let _ = write!(
                    out,
                    "<div class=\"evidence\"><q>{}</q> <span class=\"rule\">{rule}</span>{link}</div>",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::render::tests::span;

    #[test]
    fn unknown_sources_flags_and_fields_render() {
        let line = r#"{"doc":"d","spans":[{"start":0,"end":4,"text":"CSTO","label":"ORG","entity":"csto",
            "name":"Collective Security Treaty Organization","kind":"alliance","source":"pattern",
            "alias":"CSTO","rule":"org.acronym","flags":["something_new"]}],
            "relations":[{"relation":"sponsors","head":"csto","tail":"csto","evidence":[{"sentence":{"start":0,"end":4}}]}]}"#;
        let doc: ViewDoc = serde_json::from_str(&line.replace('\n', " ")).unwrap();
        let spans: Vec<&ViewSpan> = doc.spans.iter().collect();
        let html = doc_page(&doc, Some("CSTO"), &spans, &[], None);
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
        let html = doc_page(&doc, Some(t), &spans, &[], None);
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
        let html = doc_page(&doc, Some("http://example.org"), &[], &[], None);
        let without_text = html.replace("http://example.org", "");
        assert!(!without_text.contains("://"));
        assert!(!without_text.contains("src="));
    }
}
