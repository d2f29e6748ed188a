//! Proposing names that no gazetteer lists, from the name patterns
//! ([`crate::names::pattern`]), after gazetteer matching and acronyms.
//!
//! 1. Every gazetteer mention is masked, so a proposal never overlaps one:
//!    the gazetteer wins. A pattern may take a whole mention into a longer
//!    name (`Press Service of the {ORG}`); the mention is then nested in
//!    the proposed name, as the guidelines' longest-name rule asks.
//! 2. Each rule's matches are trimmed as the guidelines ask (no leading
//!    `the`, no possessive, no trailing punctuation), a sentence-initial
//!    common word that no list has is dropped from the front, with the
//!    small words after it (`Yesterday Boris Melnikov`), and what is left must pass the
//!    rule's `common:` test, hold no `never:` word and lie in one sentence.
//! 3. Among overlapping proposals the leftmost-longest wins (then the rule
//!    listed first).
//! 4. An acronym in brackets right after a proposed name that fits it is
//!    the same entity (`defined_acronym`).
//! 5. Every other occurrence in the document of a proposed name, and of
//!    the surname of a person named in full (proposed, or found by a
//!    gazetteer), is linked to that entity (`known_in_document`).
//!
//! A proposed entity's id is document-local: `doc:` and its name in lower
//! case with every run of other characters than letters and digits made
//! one `_` (`doc:zarina_nazarova`). `gazet eval` aligns such ids with the
//! gold's ids by the spans they share.

use crate::lexicon::gazetteer::{is_common_word, Gazetteer};
use crate::model::schema::Label;
use crate::model::span::{Flag, Span, SpanSource, LOCAL_ID};
use crate::names::pattern::{Common, Patterns, MASK_PAD, MASK_START};
use crate::resolve::acronym;
use crate::text::normalize::is_word_char;
use crate::text::offsets::CodePoints;
use crate::text::sentence;
use std::collections::HashMap;
use std::ops::Range;

/// The rule name of a later mention linked to a known name.
pub const KNOWN_IN_DOCUMENT: &str = "known_in_document";
/// The rule name of an acronym defined after a proposed name.
pub const DEFINED_ACRONYM: &str = "defined_acronym";

/// A proposal before it becomes a span.
#[derive(Clone, Debug)]
struct Proposal {
    range: Range<usize>,
    label: Label,
    kind: &'static str,
    rule: String,
    entity: String,
    name: String,
    /// The order of the rule that proposed it; linked mentions come last.
    order: usize,
}

/// The document-local id of a name.
pub fn local_id(name: &str) -> String {
    format!("{LOCAL_ID}{}", slug(name))
}

/// `Eurasian Frontiers Institute` → `eurasian_frontiers_institute`.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// The name as one line: white space runs made one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` with every flat span replaced by a token of the same byte length:
/// `\u{1}`, the label's letter, then padding.
fn mask(text: &str, flat: &[&Span]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in flat {
        if s.bytes.start < at {
            continue;
        }
        out.push_str(&text[at..s.bytes.start]);
        let len = s.bytes.len();
        if len > 0 {
            out.push(MASK_START);
        }
        if len > 1 {
            out.push(match s.label {
                Label::ORG => 'O',
                Label::LOC => 'L',
                Label::PER => 'P',
            });
        }
        for _ in 2..len {
            out.push(MASK_PAD);
        }
        at = s.bytes.end;
    }
    out.push_str(&text[at..]);
    out
}

fn word_before(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(is_word_char)
}

fn word_after(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(is_word_char)
}

/// The name in `text[r]` trimmed as the guidelines ask.
fn trim(text: &str, mut r: Range<usize>) -> Range<usize> {
    loop {
        let s = &text[r.clone()];
        let before = r.clone();
        let t = s.trim_start();
        r.start += s.len() - t.len();
        let s = &text[r.clone()];
        for article in ["the", "The", "THE"] {
            if let Some(rest) = s.strip_prefix(article) {
                if rest.starts_with(char::is_whitespace) {
                    r.start += article.len();
                }
            }
        }
        let s = &text[r.clone()];
        let t = s.trim_end_matches(|c: char| !c.is_alphanumeric());
        r.end = r.start + t.len();
        let s = &text[r.clone()];
        for poss in ["'s", "’s"] {
            if s.ends_with(poss) {
                r.end -= poss.len();
            }
        }
        if r == before {
            return r;
        }
    }
}

/// A name that opens a sentence without its first word where that word is
/// capitalised for the sentence, not the name: a common word that no list
/// has (`Yesterday Boris Melnikov`, `Staff of the Nordvik Institute`), with
/// the small words after it. A list's word stays (`Ministry of Health`).
/// `None` if nothing capitalised is left.
fn drop_sentence_opener(text: &str, r: Range<usize>, patterns: &Patterns) -> Option<Range<usize>> {
    let s = &text[r.clone()];
    let first = s.split_whitespace().next().unwrap_or("");
    let bare = first.trim_matches(|c: char| !c.is_alphanumeric());
    if !is_common_word(bare) || patterns.is_entry(bare) {
        return Some(r);
    }
    let mut at = r.start + s.find(char::is_whitespace)?;
    // Skip the small words (`of the`) up to the next capitalised one.
    loop {
        let rest = &text[at..r.end];
        let word_start = at + (rest.len() - rest.trim_start().len());
        let next = text[word_start..r.end].chars().next()?;
        if next.is_uppercase() {
            let rest = trim(text, word_start..r.end);
            return (!rest.is_empty()).then_some(rest);
        }
        at = word_start + text[word_start..r.end].find(char::is_whitespace)?;
    }
}

/// The words of a name, without their surrounding punctuation.
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
}

fn passes(common: Common, name: &str) -> bool {
    let capitalised: Vec<&str> = words(name)
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .collect();
    let uncommon = capitalised.iter().filter(|w| !is_common_word(w)).count();
    match common {
        Common::No => uncommon == capitalised.len(),
        Common::Some => uncommon > 0,
        Common::Yes => true,
    }
}

/// Whether every gazetteer mention that `r` touches lies wholly inside it
/// (`Press Service of the CSTO` may take in `CSTO`, never half of it).
fn whole_mentions_only(flat: &[&Span], r: &Range<usize>) -> bool {
    flat.iter()
        .filter(|s| s.bytes.start < r.end && r.start < s.bytes.end)
        .all(|s| r.start <= s.bytes.start && s.bytes.end <= r.end)
}

/// The sentence that holds `r`, if one does.
fn sentence_of(sentences: &[Range<usize>], r: &Range<usize>) -> Option<Range<usize>> {
    let i = sentences
        .partition_point(|s| s.start <= r.start)
        .checked_sub(1)?;
    let s = &sentences[i];
    (r.end <= s.end).then(|| s.clone())
}

/// Proposes spans for names no gazetteer lists. `spans` are the gazetteer
/// and acronym spans of the document (flat ones and, marked `nested`, the
/// names inside them); the proposals never overlap the flat ones.
pub fn propose(
    text: &str,
    spans: &[Span],
    patterns: &Patterns,
    gazetteer: &Gazetteer,
) -> Vec<Span> {
    if patterns.is_empty() {
        return Vec::new();
    }
    let flat: Vec<&Span> = spans.iter().filter(|s| !s.nested).collect();
    let masked = mask(text, &flat);
    let protected: Vec<Range<usize>> = flat.iter().map(|s| s.bytes.clone()).collect();
    let sentences = sentence::split(text, &protected);
    let mut found = Vec::new();
    for (order, rule) in patterns.rules().iter().enumerate() {
        let before = found.len();
        let mut pos = 0;
        while let Some(caps) = rule.regex.captures_at(&masked, pos) {
            let (Some(whole), Some(name)) = (caps.get(0), caps.name("name")) else {
                break;
            };
            pos = whole.end().max(
                whole.start()
                    + masked[whole.start()..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8),
            );
            let cut = |at: usize| word_before(&masked, at) && word_after(&masked, at);
            if cut(whole.start()) || cut(whole.end()) {
                // Not at word edges: try again from the next character.
                pos = whole.start()
                    + masked[whole.start()..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
                continue;
            }
            // A user's pattern may end inside a masked mention, where the
            // text has a character the mask spells in several bytes.
            if !text.is_char_boundary(name.start()) || !text.is_char_boundary(name.end()) {
                continue;
            }
            let mut r = trim(text, name.range());
            if r.is_empty() || !whole_mentions_only(&flat, &r) {
                continue;
            }
            let Some(sentence) = sentence_of(&sentences, &r) else {
                continue;
            };
            let at_start = !text[sentence.start..r.start]
                .chars()
                .any(char::is_alphanumeric);
            if at_start {
                match drop_sentence_opener(text, r.clone(), patterns) {
                    Some(rest) => r = rest,
                    None => continue,
                }
            }
            let covered = &text[r.clone()];
            // The words a gazetteer mention inside the name brings are no
            // evidence of a new name.
            let own: String = text[r.clone()]
                .char_indices()
                .filter(|&(i, _)| !masked[r.start + i..].starts_with([MASK_START, MASK_PAD]))
                .map(|(_, c)| c)
                .collect();
            if own.trim().is_empty()
                || words(covered).any(|w| patterns.is_never(w))
                || !passes(rule.common, &own)
            {
                continue;
            }
            let name = one_line(covered);
            found.push(Proposal {
                range: r.clone(),
                label: rule.label,
                kind: patterns.kind(rule, &masked[whole.start()..r.end]),
                rule: rule.name.clone(),
                entity: local_id(&name),
                name,
                order,
            });
        }
        if rule.repeats > 1 {
            let mine = found.split_off(before);
            let mut counts: HashMap<&str, usize> = HashMap::new();
            for p in &mine {
                *counts.entry(p.entity.as_str()).or_default() += 1;
            }
            let kept: Vec<Proposal> = mine
                .iter()
                .filter(|p| {
                    counts
                        .get(p.entity.as_str())
                        .is_some_and(|&n| n >= rule.repeats)
                })
                .cloned()
                .collect();
            found.extend(kept);
        }
    }
    found.sort_by_key(|p| (p.range.start, std::cmp::Reverse(p.range.end), p.order));
    let mut chosen: Vec<Proposal> = Vec::new();
    for p in found {
        if chosen.last().map_or(true, |c| p.range.start >= c.range.end) {
            chosen.push(p);
        }
    }
    let taken = |chosen: &[Proposal], r: &Range<usize>| {
        chosen
            .iter()
            .any(|c| c.range.start < r.end && r.start < c.range.end)
            || flat
                .iter()
                .any(|s| s.bytes.start < r.end && r.start < s.bytes.end)
    };
    // Acronyms of proposed names.
    let mut acronyms = Vec::new();
    for p in chosen.iter().filter(|p| p.label != Label::PER) {
        if let Some(sf) = acronym::short_after(text, p.range.end) {
            if acronym::fits(&text[sf.clone()], &text[p.range.clone()]) && !taken(&chosen, &sf) {
                acronyms.push(Proposal {
                    range: sf,
                    rule: DEFINED_ACRONYM.to_owned(),
                    order: usize::MAX,
                    ..p.clone()
                });
            }
        }
    }
    chosen.extend(acronyms);
    chosen.sort_by_key(|p| p.range.start);
    let linked = known_in_document(text, &masked, &flat, &chosen, gazetteer);
    chosen.extend(linked);
    chosen.sort_by_key(|p| p.range.start);
    to_spans(text, chosen)
}

/// The other occurrences of known names and surnames.
fn known_in_document(
    text: &str,
    masked: &str,
    flat: &[&Span],
    chosen: &[Proposal],
    gazetteer: &Gazetteer,
) -> Vec<Proposal> {
    // form → the entity it names; `None` once two entities claim it.
    let mut forms: HashMap<String, Option<Proposal>> = HashMap::new();
    let mut claim = |form: String, p: Proposal| {
        forms
            .entry(form)
            .and_modify(|e| {
                if e.as_ref().is_some_and(|q| q.entity != p.entity) {
                    *e = None;
                }
            })
            .or_insert(Some(p));
    };
    let surname = |name: &str| -> Option<String> {
        let ws: Vec<&str> = name.split_whitespace().collect();
        let last = ws
            .last()?
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        (ws.len() >= 2
            && last.chars().count() >= 3
            && last.chars().next().is_some_and(char::is_uppercase)
            && !is_common_word(last))
        .then(|| last.to_owned())
    };
    for p in chosen {
        let covered = one_line(&text[p.range.clone()]);
        if p.label == Label::PER {
            if let Some(s) = surname(&covered) {
                claim(s, p.clone());
            }
        }
        claim(covered, p.clone());
    }
    for s in flat.iter().filter(|s| s.label == Label::PER) {
        if let Some(last) = surname(&s.text) {
            let kind = gazetteer
                .entity_by_id(&s.entity)
                .map_or("person", |e| e.kind);
            claim(
                last,
                Proposal {
                    range: s.bytes.clone(),
                    label: Label::PER,
                    kind,
                    rule: String::new(),
                    entity: s.entity.clone(),
                    name: s.name.clone(),
                    order: usize::MAX,
                },
            );
        }
    }
    let mut forms: Vec<(String, Proposal)> = forms
        .into_iter()
        .filter_map(|(f, p)| Some((f, p?)))
        .collect();
    if forms.is_empty() {
        return Vec::new();
    }
    forms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    // Forms are literal words: find their first words, then check the rest
    // word by word, across any white space (a name may be wrapped).
    let firsts: Vec<&str> = forms
        .iter()
        .map(|(f, _)| f.split(' ').next().unwrap_or(""))
        .collect();
    let Ok(ac) = aho_corasick::AhoCorasick::new(&firsts) else {
        return Vec::new();
    };
    let mut out: Vec<Proposal> = Vec::new();
    for m in ac.find_overlapping_iter(masked) {
        let start = m.start();
        if word_before(masked, start) {
            continue;
        }
        // The longest form that matches here wins (forms are longest first).
        let found = forms.iter().find_map(|(f, p)| {
            let end = match_words(masked, start, f)?;
            (!word_after(masked, end)).then_some((end, p))
        });
        let Some((end, p)) = found else {
            continue;
        };
        let r = start..end;
        let overlaps = |q: &Proposal| q.range.start < r.end && r.start < q.range.end;
        if chosen.iter().any(overlaps) || out.iter().any(overlaps) {
            continue;
        }
        out.push(Proposal {
            range: r,
            rule: KNOWN_IN_DOCUMENT.to_owned(),
            order: usize::MAX,
            ..p.clone()
        });
    }
    out
}

/// Where `form` (words joined by single spaces) ends if it starts at
/// `start` in `text`, with any white space between its words.
fn match_words(text: &str, start: usize, form: &str) -> Option<usize> {
    let mut at = start;
    for (k, word) in form.split(' ').enumerate() {
        if k > 0 {
            let rest = &text[at..];
            let gap = rest.len() - rest.trim_start().len();
            if gap == 0 {
                return None;
            }
            at += gap;
        }
        if !text[at..].starts_with(word) {
            return None;
        }
        at += word.len();
    }
    Some(at)
}

fn to_spans(text: &str, proposals: Vec<Proposal>) -> Vec<Span> {
    let cp = CodePoints::new(text, proposals.iter().map(|p| &p.range));
    proposals
        .into_iter()
        .map(|p| {
            let covered = text[p.range.clone()].to_owned();
            Span {
                start: cp.at(p.range.start),
                end: cp.at(p.range.end),
                label: p.label,
                entity: p.entity,
                name: p.name,
                kind: p.kind.to_owned(),
                source: SpanSource::Pattern,
                alias: covered.clone(),
                candidates: Vec::new(),
                reason: None,
                flags: if covered.contains(['\n', '\r']) {
                    vec![Flag::LineBreak]
                } else {
                    Vec::new()
                },
                nested: false,
                rule: Some(p.rule),
                text: covered,
                bytes: p.range,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_local_ids() {
        for (name, want) in [
            ("Zarina Nazarova", "doc:zarina_nazarova"),
            (
                "Eurasian\nFrontiers Institute",
                "doc:eurasian_frontiers_institute",
            ),
            ("al-Muhajir’s", "doc:al_muhajir_s"),
            ("Коллективные силы", "doc:коллективные_силы"),
        ] {
            assert_eq!(local_id(name), want);
        }
    }

    #[test]
    fn trimming_follows_the_guidelines() {
        for (s, want) in [
            ("the Tarvik River’s", "Tarvik River"),
            ("The Nordic Institute,", "Nordic Institute"),
            ("Hans MUELLER.", "Hans MUELLER"),
            ("  Anna Berg  ", "Anna Berg"),
            ("Theodor Berg", "Theodor Berg"),
        ] {
            assert_eq!(&s[trim(s, 0..s.len())], want, "{s:?}");
        }
    }

    #[test]
    fn a_pattern_that_ends_inside_a_masked_name_proposes_nothing() {
        // `ОДКБ` is a gazetteer name of two-byte letters; its mask is one
        // byte a letter, so three bytes in falls inside `Д` in the text.
        let patterns = Patterns::parse(
            "p",
            "rule a\n  label: ORG\n  pattern: <.{3}>\n  test: abc => abc\n  test: ab => none\n",
        )
        .unwrap();
        let annotator = crate::Annotator::builder()
            .patterns(patterns)
            .build(Gazetteer::embedded().unwrap())
            .unwrap();
        let spans = annotator.spans("ОДКБ");
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].source, SpanSource::Gazetteer);
    }
}
