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
//! 4. A body the gazetteer lists as `X of (the) P`, written as the bare
//!    `X` where the document names `P` three times or more, is proposed
//!    (`parent_in_document`: `the Security Council` in a text about
//!    Kyrgyzstan). A proposed organisation that a gazetteer lists under
//!    another form of its parent, written out or left to the document,
//!    takes that entity's id (`known_by_parent`); a bare `X` that gets
//!    none is dropped.
//! 5. An acronym in brackets right after a proposed name that fits it is
//!    the same entity (`defined_acronym`).
//! 6. Every other occurrence in the document of a proposed name, and of
//!    the surname of a person named in full (proposed, or found by a
//!    gazetteer), is linked to that entity (`known_in_document`).
//!
//! A proposed entity's id is document-local: `doc:` and its name in lower
//! case with every run of other characters than letters and digits made
//! one `_` (`doc:zarina_nazarova`). `gazet eval` aligns such ids with the
//! gold's ids by the spans they share.

use crate::lexicon::gazetteer::{is_common_word, is_person_name, Gazetteer};
use crate::lexicon::import::slug;
use crate::model::schema::{Label, Relation};
use crate::model::span::{Flag, Span, SpanSource, LOCAL_ID};
use crate::names::pattern::{Common, Patterns, MASK_PAD, MASK_START};
use crate::resolve::acronym;
use crate::text::normalize::{
    is_plain_ascii_phrase, is_word_char, keys_alone, normalize_str, Options,
};
use crate::text::ranges::RangeIndex;
use crate::text::sentence;
use crate::text::translit;
use regex::Regex;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

/// The rule name of a later mention linked to a known name.
pub const KNOWN_IN_DOCUMENT: &str = "known_in_document";
/// The rule name of an acronym defined after a proposed name.
pub const DEFINED_ACRONYM: &str = "defined_acronym";
/// The rule name of a body named with the body it is part of, both
/// known (`Regional Anti-Terrorist Structure of the SCO`).
pub const UNIT_OF_PARENT: &str = "unit_of_parent";
/// The rule name of a body named without the parent that the document
/// names elsewhere (`the Security Council` in a text about Kyrgyzstan).
pub const PARENT_IN_DOCUMENT: &str = "parent_in_document";

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
    /// Whether the evidence is strong enough for [`known_in_document`] to
    /// link the name's other mentions to it: a name of two words or more,
    /// or a speaker in a transcript. A lone capitalised word after a title
    /// may be a misread heading; spread through a changelog it would
    /// become hundreds of false names.
    strong: bool,
    /// A Cyrillic name that took the id of a name in Latin letters.
    transliterated: bool,
}

/// The document-local id of a name.
pub fn local_id(name: &str) -> String {
    format!("{LOCAL_ID}{}", slug(name))
}

/// The name as one line: white space runs made one space.
/// The flat names that start at `start`. `flat` is sorted by start, so a
/// long document costs a binary search per lookup, not a scan.
fn starting_at<'a, 's>(flat: &'a [&'s Span], start: usize) -> impl Iterator<Item = &'s Span> + 'a {
    let k = flat.partition_point(|s| s.bytes.start < start);
    flat[k..]
        .iter()
        .copied()
        .take_while(move |s| s.bytes.start == start)
}

/// The flat name that ends at `end`: flat names never overlap, so they are
/// sorted by end as well.
fn ending_at<'s>(flat: &[&'s Span], end: usize) -> Option<&'s Span> {
    let k = flat.partition_point(|s| s.bytes.end < end);
    flat.get(k).copied().filter(|s| s.bytes.end == end)
}

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
                // A person named by one word, most often the surname,
                // has a letter of its own (`{Surname}`).
                Label::PER if !text[s.bytes.clone()].contains(char::is_whitespace) => 'p',
                Label::PER => 'P',
                _ => 'X',
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

/// Small words that stay in lower case in a name in title case.
const SMALL_WORDS: &[&str] = &[
    "of", "the", "and", "for", "under", "on", "in", "at", "to", "by", "with", "a", "an", "against",
];

/// Whether `line` is in capitals: two words or more of two letters or
/// more, and no lower-case letter outside a masked mention.
fn in_capitals(line: &str) -> bool {
    let mut words = 0;
    for w in line.split_whitespace() {
        if w.contains([MASK_START, MASK_PAD]) {
            continue;
        }
        if w.chars().any(char::is_lowercase) {
            return false;
        }
        if w.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
            words += 1;
        }
    }
    words >= 2
}

/// `masked` with each heading in capitals written in title case, byte for
/// byte the same length: a line in capitals between lines that are not (a
/// block of lines in capitals is a licence's shouting, not a heading). A
/// letter whose lower case is longer or shorter in UTF-8 stays as it is,
/// and so does a masked mention.
fn headings_in_title_case(masked: &str) -> Cow<'_, str> {
    let lines: Vec<&str> = masked.split_inclusive('\n').collect();
    let caps: Vec<bool> = lines.iter().map(|l| in_capitals(l)).collect();
    if !caps.contains(&true) {
        return Cow::Borrowed(masked);
    }
    let mut out = String::with_capacity(masked.len());
    for (i, line) in lines.iter().enumerate() {
        let alone =
            caps[i] && !(i > 0 && caps[i - 1]) && !caps.get(i + 1).copied().unwrap_or(false);
        if !alone {
            out.push_str(line);
            continue;
        }
        let mut first = true;
        for (j, piece) in line.split_inclusive(char::is_whitespace).enumerate() {
            let word = piece.trim_end();
            if word.contains([MASK_START, MASK_PAD]) {
                out.push_str(piece);
                continue;
            }
            let small = j > 0 && SMALL_WORDS.contains(&word.to_lowercase().as_str());
            for c in piece.chars() {
                let lower: Vec<char> = c.to_lowercase().collect();
                let keep = !c.is_uppercase()
                    || lower.len() != 1
                    || lower[0].len_utf8() != c.len_utf8()
                    || (first && !small);
                out.push(if keep { c } else { lower[0] });
                if c.is_alphabetic() {
                    first = false;
                }
            }
            first = true;
        }
    }
    Cow::Owned(out)
}

/// Plural nouns whose possessive is part of a body's name (`Women's
/// Democratic Union`, `Children's Fund`).
const NAMED_FOR: &[&str] = &["Women", "Children", "People", "Men", "Mothers", "Peoples"];

/// Bodies that a text names in full once and then as `the Ministry`, `the
/// Committee`: after `of the`, such a word alone refers back to the body
/// and is no part of the name before it.
const BACK_REFERENCES: &[&str] = &[
    "Ministry",
    "Committee",
    "Council",
    "Commission",
    "Secretariat",
    "Organisation",
    "Organization",
    "Agency",
    "Service",
    "Office",
    "Department",
    "Directorate",
    "Bureau",
];

/// The length of ` of the Ministry` at the end of a name of two words or
/// more before it (`Department of Multilateral Cooperation of the
/// Ministry` → `Department of Multilateral Cooperation`), else 0. The
/// caller keeps it where the text goes on with `of` (`... of the Ministry
/// of Internal Affairs`).
fn back_reference_tail(name: &str) -> usize {
    for w in BACK_REFERENCES {
        let tail_len = " of the ".len() + w.len();
        let Some(head) = name
            .strip_suffix(w)
            .and_then(|h| h.strip_suffix(" of the "))
        else {
            continue;
        };
        if head.split_whitespace().count() >= 2 {
            return tail_len;
        }
    }
    0
}

/// The owner and the rest of a name with a possessive in it
/// (`Assembly` and `International Secretariat`), with the length of the
/// owner and its possessive.
fn possessive_split(name: &str) -> Option<(&str, &str, usize)> {
    let (at, len) = ["'s ", "’s "]
        .iter()
        .filter_map(|p| name.find(p).map(|at| (at, p.len())))
        .min()?;
    Some((&name[..at], &name[at + len..], at + len))
}

/// Whether an owner is a body: one of its words is a body's head word
/// that a text names in full once and then by itself (`Agency`,
/// `Interior Ministry`, `Ministry of Defence`).
fn body_owner(owner: &str) -> bool {
    owner
        .split_whitespace()
        .any(|w| BACK_REFERENCES.contains(&w))
}

/// The length of an owner and its possessive at the front of a name of
/// two words or more (`Assembly's ` in `Assembly's International
/// Secretariat`). The owner is one word, or several that name a body
/// (`Interior Ministry's Directorate for Sughd`: the ministry and its
/// directorate are two bodies).
fn owner_prefix(name: &str) -> Option<usize> {
    let (owner, rest, len) = possessive_split(name)?;
    ((!owner.contains(char::is_whitespace) || body_owner(owner))
        && !NAMED_FOR.contains(&owner)
        && rest.starts_with(char::is_uppercase)
        && rest.split_whitespace().nth(1).is_some())
    .then_some(len)
}

/// Whether a name is only a body's possessive and one head word (`the
/// Agency's Directorate`): a unit named by its owner, which has no name
/// of its own, so no span (a longer name there, `Directorate for GBAO`,
/// is another rule's).
fn owned_head_alone(name: &str) -> bool {
    possessive_split(name).is_some_and(|(owner, rest, _)| {
        body_owner(owner) && rest.starts_with(char::is_uppercase) && !rest.contains(' ')
    })
}

/// The entities of the document's bodies whose names hold `word`
/// (`Council`).
fn bodies_with_word<'a>(flat: &'a [&Span], word: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    flat.iter()
        .filter(move |s| s.label == Label::ORG && s.text.split_whitespace().any(|w| w == word))
        .map(|s| s.entity.as_str())
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
        // Initials keep their last full stop (`R.M.`).
        let mut last = t.chars().rev();
        if last.next().is_some_and(char::is_uppercase)
            && last.next() == Some('.')
            && text[r.end..].starts_with('.')
        {
            r.end += 1;
        }
        // So does the suffix of a name (`Manuel P. Micaller Jr.`): the
        // full stop marks the abbreviation, it ends no sentence.
        if [" Jr", " Sr"].iter().any(|x| t.ends_with(x)) && text[r.end..].starts_with('.') {
            r.end += 1;
        }
        // And a quoted designation its closing quote (`Regional Command
        // "South"`), where the name holds the opening one.
        for (open, close) in [('"', '"'), ('“', '”'), ('«', '»')] {
            let opened = t.matches(open).count();
            let closed = t.matches(close).count();
            let unclosed = if open == close {
                opened % 2 == 1
            } else {
                opened > closed
            };
            if unclosed && text[r.end..].starts_with(close) {
                r.end += close.len_utf8();
            }
        }
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
fn drop_sentence_opener(
    text: &str,
    r: Range<usize>,
    label: Label,
    patterns: &Patterns,
) -> Option<Range<usize>> {
    let s = &text[r.clone()];
    let first = s.split_whitespace().next().unwrap_or("");
    let bare = first.trim_matches(|c: char| !c.is_alphanumeric());
    // `Adam Borowski` opens a line as a name, not as a sentence.
    let given_name = label == Label::PER && is_person_name(bare);
    if !is_common_word(bare)
        || patterns.is_entry(bare)
        || patterns.opens_with_entry(s)
        || given_name
    {
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

/// Whether the capitalised words of `name` pass the rule's `common:` test.
/// For a person, a common word that is also a common given name or
/// surname (`Mary`, `Young`), or an initial, is not common: the stop list keeps aliases
/// from firing on such words, but it does not veto a person's name.
fn passes(common: Common, label: Label, name: &str) -> bool {
    let capitalised: Vec<&str> = words(name)
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .collect();
    // An initial (`A`, `V.`) is part of a person's name, not the article.
    let initial = |w: &str| w.chars().count() == 1;
    let common_word =
        |w: &str| is_common_word(w) && !(label == Label::PER && (is_person_name(w) || initial(w)));
    let uncommon = capitalised.iter().filter(|w| !common_word(w)).count();
    match common {
        Common::No => uncommon == capitalised.len(),
        Common::Some => uncommon > 0,
        Common::Yes => true,
    }
}

/// Whether every gazetteer mention that `r` touches lies wholly inside it
/// (`Press Service of the CSTO` may take in `CSTO`, never half of it).
fn whole_mentions_only(mentions: &RangeIndex, r: &Range<usize>) -> bool {
    mentions
        .overlapping(r)
        .all(|s| r.start <= s.start && s.end <= r.end)
}

/// Whether the name in `r` opens with a one-word organisation and `of`:
/// that word names a unit of the body after it, with a name of its own
/// (`OMON of the Ministry of Internal Affairs`), not a longer name.
fn opens_with_lone_org_of(text: &str, flat: &[&Span], r: &Range<usize>) -> bool {
    starting_at(flat, r.start).any(|s| {
        s.bytes.end < r.end
            && s.label == Label::ORG
            && !text[s.bytes.clone()].contains(char::is_whitespace)
            && text[s.bytes.end..r.end].starts_with(" of ")
    })
}

/// The gazetteer place that opens the name in `r` and names what the whole
/// name names: a known place followed by a head word of its own kind
/// (`Khyber Pakhtunkhwa Province`, not the city in `Moscow Region`, nor
/// the mountains in `Pamir River`). A new
/// id would part the name from its entity's other mentions and facts.
fn known_head<'s>(
    flat: &[&'s Span],
    r: &Range<usize>,
    label: Label,
    kind: &str,
    gazetteer: &Gazetteer,
) -> Option<&'s Span> {
    let head = starting_at(flat, r.start).find(|s| {
        s.bytes.end < r.end
            && s.label == label
            && label == Label::LOC
            && s.source == SpanSource::Gazetteer
    })?;
    // A feature word names a feature of its own: the Pamir River is not
    // the Pamir, though both are features.
    (kind != "feature")
        .then_some(())
        .and_then(|()| gazetteer.entity_by_id(&head.entity))
        .is_some_and(|e| e.kind == kind)
        .then_some(head)
}

/// The sentence that holds `r`, if one does.
fn sentence_of(sentences: &[Range<usize>], r: &Range<usize>) -> Option<Range<usize>> {
    let i = sentences
        .partition_point(|s| s.start <= r.start)
        .checked_sub(1)?;
    let s = &sentences[i];
    (r.end <= s.end).then(|| s.clone())
}

/// A line that opens with a label and a colon: `Merge: 3f2a9c1`,
/// `Halvorsen: We have never said that.`, `- Fixes: #1234`.
static LABEL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t]*(?:[-*+•][ \t]+)?(\p{L}[\p{L}\p{N}'’.-]*(?:[ \t]+\p{Lu}[\p{L}\p{N}'’.-]*){0,2}):[ \t]+([^\r\n]*)",
    )
    .expect("a valid regex")
});

/// What the lines of a document say about its shape: the words of its
/// one-word line-start labels (`Merge:`, `Fixes:`, `Note:`), and whether
/// it reads as a transcript.
#[derive(Debug, Default)]
struct Layout {
    /// The one-word labels, as written, but for a transcript's speakers'
    /// words: the words no proposed name may hold.
    headings: HashSet<String>,
    /// The labels of a transcript's turns: several speakers, each with two
    /// turns or more that are sentences, not values, and the turns a fifth
    /// of the document's lines or more.
    speakers: HashSet<String>,
}

impl Layout {
    fn of(text: &str) -> Layout {
        let mut headings = HashSet::new();
        // label → turns that read as speech
        let mut turns: HashMap<&str, usize> = HashMap::new();
        for caps in LABEL_LINE.captures_iter(text) {
            let (Some(label), Some(rest)) = (caps.get(1), caps.get(2)) else {
                continue;
            };
            let label = label.as_str();
            if !label.contains(char::is_whitespace) {
                headings.insert(label.to_owned());
            }
            if is_speech(rest.as_str()) {
                *turns.entry(label).or_default() += 1;
            }
        }
        let speakers: HashSet<String> = turns
            .iter()
            .filter(|&(_, &n)| n >= 2)
            .map(|(l, _)| (*l).to_owned())
            .collect();
        // Turns are a good part of a transcript's lines; a changelog
        // whose `CMake:` and `New API:` open a few lines in thousands is
        // no transcript.
        let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
        let spoken: usize = turns
            .iter()
            .filter(|(l, _)| speakers.contains(**l))
            .map(|(_, &n)| n)
            .sum();
        let speakers = if speakers.len() >= 2 && spoken * 5 >= lines {
            speakers
        } else {
            HashSet::new()
        };
        for speaker in &speakers {
            for word in speaker.split_whitespace() {
                headings.remove(word);
            }
        }
        Layout { headings, speakers }
    }

    fn is_transcript(&self) -> bool {
        !self.speakers.is_empty()
    }

    /// Whether a proposed name may not hold `word`: it is a line-start
    /// heading of the document (`Merge`, `Fixes`) and no speaker.
    fn refuses(&self, word: &str) -> bool {
        self.headings.contains(word)
    }
}

/// Whether the text after a label reads as a turn of speech: three words
/// or more, one of them in lower case, and no address or number
/// (`Merge: 3f2a9c1 7be01d2`, `Fixes: #1234`, `Date: Mon, 3 Jan 2022` are
/// values, not speech).
fn is_speech(rest: &str) -> bool {
    let ws: Vec<&str> = rest.split_whitespace().collect();
    ws.len() >= 3
        && ws.iter().any(|w| {
            w.len() >= 2
                && w.chars()
                    .all(|c| c.is_lowercase() || c.is_ascii_punctuation())
        })
        && !rest.contains(['@', '#', '<'])
        && !ws[0].starts_with(|c: char| c.is_ascii_digit())
}

/// What [`propose`] looks up in the gazetteer whatever the document: the
/// organisations of several words by key, the people by their first and
/// last words, and the bodies named `X of (the) P`. Each part is built on
/// the first document that needs it, then kept: built per document, they
/// scanned every alias of the gazetteer each time. An index belongs to one
/// gazetteer and one set of patterns, those it is first used with.
#[derive(Debug, Default)]
pub struct Index {
    /// For [`known_by_parent`]: the key of every organisation's alias of
    /// more than one word, with its entities in file order.
    orgs: OnceLock<HashMap<String, Vec<usize>>>,
    /// For [`known_person_by_names`]: the first and last words' keys of
    /// every person's alias of two words or more, with its entities.
    people: OnceLock<HashMap<(String, String), Vec<usize>>>,
    /// For [`without_named_parent`].
    bodies: OnceLock<Bodies>,
}

/// Every `X` that an organisation's alias `X of (the) P` offers as a body
/// named without its parent, in alias order, grouped by the key of `P`.
#[derive(Debug, Default)]
struct Bodies {
    /// `X`, each `(X, P)` of the gazetteer in the order the aliases and
    /// their ` of ` come.
    shorts: Vec<String>,
    /// The key of `P`, with the positions in `shorts` of its `X`s, rising.
    by_parent: HashMap<String, Vec<usize>>,
}

/// Proposes spans for names no gazetteer lists. `spans` are the gazetteer
/// and acronym spans of the document (flat ones and, marked `nested`, the
/// names inside them); the proposals never overlap the flat ones. With
/// `acronyms` off, no acronym in brackets after a proposed name is taken
/// as its short form (`defined_acronym`), as none is after a gazetteer name.
/// `index` keeps what is looked up in the gazetteer from one document to
/// the next.
pub fn propose(
    text: &str,
    spans: &[Span],
    patterns: &Patterns,
    gazetteer: &Gazetteer,
    index: &Index,
    acronyms: bool,
) -> Vec<Span> {
    if patterns.is_empty() {
        return Vec::new();
    }
    let flat: Vec<&Span> = spans.iter().filter(|s| !s.nested).collect();
    let masked = mask(text, &flat);
    let protected: Vec<Range<usize>> = flat.iter().map(|s| s.bytes.clone()).collect();
    let sentences = sentence::split(text, &protected);
    let mentions = RangeIndex::new(protected.iter().cloned());
    let layout = Layout::of(text);
    let mut found = Vec::new();
    // The rules read a heading in capitals as if it were in title case
    // (`PRESS CENTRE OF THE ...` as `Press Centre of the ...`); the names
    // keep the text's own letters.
    let view = headings_in_title_case(&masked);
    let text_view = headings_in_title_case(text);
    let admitted = patterns.admitted(&view);
    for (order, rule) in patterns.rules().iter().enumerate() {
        if !admitted.any(order) || rule.needs_transcript && !layout.is_transcript() {
            continue;
        }
        let before = found.len();
        let mut pos = 0;
        while let Some((whole, name)) = admitted.captures(order, &rule.regex, &view, pos) {
            pos = whole
                .end
                .max(whole.start + view[whole.start..].chars().next().map_or(1, char::len_utf8));
            let cut = |at: usize| word_before(&view, at) && word_after(&view, at);
            if cut(whole.start) || cut(whole.end) {
                // Not at word edges: try again from the next character.
                pos = whole.start + view[whole.start..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            // An alternative without `<...>` refuses what it matches
            // (`Afghan province`: a demonym, not a province's name).
            let Some(name) = name else {
                continue;
            };
            // A user's pattern may end inside a view mention, where the
            // text has a character the mask spells in several bytes.
            if !text.is_char_boundary(name.start) || !text.is_char_boundary(name.end) {
                continue;
            }
            let mut r = trim(text, name.clone());
            // A name does not start inside a hyphenated word (`the
            // all-Union Islamic Revival Party`): that word is a modifier,
            // and the name starts after it.
            if text[..r.start].ends_with('-') && word_before(text, r.start - 1) {
                match text[r.clone()].find(char::is_whitespace) {
                    Some(n) => r = trim(text, r.start + n..r.end),
                    None => continue,
                }
            }
            if r.is_empty() || !whole_mentions_only(&mentions, &r) {
                continue;
            }
            let Some(sentence) = sentence_of(&sentences, &r) else {
                continue;
            };
            let at_start = !text[sentence.start..r.start]
                .chars()
                .any(char::is_alphanumeric);
            // A name that opens with a gazetteer mention keeps it whole
            // (`Central Asia Border Policy Initiative` on a line of its own).
            let opens_with_mention = mentions
                .overlapping(&(r.start..r.start + 1))
                .next()
                .is_some();
            if at_start && !opens_with_mention {
                match drop_sentence_opener(&text_view, r.clone(), rule.label, patterns) {
                    Some(rest) => r = rest,
                    None => continue,
                }
            }
            if rule.label == Label::ORG {
                // A post held in a body stays out of the body's name
                // (`Director of the Department of ...`), and so does an
                // owner before a possessive (`the Assembly's International
                // Secretariat`).
                while let Some(n) = patterns.post_prefix(&text[r.clone()]) {
                    r.start += n;
                }
                if owned_head_alone(&text[r.clone()]) {
                    continue;
                }
                if let Some(n) = owner_prefix(&text[r.clone()]) {
                    r.start += n;
                }
                if !text[r.end..].trim_start().starts_with("of ") {
                    r.end -= back_reference_tail(&text[r.clone()]);
                }
            }
            if rule.label == Label::PER {
                // A person's name holds no possessive: the words before
                // one are its owner (`the Bureau of Meteorology's Claire
                // Richards says`).
                while let Some((_, _, n)) = possessive_split(&text[r.clone()]) {
                    r.start += n;
                }
                // Titles stay out of a person's name, whatever rule took
                // them in (`Senior Sergeant Michael Potts says`).
                while let Some(n) = patterns
                    .title_prefix(&text[r.clone()])
                    .or_else(|| patterns.title_tail(&text[..r.start], &text[r.clone()]))
                {
                    r.start += n;
                }
                if r.is_empty() {
                    continue;
                }
            }
            // Dropping words from the front must not cut a mention
            // (`Central` of `Central Asia Border Policy Initiative`).
            if !whole_mentions_only(&mentions, &r) {
                continue;
            }
            let covered = &text[r.clone()];
            // The words a gazetteer mention inside the name brings are no
            // evidence of a new name.
            // A mention's mask is its start, its label's letter and
            // padding: none of it is the name's own.
            let own: String = text[r.clone()]
                .char_indices()
                .filter(|&(i, _)| {
                    let at = r.start + i;
                    !view[at..].starts_with([MASK_START, MASK_PAD])
                        && !view[..at].ends_with(MASK_START)
                })
                .map(|(_, c)| c)
                .collect();
            if own.trim().is_empty()
                || words(covered).any(|w| patterns.is_never(w))
                || !passes(rule.common, rule.label, &own)
                || words(covered).any(|w| layout.refuses(w))
            {
                continue;
            }
            if opens_with_lone_org_of(text, &flat, &r) {
                continue;
            }
            let name = one_line(covered);
            let kind = patterns.kind(rule, &view[whole.start..r.end]);
            let (entity, name) = match known_head(&flat, &r, rule.label, kind, gazetteer) {
                Some(s) => (s.entity.clone(), s.name.clone()),
                None => (local_id(&name), name),
            };
            found.push(Proposal {
                range: r.clone(),
                label: rule.label,
                kind,
                rule: rule.name.clone(),
                entity,
                strong: name.contains(' ') || rule.needs_transcript || rule.links,
                name,
                order,
                transliterated: false,
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
    // `chosen` is sorted by start and its names never overlap, so the one
    // before `r`'s end is the only one that can reach into it.
    let taken = |chosen: &[Proposal], r: &Range<usize>| {
        let k = chosen.partition_point(|c| c.range.start < r.end);
        (k > 0 && chosen[k - 1].range.end > r.start) || mentions.overlapping(r).next().is_some()
    };
    let bare = without_named_parent(&masked, &flat, &chosen, patterns, gazetteer, index);
    if !bare.is_empty() {
        chosen.extend(bare);
        chosen.sort_by_key(|p| p.range.start);
    }
    let units = units_of_parents(text, &flat, &chosen, gazetteer);
    if !units.is_empty() {
        chosen.extend(units);
        chosen.sort_by_key(|p| p.range.start);
    }
    let mates = list_mates(text, &flat, &chosen, &sentences, patterns);
    if !mates.is_empty() {
        chosen.extend(mates);
        chosen.sort_by_key(|p| p.range.start);
    }
    // The text's own full name first, the gazetteer's parents then.
    named_in_full(text, &flat, &mut chosen);
    known_by_parent(text, &flat, &mut chosen, gazetteer, index);
    // A body named without its parent is a name only where the parent
    // the document names makes it one entity of the gazetteer.
    chosen.retain(|p| p.rule != PARENT_IN_DOCUMENT || !p.entity.starts_with(LOCAL_ID));
    // Acronyms of proposed names, unless acronyms are off altogether.
    let mut defined = Vec::new();
    // How often each such acronym stands as a whole word: one pass over
    // the text per acronym, however often it is defined.
    let mut whole_word_uses: HashMap<String, usize> = HashMap::new();
    for p in chosen.iter().filter(|p| acronyms && p.label != Label::PER) {
        if let Some(sf) = acronym::short_after(text, p.range.end) {
            let short = &text[sf.clone()];
            // An acronym of another language's name (`Main Directorate
            // for Combating Organised Crime (UBOP)`, from the Russian)
            // fits no English initials; it is defined all the same where
            // the text goes on to use it.
            let fits = acronym::fits(short, &text[p.range.clone()])
                || (is_capitals_acronym(short)
                    && *whole_word_uses
                        .entry(short.to_owned())
                        .or_insert_with(|| whole_word_count(text, short))
                        > 1);
            if fits && !taken(&chosen, &sf) {
                defined.push(Proposal {
                    range: sf,
                    rule: DEFINED_ACRONYM.to_owned(),
                    order: usize::MAX,
                    ..p.clone()
                });
            }
        }
    }
    chosen.extend(defined);
    chosen.sort_by_key(|p| p.range.start);
    known_person_by_names(text, &mut chosen, gazetteer, index);
    aliases_in_brackets(text, &flat, &mut chosen);
    same_person_one_id(text, &mut chosen);
    same_body_one_id(text, &mut chosen);
    let mut linked = known_in_document(text, &masked, &flat, &chosen, patterns, gazetteer);
    // A lone word that a rule proposed (`Jumabaev`, left of `Later
    // Jumabaev` once the opener is dropped) is the known name it spells.
    // `linked` is sorted by start, its names never overlapping. A unit
    // named like its centre in a list keeps its own id (`Chust (Chust)`).
    chosen.retain(|p| {
        p.strong
            || p.rule == LIST_MATE
            || linked
                .binary_search_by_key(&p.range.start, |l| l.range.start)
                .map_or(true, |i| linked[i].range != p.range)
    });
    let units: HashSet<Range<usize>> = chosen
        .iter()
        .filter(|p| p.rule == LIST_MATE && !p.strong)
        .map(|p| p.range.clone())
        .collect();
    linked.retain(|l| !units.contains(&l.range));
    chosen.extend(linked);
    chosen.sort_by_key(|p| p.range.start);
    let glosses = glosses_in_brackets(text, &flat, &chosen, &mentions, gazetteer);
    if !glosses.is_empty() {
        chosen.extend(glosses);
        chosen.sort_by_key(|p| p.range.start);
    }
    to_spans(text, chosen)
}

/// The rule name of a place named in a list of places the gazetteers know.
pub const LIST_MATE: &str = "place.list_mate";

/// A plural place noun that announces a list of places, and the kind it
/// gives their names; the first of several in a sentence counts.
static PLACE_PLURAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        // ASCII word edges: a Unicode `\b` would keep the regex off its DFA.
        r"(?i-u:\b)(?i:districts|towns|villages|cities|provinces|regions|oblasts|settlements|municipalities|counties|kishlaks|hamlets)(?-u:\b)",
    )
    .expect("a valid regex")
});

/// One to three capitalised words, as the name patterns' `{Cap}`.
static CAP_RUN: LazyLock<Regex> = LazyLock::new(|| {
    let cap = crate::names::pattern::CAP;
    Regex::new(&format!("^(?:{cap})(?: (?:{cap})){{0,2}}")).expect("a valid regex")
});

/// What opens the bracket after a place in a list, before the second
/// name (`Chust District (centre: Chust)`).
const CENTRE_WORDS: &[&str] = &[
    "administrative centre: ",
    "administrative center: ",
    "centre: ",
    "center: ",
    "capital: ",
    "seat: ",
];

/// An entry of a list: a name that a gazetteer or a rule gave a label,
/// or capitalised words no one named.
struct Entry {
    range: Range<usize>,
    known: Option<Label>,
}

/// The entry that starts at `at`, and where it ends: a named span, or a
/// run of capitalised words that may take whole places into it (`Yangi
/// Namangan`) but no other name.
fn entry_at(text: &str, at: usize, end: usize, named: &[(Range<usize>, Label)]) -> Option<Entry> {
    let k = named.partition_point(|n| n.0.start < at);
    if let Some((r, label)) = named.get(k).filter(|n| n.0.start == at) {
        // A known name may open a longer one (`Namangan Region` is known;
        // `Kelm Namangan` is not): only whole names are entries here.
        return Some(Entry {
            range: r.clone(),
            known: Some(*label),
        });
    }
    let run = CAP_RUN.find(&text[at..end])?;
    let mut stop = at + run.end();
    // No entry cuts a name or holds a person or a body.
    for (r, label) in named[k..].iter().take_while(|n| n.0.start < stop) {
        if r.end > stop || *label != Label::LOC {
            stop = r.start;
            break;
        }
    }
    let range = at..text[at..stop].trim_end().len() + at;
    if range.is_empty() {
        return None;
    }
    Some(Entry { range, known: None })
}

/// The entries of the list that starts at `at`, each with the entry in
/// brackets after it if any (`Chortoq (Chortoq)`), and where it ends:
/// entries joined by `, `, `and` or `or`.
fn list_at(
    text: &str,
    at: usize,
    end: usize,
    named: &[(Range<usize>, Label)],
) -> (Vec<(Entry, Option<Entry>)>, usize) {
    let mut entries = Vec::new();
    let mut pos = at;
    let mut last_end = at;
    while let Some(first) = entry_at(text, pos, end, named) {
        let mut after = first.range.end;
        let mut inner = None;
        if let Some(rest) = text[after..end].strip_prefix(" (") {
            let open = after + 2;
            let skip = CENTRE_WORDS
                .iter()
                .find(|w| rest.starts_with(*w))
                .map_or(0, |w| w.len());
            if let Some(e) = entry_at(text, open + skip, end, named) {
                if text[e.range.end..end].starts_with(')') {
                    after = e.range.end + 1;
                    inner = Some(e);
                }
            }
        }
        entries.push((first, inner));
        last_end = after;
        let rest = &text[after..end];
        let sep = [", and ", ", or ", " and ", " or ", ", "]
            .iter()
            .find(|s| rest.starts_with(*s));
        match sep {
            Some(s) => pos = after + s.len(),
            None => break,
        }
    }
    (entries, last_end)
}

/// Places named in a list that a plural place noun announces, among places
/// the gazetteers or the rules know (`the towns of Chust, Chortoq,
/// Kosonsoy and Pop`, `the provinces of Idlib, Aleppo and Hama`, `The
/// districts, with their centres, are: Chortoq (Chortoq), Chust (Chust),
/// ...`). A list of three entries or more, with two known places or more
/// and no person or body, makes its other capitalised entries places of the
/// noun's kind; an entry in brackets after a district is its centre, a
/// settlement. In a list of three pairs or more (`Pop (Pop)`) a common
/// word is a place too. The evidence is the list's structure, so the names are
/// linked where they recur.
fn list_mates(
    text: &str,
    flat: &[&Span],
    chosen: &[Proposal],
    sentences: &[Range<usize>],
    patterns: &Patterns,
) -> Vec<Proposal> {
    // One pass over the text for the nouns, not one per sentence.
    let cues: Vec<Range<usize>> = PLACE_PLURAL.find_iter(text).map(|m| m.range()).collect();
    if cues.is_empty() {
        return Vec::new();
    }
    let mut named: Vec<(Range<usize>, Label)> = flat
        .iter()
        .map(|s| (s.bytes.clone(), s.label))
        .chain(chosen.iter().map(|p| (p.range.clone(), p.label)))
        .collect();
    named.sort_by_key(|n| n.0.start);
    let mut out = Vec::new();
    for sentence in sentences {
        let k = cues.partition_point(|c| c.start < sentence.start);
        let Some(cue) = cues.get(k).filter(|c| c.end <= sentence.end) else {
            continue;
        };
        let cue = cue.start - sentence.start..cue.end - sentence.start;
        let cue_text = &text[sentence.start + cue.start..sentence.start + cue.end];
        let kind = match cue_text.to_lowercase().as_str() {
            "districts" | "municipalities" | "counties" => "district",
            "cities" => "city",
            "provinces" => "province",
            "regions" | "oblasts" => "region",
            _ => "settlement",
        };
        let mut pos = sentence.start + cue.end;
        while pos < sentence.end {
            let c = text[pos..].chars().next().map_or(' ', |c| c);
            let starts_word = c.is_uppercase() && !word_before(text, pos);
            if !starts_word {
                pos += c.len_utf8();
                continue;
            }
            let (entries, end) = list_at(text, pos, sentence.end, &named);
            if entries.len() < 3 {
                pos = entries
                    .first()
                    .map_or(pos + c.len_utf8(), |(e, _)| e.range.end.max(pos + 1));
                continue;
            }
            pos = end.max(pos + 1);
            let all = || {
                entries
                    .iter()
                    .flat_map(|(e, inner)| std::iter::once(e).chain(inner.as_ref()))
            };
            let places = all().filter(|e| e.known == Some(Label::LOC)).count();
            if places < 2 || all().any(|e| e.known.is_some_and(|l| l != Label::LOC)) {
                continue;
            }
            let paired = entries.iter().filter(|(_, inner)| inner.is_some()).count() >= 3;
            for (e, inner) in &entries {
                for (entry, centre) in
                    std::iter::once((e, false)).chain(inner.iter().map(|i| (i, true)))
                {
                    if entry.known.is_some() {
                        continue;
                    }
                    let name = one_line(&text[entry.range.clone()]);
                    // A list of places with their centres in brackets is
                    // evidence enough for a common word (`Pop (Pop)`).
                    let common = if paired { Common::Yes } else { Common::Some };
                    if !passes(common, Label::LOC, &name)
                        || words(&name).any(|w| patterns.is_never(w))
                    {
                        continue;
                    }
                    let kind = if centre { "settlement" } else { kind };
                    // A unit and its centre that share a name (`Chust
                    // (Chust)`) are two places. The centre alone links the
                    // name where it recurs: two claims would leave its later
                    // mentions to neither.
                    let namesake = !centre
                        && inner
                            .as_ref()
                            .is_some_and(|i| text[i.range.clone()] == text[entry.range.clone()]);
                    let entity = if namesake {
                        local_id(&format!("{name} {kind}"))
                    } else {
                        local_id(&name)
                    };
                    out.push(Proposal {
                        range: entry.range.clone(),
                        label: Label::LOC,
                        kind,
                        rule: LIST_MATE.to_owned(),
                        entity,
                        name,
                        order: usize::MAX,
                        strong: !namesake,
                        transliterated: false,
                    });
                }
            }
        }
    }
    out
}

/// The rule name of a translation in quotes and brackets after an
/// organisation's name.
pub const GLOSS_IN_BRACKETS: &str = "gloss_in_brackets";

/// The quoted translation in brackets right after an organisation's name
/// (`Ata-Jurt ("Fatherland")`, `Tovba ("Repentance")`): another name of
/// the same organisation, as the guidelines count a name in another
/// language. The brackets must hold one to four capitalised words in
/// quotes and nothing else.
fn glosses_in_brackets(
    text: &str,
    flat: &[&Span],
    chosen: &[Proposal],
    mentions: &RangeIndex,
    gazetteer: &Gazetteer,
) -> Vec<Proposal> {
    let owners = flat
        .iter()
        .filter(|s| s.label == Label::ORG)
        .map(|s| {
            let kind = gazetteer
                .entity_by_id(&s.entity)
                .map_or("organization", |e| e.kind);
            (s.bytes.end, s.entity.clone(), s.name.clone(), kind)
        })
        .chain(
            chosen
                .iter()
                .filter(|p| p.label == Label::ORG)
                .map(|p| (p.range.end, p.entity.clone(), p.name.clone(), p.kind)),
        );
    let mut out: Vec<Proposal> = Vec::new();
    for (end, entity, name, kind) in owners {
        let Some(gloss) = gloss_after(text, end) else {
            continue;
        };
        let free = mentions.overlapping(&gloss).next().is_none()
            && !chosen
                .iter()
                .any(|c| c.range.start < gloss.end && gloss.start < c.range.end);
        if !free || out.iter().any(|o| o.range == gloss) {
            continue;
        }
        out.push(Proposal {
            range: gloss,
            label: Label::ORG,
            kind,
            rule: GLOSS_IN_BRACKETS.to_owned(),
            entity,
            name,
            order: usize::MAX,
            strong: false,
            transliterated: false,
        });
    }
    out
}

/// The bytes of a quoted gloss in brackets at `end` (` ("Fatherland")`),
/// or of an unquoted name of two to four capitalised words in brackets
/// (` (Supreme Council)` after `Jokargy Kenes`, ` (Döwlet Serhet
/// Gullugy)` after `State Border Service of Turkmenistan`): a name in
/// another language, which the guidelines give the same entity. One
/// unquoted word is left to the acronym steps.
fn gloss_after(text: &str, end: usize) -> Option<Range<usize>> {
    let rest = text.get(end..)?;
    if let Some(inner) = rest.strip_prefix(" (") {
        if !inner.starts_with(['"', '“']) {
            let close = inner.find(')')?;
            let ws: Vec<&str> = inner[..close].split(' ').collect();
            let ok = (2..=4).contains(&ws.len())
                && ws.iter().all(|w| {
                    w.starts_with(char::is_uppercase)
                        && w.chars()
                            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
                        && !w.chars().skip(1).all(char::is_uppercase)
                });
            return ok.then(|| end + 2..end + 2 + close);
        }
    }
    let inner = rest
        .strip_prefix(" (\"")
        .or_else(|| rest.strip_prefix(" (“"))?;
    let open = rest.len() - inner.len();
    let close = inner.find(['"', '”'])?;
    let gloss = &inner[..close];
    if !inner[close..].starts_with("\")") && !inner[close..].starts_with("”)") {
        return None;
    }
    let ws: Vec<&str> = gloss.split(' ').collect();
    let ok = (1..=4).contains(&ws.len())
        && ws.iter().all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        })
        && ws
            .first()
            .is_some_and(|w| w.starts_with(char::is_uppercase));
    ok.then(|| end + open..end + open + close)
}

/// Gives a proposed organisation the id of the gazetteer entity it names
/// when the gazetteer lists it under another form of its parent, or with
/// a parent the document supplies:
/// - `X of (the) P`, where `P` is a gazetteer mention, is looked up with
///   every other name of `P`'s entity (`Border Service of the Kyrgyz
///   Republic` → `Border Service of Kyrgyzstan`);
/// - `X` alone (or `X of P` unmatched) is looked up as `X of (the) N` for
///   each entity `N` the document names: a place or organisation named
///   right before it with a possessive (`Russia's Ministry of Defence`)
///   decides; otherwise one entity must be the only match, or the one the
///   document names most, at least twice as often as any other match
///   (`Ministry of Internal Affairs` in a text about Tajikistan).
///
/// Only the gazetteer's organisations of more than one word are looked up,
/// so a proposal keeps its local id unless a listed name spells it out.
fn known_by_parent(
    text: &str,
    flat: &[&Span],
    chosen: &mut [Proposal],
    gazetteer: &Gazetteer,
    index: &Index,
) {
    // A short form of a name the text gives in full keeps that name's id.
    let local = |p: &Proposal| {
        p.label == Label::ORG && p.entity.starts_with(LOCAL_ID) && p.rule != SHORT_OF_FULL
    };
    if !chosen.iter().any(local) {
        return;
    }
    let key = |s: &str| normalize_str(s, Options::FOLDED).trim().to_owned();
    let orgs = index.orgs.get_or_init(|| {
        let mut orgs: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in gazetteer.entities().iter().enumerate() {
            if e.label != Label::ORG {
                continue;
            }
            for a in e.aliases.iter().filter(|a| a.key.contains(' ')) {
                let v = orgs.entry(a.key.clone()).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
        orgs
    });
    // The entities `X of (the) <a name of e>` spells.
    let spelled = |x: &str, e: &str| -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        let Some(entity) = gazetteer.entity_by_id(e) else {
            return out;
        };
        // Normalising every `X of (the) <alias>` was a tenth of the default
        // pipeline; where the view provably normalises the parts apart
        // (`is_plain_ascii_phrase`, `keys_alone`), the key is put together
        // from `X` lower-cased and the alias's key.
        let plain = is_plain_ascii_phrase(x).then(|| x.to_ascii_lowercase());
        let mut joined = String::new();
        for a in &entity.aliases {
            for the in ["", "the "] {
                let k = match &plain {
                    Some(x) if keys_alone(&a.text) => {
                        joined.clear();
                        joined.push_str(x);
                        joined.push_str(" of ");
                        joined.push_str(the);
                        joined.push_str(&a.key);
                        std::borrow::Cow::Borrowed(joined.as_str())
                    }
                    _ => std::borrow::Cow::Owned(key(&format!("{x} of {the}{}", a.text))),
                };
                for &i in orgs.get(k.as_ref()).into_iter().flatten() {
                    if !out.contains(&i) {
                        out.push(i);
                    }
                }
            }
        }
        out
    };
    let named = times_named(flat, gazetteer);
    for p in chosen.iter_mut().filter(|p| local(p)) {
        let name = one_line(&text[p.range.clone()]);
        let mut found = None;
        // The parent written out, as a mention that closes the name.
        let parent = ending_at(flat, p.range.end).filter(|s| s.bytes.start > p.range.start);
        if let Some(parent) = parent {
            let x = one_line(&text[p.range.start..parent.bytes.start]);
            let x = x.strip_suffix(" the").unwrap_or(&x);
            if let Some(x) = x.strip_suffix(" of") {
                if let [one] = spelled(x, &parent.entity)[..] {
                    found = Some(one);
                }
            }
        }
        if found.is_none() {
            let before = text[..p.range.start].trim_end();
            let before = before
                .strip_suffix("'s")
                .or_else(|| before.strip_suffix("’s"));
            let owner = before.and_then(|b| ending_at(flat, b.len()));
            found = match owner {
                Some(o) => match spelled(&name, &o.entity)[..] {
                    [one] => Some(one),
                    _ => None,
                },
                None => {
                    // (entity found, times its parent is named)
                    let mut hits: Vec<(usize, usize)> = Vec::new();
                    for (e, n) in named.iter().map(|(e, n)| (e.as_str(), *n)) {
                        for i in spelled(&name, e) {
                            match hits.iter_mut().find(|(j, _)| *j == i) {
                                Some((_, m)) => *m = (*m).max(n),
                                None => hits.push((i, n)),
                            }
                        }
                    }
                    hits.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
                    match hits[..] {
                        [(one, _)] => Some(one),
                        [(one, n), (_, m), ..] if n >= 2 * m => Some(one),
                        _ => None,
                    }
                }
            };
        }
        if let Some(i) = found {
            let e = gazetteer.entity(i);
            p.entity = e.id.clone();
            p.name = e.name.clone();
            p.kind = e.kind;
        }
    }
}

/// A body and the body it is part of, both named by the gazetteer and
/// joined by `of (the)` (`Collective Rapid Reaction Force of the
/// Collective Security Treaty Organization`): one name, the longest, of
/// the part's entity, as the guidelines' longest-name rule asks. The
/// gazetteer's `part_of` fact is the evidence; without it the two stay
/// two names (`the SCO of the CIS` would be no body).
fn units_of_parents(
    text: &str,
    flat: &[&Span],
    chosen: &[Proposal],
    gazetteer: &Gazetteer,
) -> Vec<Proposal> {
    let mut out = Vec::new();
    for pair in flat.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let gap = &text[a.bytes.end..b.bytes.start];
        if a.label != Label::ORG
            || b.label != Label::ORG
            || a.source == SpanSource::Pattern
            || b.source == SpanSource::Pattern
            || !matches!(one_line(gap).as_str(), "of" | "of the")
            || !gap.starts_with(' ')
            // A one-word unit has a name of its own (`OMON of the Ministry
            // of Internal Affairs`), as in `opens_with_lone_org_of`.
            || !a.text.contains(char::is_whitespace)
        {
            continue;
        }
        let (Some(part), Some(whole)) =
            (gazetteer.index_of(&a.entity), gazetteer.index_of(&b.entity))
        else {
            continue;
        };
        let e = gazetteer.entity(part);
        if !e
            .facts
            .iter()
            .any(|f| f.relation == Some(Relation::PartOf) && f.target == whole)
        {
            continue;
        }
        let r = a.bytes.start..b.bytes.end;
        if chosen
            .iter()
            .any(|c| c.range.start < r.end && r.start < c.range.end)
        {
            continue;
        }
        out.push(Proposal {
            range: r,
            label: Label::ORG,
            kind: e.kind,
            rule: UNIT_OF_PARENT.to_owned(),
            entity: e.id.clone(),
            name: e.name.clone(),
            order: usize::MAX,
            strong: false,
            transliterated: false,
        });
    }
    out
}

/// The rule name of a body's short form whose full name the document
/// gives (`the Supreme Council` … `Supreme Eurasian Economic Council`).
pub const SHORT_OF_FULL: &str = "short_of_full_name";

/// Gives a body written without its parent ([`without_named_parent`]),
/// or a body proposed with a local id, the id of the one organisation the document names in full with the
/// same first and last words and the short form's words in order
/// (`Supreme Council` is the `Supreme Eurasian Economic Council` of a
/// text about the Eurasian union, not a parliament's `Supreme Council of
/// Kyrgyzstan`): the text's own full name outweighs the gazetteer's.
fn named_in_full(text: &str, flat: &[&Span], chosen: &mut [Proposal]) {
    let short = |p: &Proposal| {
        p.rule == PARENT_IN_DOCUMENT || p.label == Label::ORG && p.entity.starts_with(LOCAL_ID)
    };
    if !chosen.iter().any(short) {
        return;
    }
    let mut full: Vec<(Range<usize>, Vec<&str>, String, String)> = Vec::new();
    for (r, entity, name) in flat
        .iter()
        .filter(|s| s.label == Label::ORG)
        .map(|s| (s.bytes.clone(), &s.entity, &s.name))
        .chain(
            chosen
                .iter()
                .filter(|p| p.label == Label::ORG && p.rule != PARENT_IN_DOCUMENT)
                .map(|p| (p.range.clone(), &p.entity, &p.name)),
        )
    {
        let ws: Vec<&str> = text[r.clone()].split_whitespace().collect();
        if ws.len() >= 3 {
            full.push((r, ws, entity.clone(), name.clone()));
        }
    }
    for p in chosen.iter_mut().filter(|p| short(p)) {
        let short: Vec<&str> = text[p.range.clone()].split_whitespace().collect();
        let spells = |ws: &[&str]| {
            ws.len() > short.len() && ws.first() == short.first() && ws.last() == short.last() && {
                let mut it = ws.iter();
                short.iter().all(|w| it.any(|x| x == w))
            }
        };
        let mut found = full
            .iter()
            .filter(|(r, ws, _, _)| *r != p.range && spells(ws));
        let Some((_, _, entity, name)) = found.next() else {
            continue;
        };
        if found.all(|(_, _, e, _)| e == entity) {
            p.entity = entity.clone();
            p.name = name.clone();
            p.rule = SHORT_OF_FULL.to_owned();
        }
    }
}

/// How often the document names each gazetteer entity, in the order of
/// first mention, counting for each also the mentions of what lies within
/// it (see [`Gazetteer::enclosing`]): a text about Osh, Batken and their
/// districts is about Kyrgyzstan even where it names the country twice,
/// and one about the CSTO's forces is about the CSTO.
fn times_named(flat: &[&Span], gazetteer: &Gazetteer) -> Vec<(String, usize)> {
    let mut direct: Vec<(&str, usize)> = Vec::new();
    for s in flat.iter().filter(|s| s.source != SpanSource::Pattern) {
        match direct.iter_mut().find(|(e, _)| *e == s.entity) {
            Some((_, n)) => *n += 1,
            None => direct.push((s.entity.as_str(), 1)),
        }
    }
    let mut out: Vec<(String, usize)> = direct.iter().map(|&(e, n)| (e.to_owned(), n)).collect();
    for &(e, n) in &direct {
        let Some(i) = gazetteer.index_of(e) else {
            continue;
        };
        for k in gazetteer.enclosing(i) {
            let id = &gazetteer.entity(k).id;
            match out.iter_mut().find(|(o, _)| o == id) {
                Some((_, m)) => *m += n,
                None => out.push((id.clone(), n)),
            }
        }
    }
    out
}

/// How often a document must name a parent for its bare bodies to be
/// found ([`without_named_parent`]).
const MIN_PARENT_MENTIONS: usize = 3;

/// The bodies written without their parent (`the Security Council`, `the
/// Secretariat`, `Russia's Foreign Intelligence Service`) where the
/// gazetteer lists them as `X of (the) P` and the document names `P`'s
/// entity somewhere: each becomes a proposal with a local id, which
/// [`known_by_parent`] then resolves (a possessive owner, or the parent
/// the document names most) or leaves, to be dropped.
///
/// `X` is found as written, in whole words, outside every gazetteer
/// mention and proposed name; its last word (or all of it) must be an
/// entry of the patterns' lists (`Council`, `Service`, `Joint Staff`), and
/// it must stand alone on its line: no capitalised word right before it
/// (but `The` or a possessive) and none right after (`Security Council
/// Committee` is another body).
fn without_named_parent(
    masked: &str,
    flat: &[&Span],
    chosen: &[Proposal],
    patterns: &Patterns,
    gazetteer: &Gazetteer,
    index: &Index,
) -> Vec<Proposal> {
    // The keys of every name of the gazetteer entities the document names
    // often enough to be what it is about: a parent named once or twice
    // (`Tajikistan` in a report on the UN's sanctions) does not make a
    // bare `Security Council` its own.
    let times = times_named(flat, gazetteer);
    // Borrowed from the gazetteer: a country has hundreds of aliases, and
    // a copy of each key was most of this function's time.
    let mut parents: HashSet<&str> = HashSet::new();
    for (id, _) in times.iter().filter(|(_, n)| *n >= MIN_PARENT_MENTIONS) {
        if let Some(e) = gazetteer.entity_by_id(id) {
            parents.extend(e.aliases.iter().map(|a| a.key.as_str()));
        }
    }
    if parents.is_empty() {
        return Vec::new();
    }
    let bodies = index.bodies.get_or_init(|| Bodies::of(gazetteer, patterns));
    // The `X`s of the parents named, in the gazetteer's order, each once.
    let mut at: Vec<usize> = parents
        .iter()
        .filter_map(|&p| bodies.by_parent.get(p))
        .flatten()
        .copied()
        .collect();
    at.sort_unstable();
    let mut shorts: Vec<&String> = Vec::new();
    for x in at.into_iter().map(|i| &bodies.shorts[i]) {
        if !shorts.contains(&x) {
            shorts.push(x);
        }
    }
    let taken = |r: &Range<usize>| {
        chosen
            .iter()
            .any(|c| c.range.start < r.end && r.start < c.range.end)
    };
    // The word next to a name on its line, if any.
    let before = |at: usize| -> &str {
        let line = &masked[..at];
        let line = &line[line.rfind('\n').map_or(0, |i| i + 1)..];
        line.split_whitespace().next_back().unwrap_or("")
    };
    let after = |at: usize| -> &str {
        let line = &masked[at..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        line.split_whitespace().next().unwrap_or("")
    };
    // A bare `Council` where two bodies the document names have that word
    // (the Council of Heads of State, the RATS Council) names neither for
    // sure.
    let shared = |x: &str| {
        let mut with: Vec<&str> = bodies_with_word(flat, x).collect();
        with.sort_unstable();
        with.dedup();
        with.len() >= 2
    };
    let mut out: Vec<Proposal> = Vec::new();
    for &x in &shorts {
        if !x.contains(' ') && shared(x) {
            continue;
        }
        // `memmem` finds what `match_indices` finds, without overlaps, in
        // a fraction of its time: several bodies a document, each a scan.
        for start in memchr::memmem::find_iter(masked.as_bytes(), x.as_bytes()) {
            let r = start..start + x.len();
            if word_before(masked, r.start) || word_after(masked, r.end) || taken(&r) {
                continue;
            }
            if out
                .iter()
                .any(|o| o.range.start < r.end && r.start < o.range.end)
            {
                continue;
            }
            let b = before(r.start);
            let possessive = b.ends_with("'s") || b.ends_with("’s");
            let a = after(r.end);
            let name_word = |w: &str| w.starts_with(|c: char| c.is_uppercase() || c == MASK_START);
            // `Security Council of Ruritania` is a longer name.
            let of_name = a == "of" && {
                let rest = masked[r.end..].trim_start()["of".len()..].trim_start();
                name_word(rest.strip_prefix("the ").unwrap_or(rest))
            };
            // A word that closes a clause (`Tajikistan;`) is no part of it.
            let closes = b.ends_with([';', ':', ',', '.', ')']);
            if (name_word(b) && b != "The" && !possessive && !closes) || name_word(a) || of_name {
                continue;
            }
            out.push(Proposal {
                range: r,
                label: Label::ORG,
                kind: "body",
                rule: PARENT_IN_DOCUMENT.to_owned(),
                entity: local_id(x),
                name: x.clone(),
                order: usize::MAX,
                // Each mention passes the tests above on its own: none
                // spreads to the others (`Internal Troops of the ...`).
                strong: false,
                transliterated: false,
            });
        }
    }
    out.sort_by_key(|p| p.range.start);
    out
}

impl Bodies {
    /// The bodies of `gazetteer`'s organisations: `X` capitalised at both
    /// ends, and an entry of `patterns`' lists or ending with one.
    fn of(gazetteer: &Gazetteer, patterns: &Patterns) -> Bodies {
        let key = |s: &str| normalize_str(s, Options::FOLDED).trim().to_owned();
        let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        let mut bodies = Bodies::default();
        for e in gazetteer
            .entities()
            .iter()
            .filter(|e| e.label == Label::ORG)
        {
            for a in &e.aliases {
                let t = a.text.trim_start_matches('=');
                let mut from = 0;
                while let Some(i) = t[from..].find(" of ") {
                    let x = &t[..from + i];
                    from += i + 4;
                    let p = t[from..].strip_prefix("the ").unwrap_or(&t[from..]);
                    let ws: Vec<&str> = x.split(' ').collect();
                    let (Some(first), Some(last)) = (ws.first(), ws.last()) else {
                        continue;
                    };
                    if capitalised(first)
                        && capitalised(last)
                        && (patterns.is_entry(x) || patterns.is_entry(last))
                    {
                        bodies
                            .by_parent
                            .entry(key(p))
                            .or_default()
                            .push(bodies.shorts.len());
                        bodies.shorts.push(x.to_owned());
                    }
                }
            }
        }
        bodies
    }
}

/// Whether `s` is an acronym of three to six capital letters (`UBOP`).
fn is_capitals_acronym(s: &str) -> bool {
    (3..=6).contains(&s.chars().count()) && s.chars().all(|c| c.is_uppercase() && c.is_alphabetic())
}

/// How often `short` stands in `text` as a whole word. Where it is
/// defined counts, so more than one means it is used again.
fn whole_word_count(text: &str, short: &str) -> usize {
    text.match_indices(short)
        .filter(|&(i, _)| !word_before(text, i) && !word_after(text, i + short.len()))
        .count()
}

/// What stands between a person's name and another name the text says
/// they go by (`Sirojiddin Mukhtarov, known as Abu Saloh`).
const KNOWN_AS: &[&str] = &[
    ", known as ",
    ", also known as ",
    ", better known as ",
    ", alias ",
];

/// Gives a proposed person written in brackets right after a person's
/// name the id of that person: the other name they go by
/// (`Sirojiddin Mukhtarov (Abu Saloh)`, `Sayfullo Rahimov (Abu Muslim
/// al-Tojiki)`). The brackets must hold the name and nothing else. So does
/// a name after `, known as` and the like (`Sirojiddin Mukhtarov, known as
/// Abu Saloh`).
fn aliases_in_brackets(text: &str, flat: &[&Span], chosen: &mut [Proposal]) {
    for i in 0..chosen.len() {
        let p = &chosen[i];
        if p.label != Label::PER {
            continue;
        }
        let head = &text[..p.range.start];
        let bracketed = head.ends_with(" (") && text[p.range.end..].starts_with(')');
        let Some(gap) = (if bracketed {
            Some(" (".len())
        } else {
            KNOWN_AS
                .iter()
                .find(|k| head.ends_with(*k))
                .map(|k| k.len())
        }) else {
            continue;
        };
        let before = p.range.start - gap;
        let owner = chosen[..i]
            .iter()
            .rev()
            .find(|q| q.range.end == before)
            .map(|q| (q.label, q.entity.clone(), q.name.clone()))
            .or_else(|| {
                ending_at(flat, before).map(|s| (s.label, s.entity.clone(), s.name.clone()))
            });
        if let Some((Label::PER, entity, name)) = owner {
            chosen[i].entity = entity;
            chosen[i].name = name;
        }
    }
}

/// Whether a name is written in Cyrillic letters.
fn is_cyrillic_name(name: &str) -> bool {
    name.chars().any(translit::is_cyrillic)
}

/// Gives a proposed person the id of the gazetteer's person whose name of
/// two words or more has the same first and last words, in any of their
/// romanisations: a patronymic between them (`Gulmurod Salimovich
/// Khalimov` for `Gulmurod Khalimov`) or a Cyrillic spelling
/// (`Гулмурод Салимович Халимов`, flagged `transliterated`). One entity
/// must be the only match.
fn known_person_by_names(
    text: &str,
    chosen: &mut [Proposal],
    gazetteer: &Gazetteer,
    index: &Index,
) {
    let local = |p: &Proposal| p.label == Label::PER && p.entity.starts_with(LOCAL_ID);
    if !chosen.iter().any(local) {
        return;
    }
    let ends = |name: &str| -> Option<(String, String)> {
        let ws: Vec<&str> = name.split_whitespace().collect();
        (ws.len() >= 2).then(|| {
            (
                translit::name_key(ws[0]),
                translit::name_key(ws[ws.len() - 1]),
            )
        })
    };
    let people = index.people.get_or_init(|| {
        let mut people: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (i, e) in gazetteer.entities().iter().enumerate() {
            if e.label != Label::PER {
                continue;
            }
            for a in &e.aliases {
                if let Some(k) = ends(&a.text) {
                    let v = people.entry(k).or_default();
                    if !v.contains(&i) {
                        v.push(i);
                    }
                }
            }
        }
        people
    });
    for p in chosen.iter_mut().filter(|p| local(p)) {
        let covered = &text[p.range.clone()];
        let Some(k) = ends(covered) else {
            continue;
        };
        if let Some([one]) = people.get(&k).map(Vec::as_slice) {
            let e = gazetteer.entity(*one);
            p.transliterated = is_cyrillic_name(covered) && !is_cyrillic_name(&e.name);
            p.entity = e.id.clone();
            p.name = e.name.clone();
        }
    }
}

/// Gives one id to the proposed people whose names share their first and
/// last words (`Sayfullo Rahimov`, `Sayfullo Nurmatovich Rahimov`): the
/// longest name's, so that the surname alone then links to it instead of
/// to neither. A name in Cyrillic shares them with a Latin one where their
/// keys do ([`translit::name_key`]: `Алмазбек Султанбек уулу Жумабаев`,
/// `Almazbek Sultanbekovich Jumabaev`), takes the Latin one's id and is
/// flagged `transliterated`; a gazetteer's id, if one of them has it,
/// goes to all.
fn same_person_one_id(text: &str, chosen: &mut [Proposal]) {
    // The key that the romanisations of one word share (`Жумабаев`,
    // `Jumabaev`).
    let fold = translit::name_key;
    // Which name gives its id: one a gazetteer knows, then one in Latin
    // letters (the Cyrillic name is its transliteration), then the longest.
    type Rank = (bool, bool, usize);
    let key = |p: &Proposal| -> Option<(String, String, Rank)> {
        let name = one_line(&text[p.range.clone()]);
        let words: Vec<&str> = name.split_whitespace().collect();
        let rank = (
            !p.entity.starts_with(LOCAL_ID),
            !is_cyrillic_name(&name),
            words.len(),
        );
        (p.label == Label::PER && words.len() >= 2)
            .then(|| (fold(words[0]), fold(words[words.len() - 1]), rank))
    };
    let keys: Vec<Option<(String, String, Rank)>> = chosen.iter().map(key).collect();
    let mut longest: HashMap<(&str, &str), (Rank, usize)> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        if let Some((first, last, n)) = k {
            let e = longest.entry((first, last)).or_insert((*n, i));
            if *n > e.0 {
                *e = (*n, i);
            }
        }
    }
    for (i, k) in keys.iter().enumerate() {
        let Some((first, last, _)) = k else {
            continue;
        };
        if let Some(&(_, j)) = longest.get(&(first.as_str(), last.as_str())) {
            if j != i {
                let (entity, name) = (chosen[j].entity.clone(), chosen[j].name.clone());
                chosen[i].transliterated = is_cyrillic_name(&text[chosen[i].range.clone()])
                    && !is_cyrillic_name(&text[chosen[j].range.clone()]);
                chosen[i].entity = entity;
                chosen[i].name = name;
            }
        }
    }
}

/// Gives a proposed body named once in full and once without its parent
/// (`Council of Heads of Security Agencies of the CIS` … `the Council of
/// Heads of Security Agencies`) the full name's id: the short form is the
/// full one less a closing `of (the) Name`. Two full names that shorten
/// alike leave the short form alone.
fn same_body_one_id(text: &str, chosen: &mut [Proposal]) {
    let names: Vec<String> = chosen
        .iter()
        .map(|p| one_line(&text[p.range.clone()]))
        .collect();
    let mut full_of: HashMap<&str, Option<usize>> = HashMap::new();
    for (i, p) in chosen
        .iter()
        .enumerate()
        .filter(|(_, p)| p.label == Label::ORG)
    {
        let Some(short) = without_parent(&names[i]) else {
            continue;
        };
        full_of
            .entry(short)
            .and_modify(|j| {
                if j.is_some_and(|j| chosen[j].entity != p.entity) {
                    *j = None;
                }
            })
            .or_insert(Some(i));
    }
    for i in 0..chosen.len() {
        if chosen[i].label != Label::ORG {
            continue;
        }
        if let Some(&Some(j)) = full_of.get(names[i].as_str()) {
            let (entity, name) = (chosen[j].entity.clone(), chosen[j].name.clone());
            chosen[i].entity = entity;
            chosen[i].name = name;
        }
    }
}

/// A body's name less a closing `of (the) Name` of capitalised words, if
/// two words or more are left: `Council of Heads of State of the CIS` →
/// `Council of Heads of State`.
fn without_parent(name: &str) -> Option<&str> {
    let (short, parent) = name.rsplit_once(" of ")?;
    let parent = parent.strip_prefix("the ").unwrap_or(parent);
    let capitalised = parent
        .split(' ')
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    (capitalised && short.split(' ').count() >= 2).then_some(short)
}

/// The other occurrences of known names and surnames.
fn known_in_document(
    text: &str,
    masked: &str,
    flat: &[&Span],
    chosen: &[Proposal],
    patterns: &Patterns,
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
    // surname → the person named first with it. Relatives share a surname
    // (`Nurlan Sultanbekovich Jumabaev`, the brother), yet the bare surname
    // is kept for the person the text is about, who is named first.
    let mut surnames: HashMap<String, Proposal> = HashMap::new();
    let mut claim_surname = |form: String, p: Proposal| {
        surnames
            .entry(form)
            .and_modify(|q| {
                if p.range.start < q.range.start {
                    *q = p.clone();
                }
            })
            .or_insert(p);
    };
    // `al-Baghdadi` is also called `Baghdadi`.
    fn bare(s: &str) -> Option<&str> {
        let (particle, rest) = s.split_once('-')?;
        (matches!(particle, "al" | "el" | "ad" | "as" | "ash" | "at" | "ul")
            && rest.chars().count() >= 4
            && rest.chars().next().is_some_and(char::is_uppercase))
        .then_some(rest)
    }
    let surname = |name: &str| -> Option<String> {
        let ws: Vec<&str> = name.split_whitespace().collect();
        let last = ws
            .last()?
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        // `al-Baghdadi`: the capital comes after the particle.
        let head = bare(last).unwrap_or(last);
        (ws.len() >= 2
            && last.chars().count() >= 3
            && head.chars().next().is_some_and(char::is_uppercase)
            && !is_common_word(last))
        .then(|| last.to_owned())
    };
    for p in chosen.iter().filter(|p| p.strong) {
        let covered = one_line(&text[p.range.clone()]);
        if p.label == Label::PER {
            if let Some(s) = surname(&covered) {
                if let Some(b) = bare(&s) {
                    claim_surname(b.to_owned(), p.clone());
                }
                claim_surname(s, p.clone());
            }
        }
        claim(covered, p.clone());
    }
    // An organisation's distinctive last word (`Jamaat Ansarullah` …
    // `Ansarullah`): five letters or more, not common, no head word of the
    // patterns (`Front`), and not after `of`, where a place stands
    // (`Islamic Party of Turkestan` … `Turkestan` is the region).
    let distinctive = |name: &str| -> Option<String> {
        let ws: Vec<&str> = name.split_whitespace().collect();
        let last = *ws.last()?;
        let before = ws.len().checked_sub(2).map(|i| ws[i])?;
        (last.chars().count() >= 5
            && last.chars().all(char::is_alphabetic)
            && last.chars().next().is_some_and(char::is_uppercase)
            && last.chars().skip(1).any(char::is_lowercase)
            && !is_common_word(last)
            && !patterns.is_entry(last)
            && !matches!(before, "of" | "for" | "in" | "on" | "and" | "the"))
        .then(|| last.to_owned())
    };
    // A gazetteer span as the entity a short form of it names.
    let as_proposal = |s: &Span, label: Label, default_kind: &'static str| Proposal {
        range: s.bytes.clone(),
        label,
        kind: gazetteer
            .entity_by_id(&s.entity)
            .map_or(default_kind, |e| e.kind),
        rule: String::new(),
        entity: s.entity.clone(),
        name: s.name.clone(),
        order: usize::MAX,
        strong: true,
        transliterated: false,
    };
    for s in flat
        .iter()
        .filter(|s| s.label == Label::ORG && s.source == SpanSource::Gazetteer)
    {
        let name = one_line(&s.text);
        if let Some(last) = distinctive(&name) {
            claim(last, as_proposal(s, Label::ORG, "organization"));
        }
        if let Some(short) = short_form(&name, patterns) {
            // A head word alone names no body where another body of the
            // document has it too (`the Council` beside the Council of
            // Heads of State and the RATS Council).
            let shared =
                !short.contains(' ') && bodies_with_word(flat, &short).any(|e| e != s.entity);
            if !shared {
                claim(short, as_proposal(s, Label::ORG, "organization"));
            }
        }
    }
    for s in flat.iter().filter(|s| s.label == Label::PER) {
        if let Some(last) = surname(&s.text) {
            if let Some(b) = bare(&last) {
                claim_surname(b.to_owned(), as_proposal(s, Label::PER, "person"));
            }
            claim_surname(last, as_proposal(s, Label::PER, "person"));
        }
    }
    for (form, p) in surnames {
        claim(form, p);
    }
    let mut forms: Vec<(String, Proposal)> = forms
        .into_iter()
        .filter_map(|(f, p)| Some((f, p?)))
        .collect();
    if forms.is_empty() {
        return Vec::new();
    }
    forms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    let forms = FormTrie::new(&forms);
    // Forms are literal words: find their first words, then check the rest
    // word by word, across any white space (a name may be wrapped). Each
    // first word is looked for once, however many forms start with it (a
    // staff list gives thousands that start with `Dr.`).
    // A contiguous NFA: the DFA the crate picks for few patterns took more
    // to build, once per document, than the one scan that uses it; the
    // kind changes no match.
    let Ok(ac) = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(forms.firsts())
    else {
        return Vec::new();
    };
    // Chosen names are sorted by start; the furthest end up to each, so
    // that an overlap is found by binary search, not by a scan.
    let reach: Vec<usize> = chosen
        .iter()
        .scan(0, |end, q| {
            *end = (*end).max(q.range.end);
            Some(*end)
        })
        .collect();
    // A weak proposal of exactly this text gives way to the known name.
    let replaces_weak = |r: &Range<usize>| {
        let k = chosen.partition_point(|q| q.range.start < r.start);
        chosen[k..]
            .iter()
            .take_while(|q| q.range.start == r.start)
            .any(|q| !q.strong && q.range == *r)
    };
    let overlaps_chosen = |r: &Range<usize>| {
        let k = chosen.partition_point(|q| q.range.start < r.end);
        k > 0 && reach[k - 1] > r.start
    };
    // Names found here, by start; they never overlap one another.
    let mut found: std::collections::BTreeMap<usize, (usize, &Proposal)> = Default::default();
    let mut tried: std::collections::HashSet<usize> = Default::default();
    let mut namesakes: Vec<Range<usize>> = Vec::new();
    for m in ac.find_overlapping_iter(masked) {
        let start = m.start();
        if !tried.insert(start) || word_before(masked, start) {
            continue;
        }
        // The longest form that matches here wins.
        let Some((end, p)) = forms.longest_at(masked, start) else {
            continue;
        };
        let r = start..end;
        let overlaps_found = found
            .range(..r.end)
            .next_back()
            .is_some_and(|(_, &(e, _))| e > r.start);
        if (overlaps_chosen(&r) && !replaces_weak(&r)) || overlaps_found {
            continue;
        }
        // A surname after a given name other than the person's own is
        // another person of that name (`Tigran Sargsyan` where `Serzh
        // Sargsyan` came first): the two words are a new name.
        if let Some(given) = other_given_name(masked, &r, p, patterns) {
            let whole = given..r.end;
            let clear = !overlaps_chosen(&whole)
                && !found
                    .range(..whole.end)
                    .next_back()
                    .is_some_and(|(_, &(e, _))| e > whole.start);
            if clear {
                namesakes.push(whole);
            }
            continue;
        }
        found.insert(start, (end, p));
    }
    let mut out: Vec<Proposal> = found
        .into_iter()
        .map(|(start, (end, p))| Proposal {
            range: start..end,
            rule: KNOWN_IN_DOCUMENT.to_owned(),
            order: usize::MAX,
            ..p.clone()
        })
        .collect();
    for r in namesakes {
        let name = one_line(&text[r.clone()]);
        out.push(Proposal {
            range: r,
            label: Label::PER,
            kind: "person",
            rule: NAMESAKE.to_owned(),
            entity: local_id(&name),
            name,
            order: usize::MAX,
            strong: false,
            transliterated: false,
        });
    }
    out.sort_by_key(|p| p.range.start);
    out
}

/// The rule name of a person named by a given name and the surname of
/// another person the document names.
pub const NAMESAKE: &str = "namesake";

/// Where a capitalised given name starts right before a lone surname `r`
/// that `p`, a person named in full, is linked by, when it is not `p`'s
/// own first word, a title, a list entry or a common word.
fn other_given_name(
    masked: &str,
    r: &Range<usize>,
    p: &Proposal,
    patterns: &Patterns,
) -> Option<usize> {
    if p.label != Label::PER || !p.name.contains(' ') || !p.name.ends_with(&masked[r.clone()]) {
        return None;
    }
    let form = &masked[r.clone()];
    if form.contains(' ') || p.name == form {
        return None;
    }
    let before = masked[..r.start].strip_suffix(' ')?;
    let at = before
        .rfind(|c: char| !(c.is_alphabetic() || c == '-'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[at..];
    // A sentence's first word may be any capitalised word (`Later`).
    let opens_sentence = before[..at]
        .trim_end()
        .chars()
        .next_back()
        .map_or(true, |c| matches!(c, '.' | '!' | '?' | ':' | '\n'));
    if opens_sentence {
        return None;
    }
    let own_first = p.name.split(' ').next().unwrap_or_default();
    (word.chars().count() >= 2
        && word.starts_with(char::is_uppercase)
        && word.chars().skip(1).all(|c| c.is_lowercase() || c == '-')
        && word != own_first
        && !patterns.is_entry(word)
        && (!is_common_word(word) || is_person_name(word)))
    .then_some(at)
}

/// The short form that a later mention of a gazetteer organisation named
/// in full may take (not of a proposed one: `Observatory of the National
/// Meteorological Institute` is no evidence that `Observatory` names it): the one word before `of` that is no head word of the patterns
/// (`Commonwealth of Independent States` … `the Commonwealth`; not
/// `Council`), or the name without the acronym of the body it belongs to
/// (`CSTO Secretariat` … `the Secretariat`).
fn short_form(name: &str, patterns: &Patterns) -> Option<String> {
    let ws: Vec<&str> = name.split(' ').collect();
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    if ws.len() >= 3 && ws[1] == "of" {
        let w = ws[0];
        return (w.chars().count() >= 5
            && w.chars().all(char::is_alphabetic)
            && capitalised(w)
            && w.chars().skip(1).all(char::is_lowercase)
            && !patterns.is_entry(w))
        .then(|| w.to_owned());
    }
    let acronym = |w: &str| {
        w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase() && c.is_alphabetic())
    };
    (ws.len() >= 2
        && acronym(ws[0])
        && ws[1..]
            .iter()
            .all(|w| capitalised(w) && w.chars().skip(1).all(char::is_lowercase))
        && ws.last().is_some_and(|w| patterns.is_entry(w)))
    .then(|| ws[1..].join(" "))
}

/// The forms of [`known_in_document`] as a trie of words, so that the forms
/// that match at a place are found by walking the text's words once instead
/// of trying every form.
struct FormTrie<'f> {
    /// Per node: the next word and its node.
    children: Vec<HashMap<&'f str, usize>>,
    /// Per node: the form that ends there, as its rank (0 = longest).
    ends: Vec<Option<usize>>,
    forms: &'f [(String, Proposal)],
    /// The longest word of any form, in bytes.
    longest_word: usize,
}

impl<'f> FormTrie<'f> {
    /// `forms` ranked: longest first, then in byte order.
    fn new(forms: &'f [(String, Proposal)]) -> Self {
        let mut t = FormTrie {
            children: vec![HashMap::new()],
            ends: vec![None],
            forms,
            longest_word: 0,
        };
        for (rank, (form, _)) in forms.iter().enumerate() {
            let mut node = 0;
            for word in form.split(' ') {
                t.longest_word = t.longest_word.max(word.len());
                node = match t.children[node].get(word) {
                    Some(&next) => next,
                    None => {
                        let next = t.children.len();
                        t.children.push(HashMap::new());
                        t.ends.push(None);
                        t.children[node].insert(word, next);
                        next
                    }
                };
            }
            let end = &mut t.ends[node];
            *end = Some(end.map_or(rank, |r| r.min(rank)));
        }
        t
    }

    fn firsts(&self) -> Vec<&'f str> {
        let mut v: Vec<&str> = self.children[0].keys().copied().collect();
        v.sort_unstable();
        v
    }

    /// Where the best-ranked form that matches at `start` ends, and its
    /// proposal: every word but the last is a whole run of non-space
    /// characters, and the last ends where no word character follows.
    fn longest_at(&self, text: &str, start: usize) -> Option<(usize, &'f Proposal)> {
        let mut best: Option<(usize, usize)> = None;
        let mut node = 0;
        let mut at = start;
        loop {
            let rest = &text[at..];
            let token_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let token = &rest[..token_len];
            // The last word: a prefix of the run that ends a word.
            let ends = token.char_indices().map(|(k, _)| k).skip(1);
            for k in ends.chain([token_len]) {
                if k > self.longest_word {
                    break;
                }
                if word_after(text, at + k) {
                    continue;
                }
                if let Some(rank) = self.children[node]
                    .get(&token[..k])
                    .and_then(|&next| self.ends[next])
                {
                    if best.map_or(true, |(r, _)| rank < r) {
                        best = Some((rank, at + k));
                    }
                }
            }
            // A word before more words: the whole run, then white space.
            let Some(&next) = self.children[node].get(token).filter(|_| token_len > 0) else {
                break;
            };
            let after = &rest[token_len..];
            let gap = after.len() - after.trim_start().len();
            if gap == 0 {
                break;
            }
            node = next;
            at += token_len + gap;
        }
        best.map(|(rank, end)| (end, &self.forms[rank].1))
    }
}

/// The proposals as spans, in byte offsets only: code points are counted
/// once, for all spans, where the annotation is handed out.
fn to_spans(text: &str, proposals: Vec<Proposal>) -> Vec<Span> {
    proposals
        .into_iter()
        .map(|p| {
            let covered = text[p.range.clone()].to_owned();
            Span {
                start: 0,
                end: 0,
                label: p.label,
                entity: p.entity,
                name: p.name,
                kind: p.kind.to_owned(),
                source: SpanSource::Pattern,
                alias: covered.clone(),
                candidates: Vec::new(),
                reason: None,
                flags: {
                    let mut flags = Vec::new();
                    if covered.contains(['\n', '\r']) {
                        flags.push(Flag::LineBreak);
                    }
                    if p.transliterated {
                        flags.push(Flag::Transliterated);
                    }
                    flags
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
    fn a_heading_in_capitals_is_read_in_title_case_byte_for_byte() {
        let m = format!("{MASK_START}O{MASK_PAD}{MASK_PAD}");
        for (text, want) in [
            (
                "Title\nPRESS CENTRE OF THE NORDVIK AGENCY\nBody text.".to_owned(),
                "Title\nPress Centre of the Nordvik Agency\nBody text.".to_owned(),
            ),
            // A masked mention keeps its letters.
            (
                format!("SERVICE OF THE {m} (HQ)\n"),
                format!("Service of the {m} (Hq)\n"),
            ),
            // A block of lines in capitals is no heading.
            (
                "THE SOFTWARE IS PROVIDED AS IS\nWITHOUT WARRANTY OF ANY KIND\n".to_owned(),
                "THE SOFTWARE IS PROVIDED AS IS\nWITHOUT WARRANTY OF ANY KIND\n".to_owned(),
            ),
            // One word in capitals is no heading; nor is mixed case.
            (
                "NOTE\nThe UN met.\n".to_owned(),
                "NOTE\nThe UN met.\n".to_owned(),
            ),
        ] {
            let got = headings_in_title_case(&text);
            assert_eq!(got, want, "{text:?}");
            assert_eq!(got.len(), text.len());
        }
    }

    #[test]
    fn forms_match_word_by_word_longest_first() {
        let proposal = |name: &str| Proposal {
            range: 0..0,
            label: Label::PER,
            kind: "person",
            rule: String::new(),
            entity: name.to_owned(),
            name: name.to_owned(),
            order: 0,
            strong: true,
            transliterated: false,
        };
        let mut forms: Vec<(String, Proposal)> = ["Marat Kasymov", "Kasymov", "Dr. Marat"]
            .iter()
            .map(|f| (f.to_string(), proposal(f)))
            .collect();
        forms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let trie = FormTrie::new(&forms);
        // (text, start, the form found and where it ends)
        for (text, start, want) in [
            ("Marat Kasymov spoke", 0, Some(("Marat Kasymov", 13))),
            ("Marat\n  Kasymov.", 0, Some(("Marat Kasymov", 15))),
            ("Kasymov's", 0, Some(("Kasymov", 7))),
            ("Kasymova", 0, None),
            ("Dr. Marat Kasymov", 0, Some(("Dr. Marat", 9))),
            ("Dr. Marat Kasymov", 4, Some(("Marat Kasymov", 17))),
            ("Marat Kasymovich", 0, None),
            ("Marat", 0, None),
        ] {
            let got = trie
                .longest_at(text, start)
                .map(|(end, p)| (p.name.as_str(), end));
            assert_eq!(got, want, "{text:?} at {start}");
        }
    }

    #[test]
    fn short_forms_of_organisations_named_in_full() {
        let patterns = Patterns::embedded().unwrap();
        for (name, want) in [
            ("Commonwealth of Independent States", Some("Commonwealth")),
            ("League of Arab States", Some("League")),
            // A head word of the patterns is too general alone.
            ("Council of Heads of State", None),
            ("Ministry of Defence", None),
            ("CSTO Secretariat", Some("Secretariat")),
            ("CIS Executive Committee", Some("Executive Committee")),
            // No head word at the end: the acronym is part of the name.
            ("UN Women", None),
            ("Islamic Movement of Uzbekistan", None),
            ("Commonwealth", None),
        ] {
            assert_eq!(short_form(name, &patterns).as_deref(), want, "{name:?}");
        }
    }

    #[test]
    fn a_body_named_without_its_parent() {
        for (name, want) in [
            (
                "Council of Heads of Security Agencies of the CIS",
                Some("Council of Heads of Security Agencies"),
            ),
            ("Economic Court of the CIS", Some("Economic Court")),
            // One word left names nothing on its own.
            ("Academy of Sciences", None),
            // A lower-case tail is no name.
            ("Council of Heads of State of the member states", None),
        ] {
            assert_eq!(without_parent(name), want, "{name:?}");
        }
    }

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
    fn a_bare_body_after_of_the_refers_back() {
        for (name, want) in [
            (
                "Department of Trade Policy of the Ministry",
                "Department of Trade Policy",
            ),
            ("Press Service of the Committee", "Press Service"),
            // One word left would be no name; a longer parent stays.
            ("Office of the Secretariat", "Office of the Secretariat"),
            (
                "Council of the Ministry of Energy",
                "Council of the Ministry of Energy",
            ),
            ("Youth Council of the Union", "Youth Council of the Union"),
        ] {
            let n = back_reference_tail(name);
            assert_eq!(&name[..name.len() - n], want, "{name:?}");
        }
        let annotator = norway_only();
        for (text, want) in [
            (
                "He led the Department of Trade Policy of the Ministry until May.",
                "Department of Trade Policy",
            ),
            (
                "He led the Department of Trade Policy of the Ministry of Energy until May.",
                "Department of Trade Policy of the Ministry of Energy",
            ),
        ] {
            let spans = annotator.spans(text);
            assert!(spans.iter().any(|s| s.text == want), "{text:?}: {spans:?}");
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
            // Initials keep their last full stop.
            ("R.M.", "R.M."),
            ("R.M.,", "R.M."),
            // And a name's suffix its full stop.
            ("Manuel P. Micaller Jr.,", "Manuel P. Micaller Jr."),
            ("Anna Berg Sr.", "Anna Berg Sr."),
            // A quoted designation keeps its closing quote.
            ("Regional Command \"North\",", "Regional Command \"North\""),
            ("Unit «Sokol».", "Unit «Sokol»"),
            ("Jr.", "Jr"),
        ] {
            assert_eq!(&s[trim(s, 0..s.len())], want, "{s:?}");
        }
    }

    #[test]
    fn posts_and_owners_stay_out_of_a_body_s_name() {
        let patterns = Patterns::embedded().unwrap();
        // (proposed name, what is left of it)
        for (name, want) in [
            (
                "Director of the Department of Multilateral Trade",
                "Department of Multilateral Trade",
            ),
            ("Counsellor of the Embassy of Norway", "Embassy of Norway"),
            (
                "Deputy Director of the Nordic Institute",
                "Nordic Institute",
            ),
            (
                "Assembly's International Secretariat",
                "International Secretariat",
            ),
            ("Commonwealth’s Executive Committee", "Executive Committee"),
            (
                "Department of Multilateral Trade",
                "Department of Multilateral Trade",
            ),
            ("Director", "Director"),
            ("Head of", "Head of"),
            ("Children's Fund", "Children's Fund"),
            ("Women's Democratic Union", "Women's Democratic Union"),
            (
                "United Nations Children's Fund",
                "United Nations Children's Fund",
            ),
            ("Norway's Council", "Norway's Council"),
            (
                "Interior Ministry's Directorate for Vessna",
                "Directorate for Vessna",
            ),
            ("Nordic Council's Youth Forum", "Youth Forum"),
            ("Ministry of Defence's Main Directorate", "Main Directorate"),
            ("Nordic Trade Union's Hall", "Nordic Trade Union's Hall"),
        ] {
            let mut start = 0;
            while let Some(n) = patterns.post_prefix(&name[start..]) {
                start += n;
            }
            if let Some(n) = owner_prefix(&name[start..]) {
                start += n;
            }
            assert_eq!(&name[start..], want, "{name:?}");
        }
        // A body's unit named only by the body's possessive has no name.
        for (name, alone) in [
            ("Agency's Directorate", true),
            ("Interior Ministry's Department", true),
            ("Norway's Council", false),
            ("Agency's Directorate for Vessna", false),
            ("Children's Fund", false),
        ] {
            assert_eq!(owned_head_alone(name), alone, "{name:?}");
        }
    }

    /// `known_by_parent` puts the key of `X of (the) <alias>` together
    /// from its parts where the view allows it; over every alias of the
    /// embedded gazetteers that is the key the view makes of the whole.
    #[test]
    fn keys_put_together_are_the_views_keys() {
        let gazetteer = Gazetteer::builder().build().unwrap();
        let mut joined = 0;
        for a in gazetteer.entities().iter().flat_map(|e| &e.aliases) {
            if !keys_alone(&a.text) {
                continue;
            }
            for x in ["Ministry of Defence", "Anti-Terror Unit"] {
                for the in ["", "the "] {
                    let whole = normalize_str(&format!("{x} of {the}{}", a.text), Options::FOLDED);
                    let parts = format!("{} of {the}{}", x.to_ascii_lowercase(), a.key);
                    assert_eq!(whole.trim(), parts, "{:?}", a.text);
                    joined += 1;
                }
            }
        }
        assert!(joined > 10_000, "{joined}");
    }

    /// An annotator whose only gazetteer entity is Norway.
    fn norway_only() -> crate::Annotator {
        let gazetteer = Gazetteer::builder()
            .default_gazetteers(false)
            .add_source("t.tsv", "norway\tLOC\tcountry\tNorway\t\n")
            .build()
            .unwrap();
        crate::Annotator::builder().build(gazetteer).unwrap()
    }

    #[test]
    fn people_by_their_first_and_last_names_in_any_script() {
        let gazetteer = Gazetteer::builder()
            .default_gazetteers(false)
            .add_source(
                "t.tsv",
                "ilmar_tamm\tPER\tperson\tIlmar Tamm\tIlmar Tammov\n\
                 norway\tLOC\tcountry\tNorway\t\n",
            )
            .build()
            .unwrap();
        let annotator = crate::Annotator::builder().build(gazetteer).unwrap();
        // (text, name, its id, flagged transliterated)
        for (text, name, want, flagged) in [
            // A patronymic between the gazetteer's first and last names.
            (
                "Yesterday Ilmar Petrovich Tammov signed it.",
                "Ilmar Petrovich Tammov",
                "ilmar_tamm",
                false,
            ),
            // The same in Cyrillic.
            (
                "Он сказал: Илмар Петрович Таммов подписал.",
                "Илмар Петрович Таммов",
                "ilmar_tamm",
                true,
            ),
            // A Cyrillic name takes the id of the Latin one in the text,
            // across romanisations (`Ж` as `J`).
            (
                "Almazbek Sultanbekovich Jumabaev (Kyrgyz: Алмазбек Султанбек уулу Жумабаев) spoke.",
                "Алмазбек Султанбек уулу Жумабаев",
                "doc:almazbek_sultanbekovich_jumabaev",
                true,
            ),
            // Another given name: another person.
            (
                "Yesterday Oskar Petrovich Tammov signed it.",
                "Oskar Petrovich Tammov",
                "doc:oskar_petrovich_tammov",
                false,
            ),
        ] {
            let spans = annotator.spans(text);
            let got = spans
                .iter()
                .find(|s| s.text == name)
                .unwrap_or_else(|| panic!("{name} not found in {text:?}: {spans:?}"));
            assert_eq!(got.entity, want, "{text:?}");
            assert_eq!(got.flags.contains(&Flag::Transliterated), flagged, "{text:?}");
        }
    }

    #[test]
    fn a_known_unit_of_a_known_body_is_one_name() {
        let gazetteer = Gazetteer::builder()
            .default_gazetteers(false)
            .add_source(
                "t.tsv",
                "pact\tORG\talliance\tNordic Defence Pact\tNDP\n\
                 force\tORG\tforce\tRapid Response Force\t\tpart_of=pact\n\
                 police\tORG\tforce\tPolar Police\tPOLPOL\tpart_of=pact\n\
                 bank\tORG\tcompany\tNordic Grain Bank\t\n",
            )
            .build()
            .unwrap();
        let annotator = crate::Annotator::builder().build(gazetteer).unwrap();
        // (text, the names found, not nested)
        for (text, want) in [
            (
                "The Rapid Response Force of the Nordic Defence Pact moved.",
                vec!["Rapid Response Force of the Nordic Defence Pact"],
            ),
            (
                "The Rapid Response Force of Nordic Defence Pact moved.",
                vec!["Rapid Response Force of Nordic Defence Pact"],
            ),
            // No `part_of` fact: two names.
            (
                "The Nordic Grain Bank of the Nordic Defence Pact lent.",
                vec!["Nordic Grain Bank", "Nordic Defence Pact"],
            ),
            // A one-word unit keeps a name of its own.
            (
                "The POLPOL of the Nordic Defence Pact moved.",
                vec!["POLPOL", "Nordic Defence Pact"],
            ),
            // Not joined by `of`.
            (
                "The Rapid Response Force and the Nordic Defence Pact moved.",
                vec!["Rapid Response Force", "Nordic Defence Pact"],
            ),
        ] {
            let spans = annotator.spans(text);
            let got: Vec<&str> = spans
                .iter()
                .filter(|s| !s.nested)
                .map(|s| s.text.as_str())
                .collect();
            assert_eq!(got, want, "{text:?}");
            if let Some(s) = spans
                .iter()
                .find(|s| s.rule.as_deref() == Some(UNIT_OF_PARENT))
            {
                assert_eq!(s.entity, "force", "{text:?}");
            }
        }
    }

    #[test]
    fn an_acronym_of_another_language_is_defined_where_it_is_used_again() {
        let annotator = norway_only();
        // (text, the acronym, found)
        for (text, short, found) in [
            (
                "It set up the Main Directorate for Combating Organised Crime (UBOP) in 1994. \
                 Later the UBOP grew.",
                "UBOP",
                true,
            ),
            // Used once only: no definition.
            (
                "It set up the Main Directorate for Combating Organised Crime (UBOP) in 1994.",
                "UBOP",
                false,
            ),
            // Used again, but inside a longer word.
            (
                "It set up the Main Directorate for Combating Organised Crime (UBOP) in 1994. \
                 UBOPS grew.",
                "UBOP",
                false,
            ),
            // Not capitals.
            (
                "It set up the Main Directorate for Combating Organised Crime (Ubop) in 1994. \
                 Later the Ubop grew.",
                "Ubop",
                false,
            ),
        ] {
            let spans = annotator.spans(text);
            let n = spans.iter().filter(|s| s.text == short).count();
            assert_eq!(n > 0, found, "{text:?}: {spans:?}");
            if found {
                assert_eq!(n, 2, "{text:?}");
                let long = spans.iter().find(|s| s.text.starts_with("Main")).unwrap();
                assert!(spans
                    .iter()
                    .filter(|s| s.text == short)
                    .all(|s| s.entity == long.entity));
            }
        }
    }

    #[test]
    fn a_person_named_in_brackets_after_a_person_is_that_person() {
        let annotator = norway_only();
        // (text, the name in brackets, the id it takes)
        for (text, alias, want) in [
            (
                "A unit led by Sirojiddin Mukhtarov (Abu Saloh) took the town.",
                "Abu Saloh",
                Some("doc:sirojiddin_mukhtarov"),
            ),
            (
                "A unit led by Sirojiddin Mukhtarov, known as Abu Saloh, took the town.",
                "Abu Saloh",
                Some("doc:sirojiddin_mukhtarov"),
            ),
            // Not right after the person.
            (
                "A unit led by Sirojiddin Mukhtarov, of Osh (Abu Saloh) took the town.",
                "Abu Saloh",
                None,
            ),
            // More than the name in the brackets.
            (
                "A unit led by Sirojiddin Mukhtarov (Abu Saloh, his alias) took the town.",
                "Abu Saloh",
                None,
            ),
        ] {
            let spans = annotator.spans(text);
            let got = spans
                .iter()
                .find(|s| s.text == alias)
                .map(|s| s.entity.as_str());
            assert_eq!(got, want, "{text:?}: {spans:?}");
        }
    }

    #[test]
    fn a_short_form_takes_the_full_name_the_document_gives() {
        let gazetteer = Gazetteer::builder()
            .default_gazetteers(false)
            .add_source(
                "t.tsv",
                "norway\tLOC\tcountry\tNorway\t\n\
                 no_council\tORG\tbody\tSupreme Council of Norway\t\n",
            )
            .build()
            .unwrap();
        let annotator = crate::Annotator::builder().build(gazetteer).unwrap();
        let three = "Norway, Norway and Norway joined.";
        // (text, the id of the first bare `Supreme Council` is a local id
        // of the full name, else this gazetteer id)
        for (text, full) in [
            // The full name may come before the short form or after it.
            (format!("{three} The Supreme Council met. The Supreme Nordic Trade Council is its top body."), true),
            (format!("{three} The Supreme Nordic Trade Council met. Later the Supreme Council met."), true),
            // A name with other first or last words is no full form of it.
            (format!("{three} The Supreme Council met. The Nordic Trade Council is its top body."), false),
            (format!("{three} The Supreme Council met."), false),
        ] {
            let spans = annotator.spans(&text);
            let got = spans
                .iter()
                .find(|s| s.text == "Supreme Council")
                .map(|s| (s.entity.as_str(), s.rule.as_deref()));
            let want = if full {
                ("doc:supreme_nordic_trade_council", Some(SHORT_OF_FULL))
            } else {
                ("no_council", Some(PARENT_IN_DOCUMENT))
            };
            assert_eq!(got, Some(want), "{text:?}");
        }
    }

    #[test]
    fn a_translation_in_brackets_is_another_name_of_the_body() {
        let annotator = norway_only();
        // (text, the gloss, whether it is a name of the body before it)
        for (text, gloss, named) in [
            (
                "He led Vorta (\"Homeland\"), a nationalist party, until 2010.",
                "Homeland",
                true,
            ),
            (
                "He led Vorta (“Homeland”), a nationalist party, until 2010.",
                "Homeland",
                true,
            ),
            // A name of capitalised words in brackets, unquoted.
            (
                "He led the Vorta party. Vorta (Homeland Union) won.",
                "Homeland Union",
                true,
            ),
            // One word, or words in lower case, are no name.
            (
                "He led the Vorta party. Vorta (Homeland) won.",
                "Homeland",
                false,
            ),
            (
                "He led the Vorta party. Vorta (in Homeland Union) won.",
                "in Homeland Union",
                false,
            ),
            // Not right after the name, or more than a name in the quotes.
            ("He led the Vorta party (\"Homeland\").", "Homeland", false),
            (
                "He led the Vorta party. Vorta (\"the homeland\") won.",
                "the homeland",
                false,
            ),
        ] {
            let spans = annotator.spans(text);
            let body = spans.iter().find(|s| s.text == "Vorta");
            let got = spans.iter().find(|s| s.text == gloss);
            assert!(body.is_some(), "{text:?}");
            assert_eq!(
                got.map(|s| (s.entity.as_str(), s.rule.as_deref())),
                named.then_some(("doc:vorta", Some(GLOSS_IN_BRACKETS))),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_surname_after_another_given_name_is_another_person() {
        let annotator = norway_only();
        // (text, the later mention, its span as wanted, its local id)
        for (text, later, want, id) in [
            (
                "Ivar Berggren said so. Later Olaf Berggren replied.",
                "Berggren replied",
                "Olaf Berggren",
                "doc:olaf_berggren",
            ),
            // The person's own given name, or none, is the same person.
            (
                "Ivar Berggren said so. Later Ivar Berggren replied.",
                "Berggren replied",
                "Ivar Berggren",
                "doc:ivar_berggren",
            ),
            (
                "Ivar Berggren said so. Later Berggren replied.",
                "Berggren replied",
                "Berggren",
                "doc:ivar_berggren",
            ),
            // A title is no given name.
            (
                "Ivar Berggren said so. Later President Berggren replied.",
                "Berggren replied",
                "Berggren",
                "doc:ivar_berggren",
            ),
        ] {
            let spans = annotator.spans(text);
            let end = text.find(later).unwrap() + "Berggren".len();
            let got = spans
                .iter()
                .find(|s| s.bytes.end == end)
                .map(|s| (s.text.as_str(), s.entity.as_str()));
            assert_eq!(got, Some((want, id)), "{text:?}");
        }
    }

    #[test]
    fn a_body_named_without_a_parent_the_document_names() {
        let gazetteer = Gazetteer::builder()
            .default_gazetteers(false)
            .add_source(
                "t.tsv",
                "norway\tLOC\tcountry\tNorway\tKingdom of Norway\n\
                 sweden\tLOC\tcountry\tSweden\t\n\
                 nordic_pact\tORG\talliance\tNordic Defence Pact\tNDP\n\
                 no_council\tORG\tbody\tSecurity Council of Norway\tSecurity Council of the Kingdom of Norway\n\
                 se_council\tORG\tbody\tSecurity Council of Sweden\t\n\
                 ndp_staff\tORG\tbody\tJoint Staff of the NDP\t\n\
                 ndp_secretariat\tORG\tbody\tSecretariat of the Nordic Defence Pact\t\n\
                 no_senate\tORG\tbody\tSenate of Norway\t\n\
                 un_secretariat\tORG\tbody\tUN Secretariat\t\n\
                 oslo\tLOC\tcity\tOslo\t\tlocated_in=norway\n\
                 bergen\tLOC\tcity\tBergen\t\tlocated_in=norway\n",
            )
            .build()
            .unwrap();
        let annotator = crate::Annotator::builder().build(gazetteer).unwrap();
        let three = "Norway, Norway and Norway met.";
        for (text, name, want) in [
            // The parent named three times or more makes the body its own.
            (format!("{three} The Security Council met."), "Security Council", Some("no_council")),
            // A heading on its own line, after a word that closes a sentence.
            (format!("{three} It ended in 2013.\n\nSecurity Council\n\nIn May it met."), "Security Council", Some("no_council")),
            // The parent under another of its names (`NDP`), and a name of
            // the patterns' lists (`Joint Staff`, `Secretariat`).
            ("The Nordic Defence Pact, the Nordic Defence Pact and the NDP met. The Joint Staff and the Secretariat sat in Oslo.".to_owned(), "Joint Staff", Some("ndp_staff")),
            ("The Nordic Defence Pact, the Nordic Defence Pact and the NDP met. The Joint Staff and the Secretariat sat in Oslo.".to_owned(), "Secretariat", Some("ndp_secretariat")),
            // Two bodies the text names have the word: the bare word names neither.
            ("The Nordic Defence Pact, the Nordic Defence Pact and the NDP met. Talks with the Secretariat were held in Oslo. The UN Secretariat and the Secretariat of the Nordic Defence Pact wrote.".to_owned(), "Secretariat", None),
            ("The Nordic Defence Pact, the Nordic Defence Pact and the NDP met. Talks with the Secretariat were held in Oslo.".to_owned(), "Secretariat", Some("ndp_secretariat")),
            // A parent named once or twice is not enough.
            ("Norway and Norway met. The Security Council met.".to_owned(), "Security Council", None),
            // Unless the document names what lies within it: its towns
            // count for it (`Senate`, a word of the patterns' lists too).
            ("Oslo, Bergen and Norway met. The Senate met.".to_owned(), "Senate", Some("no_senate")),
            ("Oslo, Bergen, Oslo and Norway met Sweden. The Security Council met.".to_owned(), "Security Council", Some("no_council")),
            // Two parents named as often: neither.
            (format!("{three} Sweden, Sweden and Sweden met. The Security Council met."), "Security Council", None),
            // A longer name: a capitalised word before or after, or `of` a name.
            (format!("{three} The National Security Council met."), "Security Council", None),
            (format!("{three} The Security Council Committee met."), "Security Council", None),
            (format!("{three} The Security Council of Denmark met."), "Security Council", None),
            // Not the word's whole: lower case.
            (format!("{three} The security council met."), "security council", None),
        ] {
            let spans = annotator.spans(&text);
            let got = spans.iter().find(|s| s.text == name);
            assert_eq!(got.map(|s| s.entity.as_str()), want, "{text:?}");
            if let Some(s) = got {
                assert_eq!(s.rule.as_deref(), Some(PARENT_IN_DOCUMENT), "{text:?}");
            }
        }
    }

    #[test]
    fn a_body_listed_under_another_form_of_its_parent() {
        let gazetteer = Gazetteer::builder()
            .default_gazetteers(false)
            .add_source(
                "t.tsv",
                "kyrgyzstan\tLOC\tcountry\tKyrgyzstan\tKyrgyz Republic\n\
                 tajikistan\tLOC\tcountry\tTajikistan\tRepublic of Tajikistan\n\
                 russia\tLOC\tcountry\tRussia\t\n\
                 kg_border\tORG\tagency\tBorder Service of Kyrgyzstan\t\n\
                 tj_border\tORG\tagency\tBorder Troops of Tajikistan\t\
                 Border Troops of the State Committee for National Security of Tajikistan\n\
                 tj_gknb\tORG\tagency\tState Committee for National Security of Tajikistan\t\
                 State Committee for National Security | \
                 State Committee for National Security of the Republic of Tajikistan\n\
                 tj_mvd\tORG\tministry\tMinistry of Internal Affairs of Tajikistan\t\n\
                 ru_mvd\tORG\tministry\tMinistry of Internal Affairs of Russia\t\n",
            )
            .build()
            .unwrap();
        let annotator = crate::Annotator::builder().build(gazetteer).unwrap();
        for (text, name, want) in [
            // The parent under another of its names.
            (
                "The Border Service of the Kyrgyz Republic said so.",
                "Border Service of the Kyrgyz Republic",
                "kg_border",
            ),
            (
                "The Border Troops of the State Committee for National Security \
                 of the Republic of Tajikistan said so.",
                "Border Troops of the State Committee for National Security of the Republic of Tajikistan",
                "tj_border",
            ),
            // The parent's name less its own parent.
            (
                "In Tajikistan and Russia, the Border Troops of the State Committee \
                 for National Security said so.",
                "Border Troops of the State Committee for National Security",
                "tj_border",
            ),
            // Two countries fit: a possessive decides ...
            (
                "Tajikistan, Tajikistan and Russia met. Russia's Ministry of Internal Affairs said so.",
                "Ministry of Internal Affairs",
                "ru_mvd",
            ),
            // ... or the country named at least twice as often as the other.
            (
                "Tajikistan, Tajikistan and Russia met. The Ministry of Internal Affairs said so.",
                "Ministry of Internal Affairs",
                "tj_mvd",
            ),
            // Neither: the name keeps its own id.
            (
                "Tajikistan and Russia met. The Ministry of Internal Affairs said so.",
                "Ministry of Internal Affairs",
                "doc:ministry_of_internal_affairs",
            ),
        ] {
            let spans = annotator.spans(text);
            let got = spans.iter().find(|s| s.text == name);
            assert_eq!(got.map(|s| s.entity.as_str()), Some(want), "{text:?}");
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
        // Russia and Belarus are the acronym's evidence.
        let spans = annotator.spans("Russia and Belarus joined ОДКБ");
        let got: Vec<(&str, SpanSource)> =
            spans.iter().map(|s| (s.text.as_str(), s.source)).collect();
        assert_eq!(
            got,
            [
                ("Russia", SpanSource::Gazetteer),
                ("Belarus", SpanSource::Gazetteer),
                ("ОДКБ", SpanSource::Gazetteer)
            ]
        );
    }
}
