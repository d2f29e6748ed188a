//! Choosing one entity for a mention whose alias names several.
//!
//! The evidence, strongest first (the first that singles out one candidate
//! decides, and is reported as the span's `reason`):
//! 1. another name of only one candidate occurs, unambiguously, in the
//!    document (`OMON` in a text that also says `Tajik OMON`);
//! 2. an entity that a candidate has a gazetteer fact about, or that has
//!    one about it, is named in the document; of several such candidates,
//!    the one whose related entity is named closest to the mention (`OMON`
//!    beside `Tajik Ministry of Internal Affairs`, which the Tajik OMON is
//!    `part_of`, even where Russia is named elsewhere);
//! 3. the words before the mention call for a label (`President X` → PER,
//!    `the city of X` → LOC);
//! 4. otherwise the candidate listed first in the gazetteers.

use crate::lexicon::gazetteer::Gazetteer;
use crate::matching::span::Mention;
use crate::model::schema::Label;
use crate::model::span::Reason;
use std::collections::HashMap;

/// Words that, right before a name, call for a person.
const PERSON_CUES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "professor",
    "president",
    "minister",
    "general",
    "colonel",
    "lieutenant",
    "major",
    "captain",
    "commander",
    "sheikh",
    "emir",
    "leader",
    "chairman",
    "secretary",
    "ambassador",
    "senator",
    "mullah",
    "imam",
    "king",
    "prince",
    "premier",
];

/// Word sequences that, right before a name, call for a place.
const PLACE_CUES: &[&str] = &[
    "city of",
    "town of",
    "village of",
    "province of",
    "region of",
    "capital",
    "born in",
    "near",
    "in northern",
    "in southern",
    "in eastern",
    "in western",
];

/// Resolves every ambiguous mention in place: the chosen entity's names
/// come first in `names`, and `reason` says why.
pub fn resolve(text: &str, gazetteer: &Gazetteer, mentions: &mut [Mention]) {
    // Where each entity is named unambiguously: its mentions' starts.
    let mut named: HashMap<usize, Vec<usize>> = HashMap::new();
    for m in mentions.iter().filter(|m| !m.nested && !m.is_ambiguous()) {
        if let Some(e) = m.entities().next() {
            named.entry(e).or_default().push(m.range.start);
        }
    }
    for m in mentions.iter_mut() {
        if !m.is_ambiguous() || m.reason.is_some() {
            continue;
        }
        let candidates: Vec<usize> = m.entities().collect();
        let (chosen, reason) = choose(text, gazetteer, m, &candidates, &named);
        let mut names: Vec<(usize, usize)> = m
            .names
            .iter()
            .copied()
            .filter(|&(e, _)| e == chosen)
            .collect();
        names.extend(m.names.iter().copied().filter(|&(e, _)| e != chosen));
        m.names = names;
        m.reason = Some(reason);
    }
}

fn choose(
    text: &str,
    gazetteer: &Gazetteer,
    m: &Mention,
    candidates: &[usize],
    named: &HashMap<usize, Vec<usize>>,
) -> (usize, Reason) {
    let only = |keep: &dyn Fn(usize) -> bool| -> Option<usize> {
        let mut it = candidates.iter().copied().filter(|&c| keep(c));
        match (it.next(), it.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    };
    if let Some(c) = only(&|c| named.contains_key(&c)) {
        return (c, Reason::OtherNameInDocument);
    }
    // The candidate with a related entity named closest to the mention:
    // `OMON` beside `Tajik Ministry of Internal Affairs` is the Tajik OMON
    // even where Russia is named further away.
    // Each entity's mention starts are in text order: the nearest is found
    // by binary search, so this costs no more in a long document.
    let distance = |c: usize| -> Option<usize> {
        let at = m.range.start;
        gazetteer
            .related(c)
            .into_iter()
            .filter_map(|n| named.get(&n))
            .filter_map(|starts| {
                let i = starts.partition_point(|&p| p < at);
                let after = starts.get(i).map(|&p| p - at);
                let before = i.checked_sub(1).map(|k| at - starts[k]);
                after.into_iter().chain(before).min()
            })
            .min()
    };
    let distances: Vec<(usize, usize)> = candidates
        .iter()
        .filter_map(|&c| distance(c).map(|d| (d, c)))
        .collect();
    if let Some(&(best, c)) = distances.iter().min() {
        if distances.iter().filter(|(d, _)| *d == best).count() == 1 {
            return (c, Reason::RelatedEntityInDocument);
        }
    }
    if let Some(label) = label_from_context(&text[..m.range.start]) {
        if let Some(c) = only(&|c| gazetteer.entity(c).label == label) {
            return (c, Reason::LabelFromContext);
        }
    }
    (candidates[0], Reason::FirstListed)
}

/// The label the words right before a mention call for, if any.
fn label_from_context(before: &str) -> Option<Label> {
    // The last 40 characters are enough for "the city of" or a title.
    let from = before.char_indices().rev().nth(39).map_or(0, |(i, _)| i);
    let tail = before[from..].to_lowercase();
    let words: Vec<&str> = tail
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let last = *words.last()?;
    if PERSON_CUES.contains(&last) {
        return Some(Label::PER);
    }
    let last_two = words[words.len().saturating_sub(2)..].join(" ");
    if PLACE_CUES.contains(&last) || PLACE_CUES.contains(&last_two.as_str()) {
        return Some(Label::LOC);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::span::SpanSource;

    const GAZ: &str = "a_omon\tORG\tforce\tOMON of A\tOMON | A OMON\tpart_of=a_mvd\n\
        b_omon\tORG\tforce\tOMON of B\tOMON\n\
        a_mvd\tORG\tministry\tA Ministry\n\
        p\tPER\tperson\tJordan Smith\tJordan\n\
        c\tLOC\tcountry\tJordan\n";

    fn gaz() -> Gazetteer {
        Gazetteer::builder()
            .default_gazetteers(false)
            .add_source("t.tsv", GAZ)
            .build()
            .unwrap()
    }

    fn m(text: &str, word: &str, nth: usize, entities: &[usize]) -> Mention {
        let at = text.match_indices(word).nth(nth).unwrap().0;
        Mention {
            range: at..at + word.len(),
            names: entities.iter().map(|&e| (e, 0)).collect(),
            source: SpanSource::Gazetteer,
            reason: None,
            nested: false,
            dehyphenated: false,
        }
    }

    /// (text, mentions as (word, occurrence, candidate entities), expected
    /// chosen entity and reason for the first mention)
    #[allow(clippy::type_complexity)]
    const CASES: &[(&str, &[(&str, usize, &[usize])], usize, Reason)] = &[
        (
            "OMON came. A OMON left.",
            &[("OMON", 0, &[0, 1]), ("A OMON", 0, &[0])],
            0,
            Reason::OtherNameInDocument,
        ),
        (
            "OMON of the A Ministry",
            &[("OMON", 0, &[0, 1]), ("A Ministry", 0, &[2])],
            0,
            Reason::RelatedEntityInDocument,
        ),
        (
            "President Jordan spoke",
            &[("Jordan", 0, &[3, 4])],
            3,
            Reason::LabelFromContext,
        ),
        (
            "the city of Jordan",
            &[("Jordan", 0, &[3, 4])],
            4,
            Reason::LabelFromContext,
        ),
        ("Jordan", &[("Jordan", 0, &[3, 4])], 3, Reason::FirstListed),
    ];

    #[test]
    fn evidence_in_order_of_strength() {
        let g = gaz();
        for (text, spec, want, reason) in CASES {
            let mut ms: Vec<Mention> = spec.iter().map(|(w, n, es)| m(text, w, *n, es)).collect();
            resolve(text, &g, &mut ms);
            assert_eq!(ms[0].names[0].0, *want, "{text}");
            assert_eq!(ms[0].reason, Some(*reason), "{text}");
        }
    }
}
