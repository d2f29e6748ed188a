//! Back-references inside one sentence: `the organisation`, `the bloc`,
//! `the group`, `the country` after a name of that sort.
//!
//! The guidelines want both arguments named in the sentence that states a
//! relation; a description counts when the name it stands for is in the
//! same sentence (`Tajikistan and Kyrgyzstan are CSTO members; Uzbekistan
//! left the organisation in 2012`). Such a description becomes a mention
//! of the named entity for the relation stage only: the spans that gazet
//! outputs are untouched, and the evidence points at the description.

use crate::model::schema::Label;
use crate::model::span::Span;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// Head nouns of a description, each with the organisation kinds it can
/// stand for.
const NOUNS: &[(&str, &[&str])] = &[
    ("organisation", &["organization", "alliance"]),
    ("organization", &["organization", "alliance"]),
    ("bloc", &["organization", "alliance"]),
    ("alliance", &["organization", "alliance"]),
    ("union", &["organization", "alliance"]),
    ("commonwealth", &["organization", "alliance"]),
    ("group", &["militant_group", "party"]),
    ("movement", &["militant_group", "party"]),
    ("network", &["militant_group"]),
    ("faction", &["militant_group", "party"]),
    ("party", &["party"]),
    ("ministry", &["ministry"]),
    ("committee", &["agency", "body"]),
    ("agency", &["agency", "body"]),
    ("service", &["agency", "body"]),
    ("structure", &["body"]),
    ("body", &["body"]),
    ("centre", &["body"]),
    ("center", &["body"]),
    ("country", &["country"]),
];

/// Whether some description noun can stand for `m`: an organisation of
/// any kind, or a country (kinds are per label, so `country` is a place).
fn describable(m: &Span) -> bool {
    m.label == Label::ORG || (m.label == Label::LOC && m.kind == "country")
}

fn description() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let nouns: Vec<&str> = NOUNS.iter().map(|(n, _)| *n).collect();
        Regex::new(&format!(
            r"\b(?:[Tt]he|[Tt]hat|[Tt]his) ({})\b",
            nouns.join("|")
        ))
        .expect("the description pattern is valid")
    })
}

/// The descriptions in `sentence` that stand for an organisation named
/// earlier in it, as mentions of that organisation. `mentions` are the
/// sentence's names, in order.
pub fn back_references(text: &str, sentence: Range<usize>, mentions: &[&Span]) -> Vec<Span> {
    // Most sentences name nothing a description could stand for: no need
    // to search them.
    let Some(slice) = text
        .get(sentence.clone())
        .filter(|_| mentions.iter().any(|m| describable(m)))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in description().captures_iter(slice) {
        let (Some(all), Some(noun)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let at = sentence.start + all.start()..sentence.start + all.end();
        // `the Union of Journalists` is a name or a new noun phrase, and a
        // description inside a name is part of that name.
        let rest = &text[at.end..];
        let next = rest.trim_start();
        if next.starts_with("of ")
            || next.starts_with(|ch: char| ch.is_uppercase())
            || mentions
                .iter()
                .any(|m| m.bytes.start < at.end && at.start < m.bytes.end)
        {
            continue;
        }
        let kinds = NOUNS
            .iter()
            .find(|(n, _)| *n == noun.as_str())
            .map(|(_, k)| *k)
            .unwrap_or(&[]);
        let antecedent = mentions
            .iter()
            .rev()
            .filter(|m| m.bytes.end <= at.start && describable(m))
            .find(|m| kinds.contains(&m.kind.as_str()));
        let Some(&antecedent) = antecedent else {
            continue;
        };
        // `the CSTO, the alliance that …` describes the name itself, and
        // states nothing a relation could use.
        let between = &text[antecedent.bytes.end..at.start];
        if between
            .trim()
            .trim_start_matches(['(', ')', ','])
            .trim()
            .is_empty()
        {
            continue;
        }
        let mut span = antecedent.clone();
        span.bytes = at;
        span.nested = false;
        out.push(span);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::span::SpanSource;

    fn org(text: &str, name: &str, entity: &str, kind: &str) -> Span {
        let start = text.find(name).expect("the name is in the text");
        Span {
            start,
            end: start + name.len(),
            text: name.to_owned(),
            label: Label::ORG,
            entity: entity.to_owned(),
            name: name.to_owned(),
            kind: kind.to_owned(),
            source: SpanSource::Gazetteer,
            alias: name.to_owned(),
            candidates: Vec::new(),
            reason: None,
            flags: Vec::new(),
            rule: None,
            nested: false,
            bytes: start..start + name.len(),
        }
    }

    #[test]
    fn a_description_names_the_organisation_of_its_sort_before_it() {
        let cases: &[(&str, &str, &str, Option<&str>)] = &[
            (
                "The CSTO met; Uzbekistan left the organisation in 2012.",
                "CSTO",
                "organization",
                Some("the organisation"),
            ),
            (
                "The IMU grew, and the group moved.",
                "IMU",
                "militant_group",
                Some("the group"),
            ),
            // The kind must fit: a militant group is no `organisation`.
            (
                "The IMU grew, and the organisation moved.",
                "IMU",
                "militant_group",
                None,
            ),
            // Nothing before it: the description opens the sentence.
            (
                "The organisation praised the CSTO.",
                "CSTO",
                "organization",
                None,
            ),
            // Apposition describes the name itself.
            ("The CSTO, the alliance, met.", "CSTO", "organization", None),
            // A name or a new noun phrase.
            (
                "The CSTO met the Union of Journalists.",
                "CSTO",
                "organization",
                None,
            ),
        ];
        for (text, name, kind, want) in cases {
            let m = org(text, name, "x", kind);
            let got = back_references(text, 0..text.len(), &[&m]);
            let got: Vec<&str> = got.iter().map(|s| &text[s.bytes.clone()]).collect();
            assert_eq!(got, want.iter().copied().collect::<Vec<_>>(), "{text}");
        }
    }
}
