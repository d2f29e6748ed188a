//! The entity indexes: per document (each entity with its mentions) and
//! for the corpus (each entity with its count per document).

use super::arcs::mention_id;
use super::markup::{escape, html_text, label_style};
use super::{page_name, Row, ViewSpan};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One entity of a document and where it is mentioned.
#[derive(Clone, Debug)]
pub(super) struct Entity {
    pub id: String,
    /// Its labels, in order of first mention (usually one).
    pub labels: Vec<String>,
    pub name: String,
    pub sources: Vec<String>,
    /// Each mention's code-point range and text.
    pub mentions: Vec<(usize, usize, String)>,
}

/// The entities of `spans`, most mentioned first. A span without an
/// entity id (output of another tool) is its own entity, named by its
/// text, so that it is still counted.
pub(super) fn entities(spans: &[&ViewSpan]) -> Vec<Entity> {
    let mut by_id: BTreeMap<String, Entity> = BTreeMap::new();
    for s in spans {
        let id = if s.entity.is_empty() {
            s.text.clone()
        } else {
            s.entity.clone()
        };
        let e = by_id.entry(id.clone()).or_insert_with(|| Entity {
            id,
            labels: Vec::new(),
            name: String::new(),
            sources: Vec::new(),
            mentions: Vec::new(),
        });
        if e.name.is_empty() {
            e.name = if s.name.is_empty() { &s.text } else { &s.name }.clone();
        }
        for (have, new) in [(&mut e.labels, &s.label), (&mut e.sources, &s.source)] {
            if !new.is_empty() && !have.contains(new) {
                have.push(new.clone());
            }
        }
        e.mentions.push((s.start, s.end, s.text.clone()));
    }
    let mut out: Vec<Entity> = by_id.into_values().collect();
    for e in &mut out {
        e.mentions.sort_unstable();
    }
    out.sort_by(|a, b| {
        b.mentions
            .len()
            .cmp(&a.mentions.len())
            .then(a.id.cmp(&b.id))
    });
    out
}

/// The fragment of an entity's row in its document's index: safe in a URL
/// and an id whatever the entity id holds.
pub(super) fn entity_anchor(id: &str) -> String {
    format!("e-{}", page_name(id))
}

/// A search box that filters the rows of the table `table`.
pub(super) fn search_box(table: &str, what: &str) -> String {
    format!(
        "<p class=\"filter-box\"><input type=\"search\" class=\"filter\" data-table=\"{table}\" \
         placeholder=\"Search {what}\" aria-label=\"Search {what}\"> \
         <span class=\"filter-count\" aria-live=\"polite\"></span></p>\n"
    )
}

/// The search box and the head of an entity table with the id `id`:
/// entity, label and name, then the columns `more`.
fn table_start(id: &str, more: &str) -> String {
    format!(
        "{}<table class=\"entity-index sortable\" id=\"{id}\"><thead><tr><th>entity</th>\
         <th>label</th><th>name</th>{more}</tr></thead><tbody>\n",
        search_box(id, "entities")
    )
}

/// What the search matches in an entity's row: its id, name, labels and
/// the texts of its mentions (not the document names beside them).
fn searched(e: &Entity) -> String {
    let mut s = format!("{} {} {}", e.id, e.name, e.labels.join(" "));
    for (_, _, text) in &e.mentions {
        s.push(' ');
        s.push_str(text);
    }
    escape(&s.to_lowercase())
}

fn label_cell(labels: &[String]) -> String {
    let mut out = String::from("<td>");
    for l in labels {
        let _ = write!(
            out,
            "<span class=\"key ent-key\"{}>{}</span> ",
            label_style(l),
            html_text(l)
        );
    }
    out.push_str("</td>");
    out
}

/// A document's entity index; `linked` when the text is on the page, so
/// that each mention links to its place in it.
pub(super) fn doc_entity_index(entities: &[Entity], linked: bool) -> String {
    let mut out = String::from("<section class=\"entities\"><h2>Entities</h2>\n");
    if entities.is_empty() {
        out.push_str("<p class=\"none\">No entities.</p>\n</section>\n");
        return out;
    }
    out.push_str(&table_start(
        "entity-index",
        "<th>source</th><th class=\"num\" aria-sort=\"descending\">mentions</th><th>where</th>",
    ));
    for e in entities {
        let _ = write!(
            out,
            "<tr class=\"entity-row\" id=\"{}\" data-search=\"{}\"><td><code>{}</code></td>{}\
             <td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"where\">",
            entity_anchor(&e.id),
            searched(e),
            html_text(&e.id),
            label_cell(&e.labels),
            html_text(&e.name),
            html_text(&e.sources.join(", ")),
            e.mentions.len()
        );
        for (start, end, text) in &e.mentions {
            if linked {
                let _ = write!(
                    out,
                    "<a class=\"mention\" href=\"#{}\" title=\"{start}..{end}\">{}</a> ",
                    mention_id(*start, *end),
                    html_text(text)
                );
            } else {
                let _ = write!(out, "<span class=\"mention\">{start}..{end}</span> ");
            }
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody></table>\n</section>\n");
    out
}

/// The corpus's entity index: each entity with its mentions in all, the
/// documents naming it, and a link to its row in each document's index.
/// Document-local ids (`doc:…`) of different documents that spell the
/// same name are one row: the same name, counted together.
pub(super) fn corpus_entity_index(rows: &[Row]) -> String {
    struct Corpus<'a> {
        first: &'a Entity,
        labels: Vec<&'a str>,
        total: usize,
        docs: Vec<(&'a Row, usize)>,
    }
    let mut by_id: BTreeMap<&str, Corpus> = BTreeMap::new();
    for r in rows {
        for e in &r.entities {
            let c = by_id.entry(&e.id).or_insert_with(|| Corpus {
                first: e,
                labels: Vec::new(),
                total: 0,
                docs: Vec::new(),
            });
            for l in &e.labels {
                if !c.labels.contains(&l.as_str()) {
                    c.labels.push(l);
                }
            }
            c.total += e.mentions.len();
            c.docs.push((r, e.mentions.len()));
        }
    }
    let mut all: Vec<Corpus> = by_id.into_values().collect();
    all.sort_by(|a, b| b.total.cmp(&a.total).then(a.first.id.cmp(&b.first.id)));
    let mut out = String::from("<h2>Entities</h2>\n");
    if all.is_empty() {
        out.push_str("<p class=\"none\">No entities.</p>\n");
        return out;
    }
    out.push_str(&table_start(
        "corpus-entities",
        "<th class=\"num\" aria-sort=\"descending\">mentions</th><th class=\"num\">documents</th>\
         <th>mentions per document</th>",
    ));
    for c in &all {
        let labels: Vec<String> = c.labels.iter().map(|l| (*l).to_owned()).collect();
        let _ = write!(
            out,
            "<tr class=\"entity-row\" data-search=\"{}\"><td><code>{}</code></td>{}<td>{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"where\">",
            searched(c.first),
            html_text(&c.first.id),
            label_cell(&labels),
            html_text(&c.first.name),
            c.total,
            c.docs.len()
        );
        for (r, n) in &c.docs {
            let _ = write!(
                out,
                "<a class=\"in-doc\" href=\"docs/{}.html#{}\">{}</a>&nbsp;<span class=\"n\">{n}</span> ",
                escape(&r.page),
                entity_anchor(&c.first.id),
                html_text(&r.doc.doc)
            );
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody></table>\n");
    out
}
