//! The index page: one row per document, and the scores against gold.

use super::doc_page::{fmt_score, score_block, score_class};
use super::entities::corpus_entity_index;
use super::markup::{escape, html_text, label_style, page_foot, page_head, NOSCRIPT};
use super::{Row, ViewSpan};
use crate::eval::score::{Report, Schema};
use std::fmt::Write as _;

pub(super) fn index_page(rows: &[Row], total: Option<&Report>) -> String {
    let eval = total.is_some();
    let mut out = page_head("gazet report");
    out.push_str("<body>\n<h1>gazet report</h1>\n");
    out.push_str(NOSCRIPT);
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
        "<h2>Documents</h2>\n<table class=\"index sortable\" id=\"documents\"><thead><tr>\
         <th aria-sort=\"ascending\">document</th><th>spans</th>",
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
    out.push_str(&corpus_entity_index(rows));
    out.push_str(&page_foot());
    out
}
