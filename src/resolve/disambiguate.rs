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
//!
//! An acronym needs evidence even when it names one entity only: `GCC` in
//! a compiler changelog is no Gulf Cooperation Council, `RSA` in a
//! licence is no South Africa. [`require_acronym_evidence`] keeps an
//! acronym whose entity the document defines or names otherwise, or that
//! is related by a gazetteer fact to an entity named near it (by an
//! acronym too: `CRRF` and `CSTO` back each other), or that has other
//! entities named near it by more than an acronym; the rest are dropped.
//! [`AnnotatorBuilder::lone_acronyms`](crate::AnnotatorBuilder::lone_acronyms)
//! keeps them all.

use crate::lexicon::gazetteer::{is_acronym, Gazetteer};
use crate::matching::span::Mention;
use crate::model::schema::Label;
use crate::model::span::{Reason, SpanSource};
use crate::text::normalize::{normalize_str, Options};
use std::collections::{HashMap, HashSet};

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

/// Lower-case words that, right after a place's name, say which kind of
/// place it is (`the Batken region`, `the Isfara river`).
const PLACE_HEADS: &[&str] = &[
    "region",
    "oblast",
    "province",
    "district",
    "river",
    "lake",
    "valley",
    "pass",
    "gorge",
    "mountains",
    "range",
    "peak",
    "canal",
    "airport",
    "tunnel",
    "bazaar",
    "hydroelectric station",
];

/// Adjectives of a unit's kind, with the head word they stand for.
const HEAD_ADJECTIVES: &[(&str, &str)] = &[("regional", "region"), ("provincial", "province")];

/// The head word that `words` (lower case, as written after a name)
/// opens with, of one or two words, in the singular when `plural`.
fn head_in(words: &str, plural: bool) -> Option<&'static str> {
    let ws: Vec<&str> = words
        .split(|c: char| !c.is_alphabetic())
        .take_while(|w| !w.is_empty())
        .take(2)
        .collect();
    let one = ws.first().copied().unwrap_or_default();
    let two = ws.join(" ");
    // An adjective of a unit's kind names the unit as the head word does
    // (`the Osh regional administration` is the region's).
    if !plural {
        if let Some(&(_, head)) = HEAD_ADJECTIVES.iter().find(|(a, _)| *a == one) {
            return Some(head);
        }
    }
    PLACE_HEADS.iter().copied().find(|&h| {
        [one, two.as_str()].iter().any(|w| {
            if plural {
                w.strip_suffix('s') == Some(h)
            } else {
                *w == h
            }
        })
    })
}

/// Whether `items` holds only names, commas, `and` and bracketed asides
/// (`Devashtich (formerly Ghonchi), Jabbor Rasulov`): a list's items.
fn only_items(items: &str) -> bool {
    // The text outside brackets is read as one stream of words (a bracket
    // may fall inside a word), without copying it: this runs for most
    // place names, for every list opener before them.
    let mut depth = 0usize;
    let mut word = ItemWord::default();
    for c in items.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' | ' ' if depth == 0 => {
                if !word.is_item() {
                    return false;
                }
                word = ItemWord::default();
            }
            _ if depth == 0 => word.push(c),
            _ => {}
        }
    }
    depth == 0 && word.is_item()
}

/// A word of [`only_items`], read one character at a time.
#[derive(Default)]
struct ItemWord {
    chars: usize,
    /// How many characters of `and` the word has spelled so far, if it
    /// has not left it.
    and: Option<usize>,
    capitalised: bool,
    /// No character is other than a letter, an apostrophe or a hyphen.
    name_like: bool,
}

impl ItemWord {
    fn push(&mut self, c: char) {
        if self.chars == 0 {
            self.capitalised = c.is_uppercase();
            self.name_like = true;
            self.and = Some(0);
        }
        self.and = self
            .and
            .filter(|&k| ['a', 'n', 'd'].get(k) == Some(&c))
            .map(|k| k + 1);
        self.name_like &= c.is_alphabetic() || "'’-".contains(c);
        self.chars += 1;
    }

    /// Empty, `and`, or a capitalised word of letters.
    fn is_item(&self) -> bool {
        self.chars == 0 || self.and == Some(3) || self.capitalised && self.name_like
    }
}

/// How far before and after a name a list it is an item of is looked
/// for, in bytes.
const LIST_WINDOW: usize = 400;

/// The nearest char boundary of `text` at or below `at` (`text.len()` at most).
fn floor_char(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The nearest char boundary of `text` at or above `at`.
fn ceil_char(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The words that may stand between a plural head word and the list of
/// names it heads (`districts: …`, `districts such as …`, `the districts
/// include …`, `the provinces of …`).
const LIST_OPENERS: &[&str] = &[":", " such as", " include", " including", " of", " are"];

/// The head word of the list a name is an item of, in the singular, when
/// a plural head word opens the list (`seven districts: Darvoz, Vanj, …
/// and Murghob`, `the provinces of Kunduz and Takhar`): only names,
/// commas and `and` lie between the opener and the name.
fn list_head(before: &str) -> Option<&'static str> {
    // The last place of each opener, as `rfind` would give it, found in
    // one backward pass: this runs for most place names, over a few
    // hundred bytes each, and six searches of the window were a tenth of
    // a spans-only run. Every opener starts with a colon or a space.
    let bytes = before.as_bytes();
    let mut last = [None; LIST_OPENERS.len()];
    let mut missing = LIST_OPENERS.len();
    for at in (0..bytes.len()).rev() {
        if !matches!(bytes[at], b':' | b' ') {
            continue;
        }
        for (found, o) in last.iter_mut().zip(LIST_OPENERS) {
            if found.is_none() && bytes[at..].starts_with(o.as_bytes()) {
                *found = Some(at);
                missing -= 1;
            }
        }
        if missing == 0 {
            break;
        }
    }
    // The latest opener whose items run up to the name.
    last.iter()
        .zip(LIST_OPENERS)
        .filter_map(|(at, o)| at.map(|at| (at, o.len())))
        .filter(|&(at, len)| only_items(&before[at + len..]))
        .min_by_key(|&(at, _)| at)
        .and_then(|(at, _)| {
            let plural = before[..at].rsplit(' ').next()?;
            head_in(plural, true)
        })
}

/// The head word of a list that a name opens or continues and a plural
/// head word ends (`the Namangan, Andijan and Tashkent regions`, `the
/// Chatkal and Fergana ranges`), in the singular: only names, commas and
/// `and` lie between the name and the head word.
fn list_tail(after: &str) -> Option<&'static str> {
    if !after.starts_with([',', ' ']) {
        return None;
    }
    // The head word is the first word in lower case other than `and`.
    let mut at = 0;
    for w in after.split_inclusive([' ', ',']) {
        let word = w.trim_end_matches([' ', ',']);
        if !word.is_empty() && word != "and" && word.starts_with(char::is_lowercase) {
            break;
        }
        at += w.len();
    }
    let (items, rest) = after.split_at(at);
    (items.contains(" and ") && only_items(items))
        .then(|| head_in(rest, true))
        .flatten()
}

/// Words that may stand between `the` and a place's kind in what a text
/// says a name is (`, the largest of the three districts`, ` is the only
/// region`).
const PREDICATE_FILLERS: &[&str] = &[
    "only",
    "largest",
    "smallest",
    "biggest",
    "main",
    "most",
    "least",
    "populous",
    "southernmost",
    "northernmost",
    "easternmost",
    "westernmost",
    "southern",
    "northern",
    "eastern",
    "western",
    "central",
    "new",
    "former",
    "of",
    "the",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
];

/// The kind that an apposition or a copula right after a name gives it
/// (`Kadamjay, the largest of the three districts`, `Batken is the only
/// region ...`), in the singular: only the words of
/// [`PREDICATE_FILLERS`] may come before the kind (`Batken, the capital
/// of the region` says nothing of Batken's kind).
fn predicate_kind(after: &str) -> Option<&'static str> {
    let rest = after
        .strip_prefix(", ")
        .or_else(|| after.strip_prefix(" is "))?;
    let rest = ["the ", "a ", "an "]
        .iter()
        .find_map(|a| rest.strip_prefix(a))?;
    for w in rest.split(' ').take(6) {
        let w = w.trim_end_matches([',', '.', ';', ':']);
        if let Some(h) = head_in(w, false).or_else(|| head_in(w, true)) {
            return Some(h);
        }
        if !PREDICATE_FILLERS.contains(&w) {
            return None;
        }
    }
    None
}

/// Resolves every ambiguous mention in place: the chosen entity's names
/// come first in `names`, and `reason` says why. A place's name followed
/// by a lower-case head word first names the entity that the name and the
/// head word spell together (see [`by_head_word`]).
pub fn resolve(text: &str, gazetteer: &Gazetteer, mentions: &mut [Mention]) {
    by_head_word(text, gazetteer, mentions);
    resolve_if(text, gazetteer, mentions, |_| true);
}

/// Gives a place's name followed by a lower-case head word the entity
/// whose name is the two together, when a gazetteer lists one (`Batken
/// region` is the region, `Batken` alone the town; `Isfara river`): the
/// head word stays out of the span, as the text writes it in lower case,
/// but it says which of the same-named places is meant. The head word of
/// a list the name is an item of counts too (`districts: Ishkoshim and
/// Murghob`).
fn by_head_word(text: &str, gazetteer: &Gazetteer, mentions: &mut [Mention]) {
    for m in mentions.iter_mut().filter(|m| {
        m.source == SpanSource::Gazetteer
            && m.names
                .first()
                .is_some_and(|&(e, _)| gazetteer.entity(e).label == Label::LOC)
    }) {
        // A list lies within a sentence: looking no further than a few
        // hundred bytes either way keeps a long document linear.
        let after = &text[m.range.end..floor_char(text, m.range.end + LIST_WINDOW)];
        let before =
            &text[ceil_char(text, m.range.start.saturating_sub(LIST_WINDOW))..m.range.start];
        let last_item = {
            let b = before.trim_end();
            b.ends_with(',') || b.ends_with(" and")
        };
        // The last item of a list takes the list's plural head word.
        let Some(head) = after
            .strip_prefix(' ')
            .and_then(|rest| {
                head_in(rest, false).or_else(|| head_in(rest, true).filter(|_| last_item))
            })
            .or_else(|| list_tail(after))
            .or_else(|| list_head(before))
            .or_else(|| predicate_kind(after))
        else {
            continue;
        };
        let key = normalize_str(
            &format!("{} {head}", &text[m.range.clone()]),
            Options::FOLDED,
        );
        let mut found = gazetteer
            .with_key(key.trim())
            .into_iter()
            .map(|e| (e, gazetteer.entity(e)))
            .filter(|(_, e)| e.label == Label::LOC);
        if let (Some((e, entity)), None) = (found.next(), found.next()) {
            if m.names.iter().all(|&(c, _)| c != e) || m.is_ambiguous() {
                // The entity's name without the head word, if it has one,
                // so the span reports a name it is written as.
                let alias = entity
                    .aliases
                    .iter()
                    .position(|a| {
                        a.key == normalize_str(&text[m.range.clone()], Options::FOLDED).trim()
                    })
                    .unwrap_or(0);
                m.names = vec![(e, alias)];
            }
        }
    }
}

/// Resolves, ahead of the rest, the ambiguous mentions that a bracketed
/// short form follows (`State Committee for National Security (SCNS; …)`,
/// a name of two agencies): the acronym then names the entity chosen for
/// its long form.
pub fn resolve_long_forms(text: &str, gazetteer: &Gazetteer, mentions: &mut [Mention]) {
    if mentions.iter().any(Mention::is_ambiguous) {
        resolve_if(text, gazetteer, mentions, |m| {
            crate::resolve::acronym::short_after(text, m.range.end).is_some()
        });
    }
}

fn resolve_if(
    text: &str,
    gazetteer: &Gazetteer,
    mentions: &mut [Mention],
    which: impl Fn(&Mention) -> bool,
) {
    // Where each entity is named unambiguously: its mentions' starts.
    let mut named: HashMap<usize, Vec<usize>> = HashMap::new();
    for m in mentions.iter().filter(|m| !m.nested && !m.is_ambiguous()) {
        if let Some(e) = m.entities().next() {
            named.entry(e).or_default().push(m.range.start);
        }
    }
    let mut within: Within = HashMap::new();
    for m in mentions.iter_mut() {
        if !m.is_ambiguous() || m.reason.is_some() || !which(m) {
            continue;
        }
        let candidates: Vec<usize> = m.entities().collect();
        for &c in &candidates {
            for k in context_of(gazetteer, c) {
                within
                    .entry(k)
                    .or_insert_with(|| places_within(gazetteer, k, &named));
            }
        }
        let (chosen, reason) = choose(text, gazetteer, m, &candidates, &named, &within);
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
    within: &Within,
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
    // The places and bodies that lie within a candidate's state count as
    // related too: `GKNB` beside `Osh` is Kyrgyzstan's, though only
    // Kyrgyzstan itself is a fact of it.
    let distance = |c: usize| -> Option<usize> {
        let at = m.range.start;
        let inside = context_of(gazetteer, c).filter_map(|k| within.get(&k));
        gazetteer
            .related_in(c, named)
            .chain(inside)
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

/// For each state a candidate serves (its [`CONTEXT`](crate::lexicon::gazetteer::CONTEXT) links), where the
/// document names what lies within it, in text order.
type Within = HashMap<usize, Vec<usize>>;

/// The entities a candidate's [`CONTEXT`](crate::lexicon::gazetteer::CONTEXT) links name: the state or group
/// an agency serves (`context=kyrgyzstan`).
fn context_of(gazetteer: &Gazetteer, c: usize) -> impl Iterator<Item = usize> + '_ {
    gazetteer
        .entity(c)
        .facts
        .iter()
        .filter(|f| f.relation.is_none())
        .map(|f| f.target)
}

/// The starts of the document's unambiguous mentions of entities that lie
/// within `k` (see [`Gazetteer::enclosing`]), sorted.
fn places_within(
    gazetteer: &Gazetteer,
    k: usize,
    named: &HashMap<usize, Vec<usize>>,
) -> Vec<usize> {
    let mut starts: Vec<usize> = named
        .iter()
        .filter(|&(&n, _)| n != k && gazetteer.enclosing(n).contains(&k))
        .flat_map(|(_, s)| s.iter().copied())
        .collect();
    starts.sort_unstable();
    starts
}

/// How near (in bytes, either side) other entities must be named for an
/// acronym to count as in the domain: about a paragraph.
const DOMAIN_WINDOW: usize = 400;

/// Drops every acronym mention (`GCC`, `RSA`, `SCO`) whose entity has no
/// evidence in the document, and records the evidence of the rest as the
/// span's `reason` (see the module's docs). Run after [`resolve`].
pub fn require_acronym_evidence(text: &str, gazetteer: &Gazetteer, mentions: &mut Vec<Mention>) {
    let is_acronym_mention =
        |m: &Mention| m.source == SpanSource::Gazetteer && is_acronym(&text[m.range.clone()]);
    // Entities named by more than an acronym, and (start, entity) of each
    // such mention in text order.
    let mut named: HashSet<usize> = HashSet::new();
    let mut full: Vec<(usize, usize)> = Vec::new();
    // Every mention, acronyms included: `CRRF` and `CSTO` in one sentence
    // back each other, since the facts relate them.
    let mut any: HashMap<usize, Vec<usize>> = HashMap::new();
    for m in mentions.iter().filter(|m| !m.nested) {
        if let Some(&(e, _)) = m.names.first() {
            any.entry(e).or_default().push(m.range.start);
            if !is_acronym_mention(m) {
                named.insert(e);
                full.push((m.range.start, e));
            }
        }
    }
    let reasons: Vec<Option<Option<Reason>>> = mentions
        .iter()
        .map(|m| {
            if !is_acronym_mention(m) {
                return None;
            }
            let Some(&(e, _)) = m.names.first() else {
                return Some(None);
            };
            if let Some(r) = m.reason.filter(|r| *r != Reason::FirstListed) {
                return Some(Some(r));
            }
            if named.contains(&e) {
                return Some(Some(Reason::OtherNameInDocument));
            }
            let lo = m.range.start.saturating_sub(DOMAIN_WINDOW);
            let hi = m.range.end + DOMAIN_WINDOW;
            let near = |starts: &Vec<usize>| {
                let i = starts.partition_point(|&at| at < lo);
                starts.get(i).is_some_and(|&at| at < hi)
            };
            // A related entity counts near the acronym only: a long
            // changelog that names China once says nothing of its `SCO`.
            if gazetteer.related_in(e, &any).any(near) {
                return Some(Some(Reason::RelatedEntityInDocument));
            }
            let from = full.partition_point(|&(at, _)| at < lo);
            let other_nearby = full[from..]
                .iter()
                .take_while(|&&(at, _)| at < hi)
                .any(|&(_, other)| other != e);
            Some(other_nearby.then_some(Reason::DomainEntitiesNearby))
        })
        .collect();
    let mut reasons = reasons.into_iter();
    mentions.retain_mut(|m| match reasons.next().flatten() {
        None => true,
        Some(None) => false,
        Some(Some(r)) => {
            m.reason = Some(r);
            true
        }
    });
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

    const GAZ: &str = "a_omon\tORG\tforce\tOMON of A\tOMON | A OMON\tpart_of=a_mvd\n\
        b_omon\tORG\tforce\tOMON of B\tOMON\n\
        a_mvd\tORG\tministry\tA Ministry\n\
        p\tPER\tperson\tJordan Smith\tJordan\n\
        c\tLOC\tcountry\tJordan\n";

    #[test]
    fn a_head_word_after_a_place_names_the_place_of_that_kind() {
        let g = Gazetteer::builder()
            .default_gazetteers(false)
            .add_source(
                "t.tsv",
                "town\tLOC\tcity\tBatken\n\
                 region\tLOC\tprovince\t=Batken Region\n\
                 mtown\tLOC\tsettlement\tMurghob\n\
                 mdistrict\tLOC\tdistrict\t=Murghob District\n",
            )
            .build()
            .unwrap();
        // (text, the name, the entity wanted)
        for (text, name, want) in [
            ("Fighting in the Batken region went on.", "Batken", 1),
            ("Fighting in Batken went on.", "Batken", 0),
            // An adjective of the unit's kind names the unit too.
            ("The Batken regional governor resigned.", "Batken", 1),
            ("The Batken provincial governor resigned.", "Batken", 0),
            ("The Batken regionalists met.", "Batken", 0),
            // What the text says the place is.
            (
                "Batken, the largest of the three regions, is poor.",
                "Batken",
                1,
            ),
            ("Batken is the only region of it.", "Batken", 1),
            ("Batken, the capital of the region, is poor.", "Batken", 0),
            ("Batken is the town of the region.", "Batken", 0),
            // A head word that names no listed place changes nothing.
            ("Fighting in the Batken valley went on.", "Batken", 0),
            ("It has two districts: Batken and Murghob.", "Murghob", 3),
            ("It has two towns: Batken and Murghob.", "Murghob", 2),
            // The list is over once other words come.
            ("It has districts: two, and Murghob is one.", "Murghob", 2),
            // A plural head word after the list, for its first, middle
            // and last items.
            (
                "It borders the Murghob, Vanj and Batken districts.",
                "Murghob",
                3,
            ),
            (
                "It borders the Vanj, Batken and Murghob districts.",
                "Murghob",
                3,
            ),
            (
                "It borders the Vanj, Murghob and Batken regions.",
                "Murghob",
                2,
            ),
            ("It borders the Batken and Murghob regions.", "Batken", 1),
            ("It borders the Murghob and Batken regions.", "Batken", 1),
            // A plural head word after one name heads no list.
            ("The Batken regions differ.", "Batken", 0),
            ("Batken and its neighbours' districts differ.", "Batken", 0),
            // Openers other than a colon.
            ("It has districts such as Batken and Murghob.", "Murghob", 3),
            (
                "Its districts include Vanj, Murghob (formerly Vanch) and Batken.",
                "Murghob",
                3,
            ),
            ("It faces the districts of Vanj and Murghob.", "Murghob", 3),
            ("It faces the Republic of Murghob.", "Murghob", 2),
        ] {
            let at = text.find(name).unwrap();
            let entity = if name == "Batken" { 0 } else { 2 };
            let mut ms = vec![Mention::of(at..at + name.len(), entity)];
            resolve(text, &g, &mut ms);
            assert_eq!(ms[0].names[0].0, want, "{text:?}");
        }
        assert_eq!(
            list_head("seven districts: Darvoz, Roshtqal'a and "),
            Some("district")
        );
        assert_eq!(list_head("as follows: Darvoz and "), None);
        // (text after a name, the head word of the list it is in)
        for (after, head) in [
            (", Andijan and Tashkent regions of", Some("region")),
            (
                " and Kurpsai hydroelectric stations, both",
                Some("hydroelectric station"),
            ),
            (" and Fergana ranges.", Some("range")),
            (", Andijan and Tashkent are cities", None),
            (" regions", None),
            (" and the districts", None),
        ] {
            assert_eq!(list_tail(after), head, "{after:?}");
        }
    }

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
            transliterated: false,
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

    #[test]
    fn a_place_within_a_candidates_state_backs_it() {
        let g = Gazetteer::builder()
            .default_gazetteers(false)
            .add_source(
                "t.tsv",
                "n_sec\tORG\tagency\tSecurity Committee of Northland\tSECCOM\tcontext=north\n\
                 s_sec\tORG\tagency\tSecurity Committee of Southland\tSECCOM\tcontext=south\n\
                 north\tLOC\tcountry\tNorthland\n\
                 south\tLOC\tcountry\tSouthland\n\
                 lakes\tLOC\tprovince\tLake Province\t\tlocated_in=north\n\
                 nord\tLOC\tcity\tNordtown\t\tlocated_in=lakes\n\
                 old\tLOC\tcity\tOldtown\n",
            )
            .build()
            .unwrap();
        let opening = "Southland lies far off, beyond the hills and the sea and the plain. ";
        // (the sentence after the opening, the entity chosen for SECCOM)
        for (rest, want) in [
            // Nordtown lies in a province of Northland: nearer than Southland.
            ("The SECCOM raided a flat in Nordtown.", 0),
            // A town the gazetteer places nowhere backs no one.
            ("The SECCOM raided a flat in Oldtown.", 1),
        ] {
            let text = format!("{opening}{rest}");
            let town = if rest.contains("Nordtown") {
                "Nordtown"
            } else {
                "Oldtown"
            };
            let town_idx = if town == "Nordtown" { 5 } else { 6 };
            let mut ms = vec![
                m(&text, "Southland", 0, &[3]),
                m(&text, "SECCOM", 0, &[0, 1]),
                m(&text, town, 0, &[town_idx]),
            ];
            resolve(&text, &g, &mut ms);
            assert_eq!(ms[1].names[0].0, want, "{rest}");
            assert_eq!(
                ms[1].reason,
                Some(Reason::RelatedEntityInDocument),
                "{rest}"
            );
        }
        assert_eq!(g.enclosing(5), vec![4, 2]);
        assert!(g.enclosing(6).is_empty());
    }

    #[test]
    fn an_acronym_needs_evidence() {
        let g = Gazetteer::builder()
            .default_gazetteers(false)
            .add_source(
                "t.tsv",
                "gcc\tORG\talliance\tGulf Cooperation Council\tGCC\n\
                 sa\tLOC\tcountry\tSaudi Arabia\tKSA\tmember_of=gcc\n\
                 om\tLOC\tcountry\tOman\n\
                 qa\tLOC\tcountry\tQatar\n",
            )
            .build()
            .unwrap();
        let far = " filler".repeat(200);
        // (text, the mentions as (word, entity), the acronym's reason or
        // `None` where it is dropped)
        #[allow(clippy::type_complexity)]
        let cases: &[(String, &[(&str, usize)], Option<Reason>)] = &[
            ("Built with GCC 12.".into(), &[("GCC", 0)], None),
            (
                "The Gulf Cooperation Council met. The GCC agreed.".into(),
                &[("Gulf Cooperation Council", 0), ("GCC", 0)],
                Some(Reason::OtherNameInDocument),
            ),
            (
                "Saudi Arabia hosted the GCC.".into(),
                &[("Saudi Arabia", 1), ("GCC", 0)],
                Some(Reason::RelatedEntityInDocument),
            ),
            // Two acronyms that a fact relates back each other.
            (
                "KSA hosted the GCC.".into(),
                &[("KSA", 1), ("GCC", 0)],
                Some(Reason::RelatedEntityInDocument),
            ),
            (
                format!("Saudi Arabia.{far} Built with GCC."),
                &[("Saudi Arabia", 1), ("GCC", 0)],
                None,
            ),
            (
                "Oman left the GCC.".into(),
                &[("Oman", 2), ("GCC", 0)],
                Some(Reason::DomainEntitiesNearby),
            ),
            (
                format!("Oman and Qatar.{far} The GCC."),
                &[("Oman", 2), ("Qatar", 3), ("GCC", 0)],
                None,
            ),
        ];
        for (text, spec, want) in cases {
            let mut ms: Vec<Mention> = spec.iter().map(|(w, e)| m(text, w, 0, &[*e])).collect();
            require_acronym_evidence(text, &g, &mut ms);
            let gcc = ms.iter().find(|m| &text[m.range.clone()] == "GCC");
            assert_eq!(gcc.map(|m| m.reason), want.map(Some), "{text}");
            // Only the acronym is ever dropped.
            assert_eq!(ms.len(), spec.len() - usize::from(want.is_none()), "{text}");
        }
    }

    #[test]
    fn list_openers_start_where_list_head_looks() {
        assert!(LIST_OPENERS.iter().all(|o| o.starts_with([':', ' '])));
    }
}
