//! Growing the gazetteers: the names the patterns proposed over many
//! documents, merged into candidate gazetteer entries with their evidence,
//! for a person to review and append.
//!
//! Within a document, the propose step has already merged a name's variants
//! under one local id (the full name, the surname, the acronym defined in
//! brackets). Across documents, local ids are names folded to lower case
//! without possessives, so case variants merge too. Each entry gets the most
//! frequent full form as its canonical name and the other forms as aliases.
//! A person proposed by a surname alone in some documents (`Mr Sharon`)
//! joins the person whose full name ends in it (`Ariel Sharon`), when
//! exactly one does;
//! its evidence (documents, mentions, rules, an example) is written as `#`
//! lines above it, which the gazetteer reader skips.

use crate::lexicon::gazetteer::Gazetteer;
use crate::lexicon::import::slug;
use crate::model::annotation::Annotation;
use crate::model::schema::Label;
use crate::model::span::SpanSource;
use crate::model::span::LOCAL_ID;
use crate::names::propose::KNOWN_IN_DOCUMENT;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// A candidate gazetteer entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The entity id proposed.
    pub id: String,
    /// Its label.
    pub label: Label,
    /// Its kind.
    pub kind: String,
    /// Its canonical name.
    pub name: String,
    /// The other forms it was found in.
    pub aliases: Vec<String>,
    /// In how many documents it was found.
    pub documents: usize,
    /// How many times it was found.
    pub mentions: usize,
    /// How many mentions each rule found.
    pub rules: BTreeMap<String, usize>,
    /// (document, the text around the first proposed mention)
    pub example: (String, String),
}

#[derive(Clone, Default)]
struct Group {
    first_seen: usize,
    names: HashMap<String, usize>,
    forms: HashMap<String, usize>,
    labels: HashMap<Label, usize>,
    kinds: HashMap<String, usize>,
    docs: BTreeSet<String>,
    mentions: usize,
    rules: BTreeMap<String, usize>,
    example: Option<(String, String)>,
}

/// Collects the proposed names of annotated documents.
#[derive(Default)]
pub struct Collector {
    groups: HashMap<String, Group>,
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The most frequent key; ties go to the smallest, so output is stable.
fn most<K: Clone + Ord>(counts: &HashMap<K, usize>) -> Option<K> {
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(k, _)| k.clone())
}

/// The text around `start..end` (code points) on one line, the name in
/// brackets.
fn context(text: &str, start: usize, end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let (start, end) = (start.min(chars.len()), end.min(chars.len()));
    let piece = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    let raw = format!(
        "{}[{}]{}",
        piece(start.saturating_sub(50), start),
        piece(start, end),
        piece(end, (end + 50).min(chars.len()))
    );
    format!("…{}…", one_line(&raw))
}

impl Collector {
    /// An empty collector.
    pub fn new() -> Collector {
        Collector::default()
    }

    /// Adds the proposed names of one annotated document.
    pub fn add(&mut self, a: &Annotation, text: &str) {
        for s in a
            .spans
            .iter()
            .filter(|s| s.source == SpanSource::Pattern && s.entity.starts_with(LOCAL_ID))
        {
            let next = self.groups.len();
            let g = self.groups.entry(s.entity.clone()).or_default();
            if g.mentions == 0 {
                g.first_seen = next;
            }
            *g.names.entry(s.name.clone()).or_default() += 1;
            *g.forms.entry(one_line(&s.text)).or_default() += 1;
            *g.labels.entry(s.label).or_default() += 1;
            *g.kinds.entry(s.kind.clone()).or_default() += 1;
            g.docs.insert(a.doc.clone());
            g.mentions += 1;
            let rule = s.rule.clone().unwrap_or_default();
            if g.example.is_none() && rule != KNOWN_IN_DOCUMENT {
                g.example = Some((a.doc.clone(), context(text, s.start, s.end)));
            }
            *g.rules.entry(rule).or_default() += 1;
        }
    }

    /// The candidate entries named in at least `min_documents` documents,
    /// most documents first, then most mentions. Ids are the canonical
    /// names' slugs, made unique against `gazetteer` and each other.
    pub fn suggestions(&self, gazetteer: &Gazetteer, min_documents: usize) -> Vec<Suggestion> {
        let merged = self.surnames_merged();
        let mut groups: Vec<&Group> = merged
            .iter()
            .filter(|g| g.docs.len() >= min_documents.max(1))
            .collect();
        groups.sort_by_key(|g| {
            (
                std::cmp::Reverse(g.docs.len()),
                std::cmp::Reverse(g.mentions),
                g.first_seen,
            )
        });
        let mut taken: HashSet<String> = HashSet::new();
        let mut out = Vec::new();
        for g in groups {
            let (Some(name), Some(label), Some(kind)) =
                (most(&g.names), most(&g.labels), most(&g.kinds))
            else {
                continue;
            };
            let base = slug(&name);
            let mut id = base.clone();
            let mut n = 1;
            while gazetteer.entity_by_id(&id).is_some() || taken.contains(&id) {
                n += 1;
                id = format!("{base}_{n}");
            }
            taken.insert(id.clone());
            // Forms that differ from the name (or each other) only in case
            // add nothing: aliases match in any case.
            let mut seen: HashSet<String> = HashSet::from([name.to_lowercase()]);
            let mut forms: Vec<(&String, &usize)> = g.forms.iter().collect();
            forms.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let aliases = forms
                .into_iter()
                .filter(|(f, _)| seen.insert(f.to_lowercase()))
                .map(|(f, _)| f.clone())
                .collect();
            out.push(Suggestion {
                id,
                label,
                kind,
                name,
                aliases,
                documents: g.docs.len(),
                mentions: g.mentions,
                rules: g.rules.clone(),
                example: g.example.clone().unwrap_or_default(),
            });
        }
        out
    }
}

impl Collector {
    /// The groups, with each one-word person folded into the one person
    /// whose full name ends in that word; where two full names do
    /// (`Ariel Sharon`, `Omri Sharon`), the surname stays apart.
    fn surnames_merged(&self) -> Vec<Group> {
        let is_person = |g: &Group| most(&g.labels) == Some(Label::PER);
        let name_of = |g: &Group| most(&g.names).unwrap_or_default();
        let mut by_surname: HashMap<String, Vec<&String>> = HashMap::new();
        for (id, g) in &self.groups {
            let name = name_of(g);
            let words: Vec<&str> = name.split_whitespace().collect();
            if is_person(g) && words.len() >= 2 {
                if let Some(last) = words.last() {
                    by_surname.entry(last.to_lowercase()).or_default().push(id);
                }
            }
        }
        let mut ids: Vec<&String> = self.groups.keys().collect();
        ids.sort();
        let mut out: BTreeMap<&String, Group> = BTreeMap::new();
        let mut into: Vec<(&String, &String)> = Vec::new();
        for id in ids {
            let g = &self.groups[id];
            let name = name_of(g);
            let target = match by_surname.get(&name.to_lowercase()).map(Vec::as_slice) {
                Some([one]) if is_person(g) && !name.contains(char::is_whitespace) => Some(*one),
                _ => None,
            };
            match target {
                Some(t) => into.push((id, t)),
                None => {
                    out.insert(id, g.clone());
                }
            }
        }
        for (from, to) in into {
            let g = &self.groups[from];
            let Some(t) = out.get_mut(to) else { continue };
            t.first_seen = t.first_seen.min(g.first_seen);
            for (form, n) in &g.forms {
                *t.forms.entry(form.clone()).or_default() += n;
            }
            for (label, n) in &g.labels {
                *t.labels.entry(*label).or_default() += n;
            }
            for (rule, n) in &g.rules {
                *t.rules.entry(rule.clone()).or_default() += n;
            }
            t.docs.extend(g.docs.iter().cloned());
            t.mentions += g.mentions;
        }
        out.into_values().collect()
    }
}

/// The suggestions in the gazetteer format, evidence in `#` lines.
pub fn render(suggestions: &[Suggestion]) -> String {
    let mut out = String::from(
        "# gazet gazetteer suggest: names the patterns proposed, not yet in any gazetteer.\n\
         # Review each entry (delete the wrong ones, fix ids, kinds and aliases), then\n\
         # append the file to a gazetteer and pass it with -g.\n\
         # id\tlabel\tkind\tname\taliases\tfacts\n",
    );
    for s in suggestions {
        let rules: Vec<String> = s.rules.iter().map(|(r, n)| format!("{r} {n}")).collect();
        out.push_str(&format!(
            "\n# {} document{}, {} mention{}; rules: {}\n# e.g. {}: {}\n{}\t{}\t{}\t{}\t{}\n",
            s.documents,
            if s.documents == 1 { "" } else { "s" },
            s.mentions,
            if s.mentions == 1 { "" } else { "s" },
            rules.join(", "),
            s.example.0,
            s.example.1,
            s.id,
            s.label,
            s.kind,
            s.name,
            s.aliases.join(" | ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Annotator, Document};

    #[test]
    fn variants_merge_across_documents() {
        let annotator = Annotator::builder()
            .build(Gazetteer::embedded().unwrap())
            .unwrap();
        let mut c = Collector::new();
        for (id, text) in [
            (
                "a",
                "Dr. Maren Ekdahl heads the Nordvik Polar Institute (NPI). Ekdahl said so.",
            ),
            ("b", "The Nordvik Polar Institute hired Dr. Maren Ekdahl."),
            ("c", "Staff of the Nordvik Polar Institute’s library met."),
            // A surname alone joins the one full name that ends in it.
            ("d", "Mr. Ekdahl declined to comment."),
        ] {
            let doc = Document::new(id, text);
            c.add(&annotator.annotate(&doc), text);
        }
        let got = c.suggestions(&Gazetteer::embedded().unwrap(), 2);
        let rows: Vec<String> = got
            .iter()
            .map(|s| {
                format!(
                    "{} {} {} {:?} {:?} {} {}",
                    s.id, s.label, s.kind, s.name, s.aliases, s.documents, s.mentions
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                // A tie in documents and mentions: the first seen first.
                r#"maren_ekdahl PER person "Maren Ekdahl" ["Ekdahl"] 3 4"#,
                r#"nordvik_polar_institute ORG academic "Nordvik Polar Institute" ["NPI"] 3 4"#,
            ]
        );
        let tsv = render(&got);
        assert!(
            tsv.contains(
                "# 3 documents, 4 mentions; rules: defined_acronym 1, org.head_word 3\n# e.g. a: "
            ),
            "{tsv}"
        );
        assert!(
            tsv.contains("maren_ekdahl\tPER\tperson\tMaren Ekdahl\tEkdahl\n"),
            "{tsv}"
        );
        // Two full names with one surname: the surname joins neither.
        let mut c = Collector::new();
        for (id, text) in [
            ("a", "Dr. Maren Ekdahl spoke."),
            ("b", "Dr. Lars Ekdahl spoke."),
            ("c", "Mr. Ekdahl spoke."),
        ] {
            let doc = Document::new(id, text);
            c.add(&annotator.annotate(&doc), text);
        }
        let names: Vec<String> = c
            .suggestions(&Gazetteer::embedded().unwrap(), 1)
            .into_iter()
            .map(|s| format!("{} {}", s.name, s.documents))
            .collect();
        assert_eq!(names, ["Maren Ekdahl 1", "Lars Ekdahl 1", "Ekdahl 1"]);
    }
}
