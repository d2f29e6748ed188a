//! Document-local acronyms.
//!
//! A definition `Long Form (LF)`, `Long Form (LF; Tajik: …)`, `Long Form
//! (LF, also …)` or `LF (Long Form)`, whose long form is a mention of a
//! known entity (resolved first if ambiguous), makes that acronym name the entity from the
//! definition on, even where no gazetteer lists it and even where a
//! gazetteer gives the same letters to another entity. The letters must fit
//! the long form (Schwartz & Hearst, 2003), so `(IPT, in 1996-2002 ...)`
//! defines `IPT` only because I, P and T fit its long form, and `(2017)`
//! defines nothing.

use crate::matching::span::Mention;

use crate::lexicon::gazetteer::Gazetteer;
use crate::model::span::{Reason, SpanSource};
use crate::text::normalize::is_word_char;
use crate::text::translit;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// A definition found in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    pub acronym: String,
    pub entity: usize,
    /// Where the definition's acronym stands; later uses count from here.
    pub at: Range<usize>,
}

/// An acronym defined earlier in a document than the text at hand (in an
/// earlier chunk of a streamed file): (acronym, entity).
pub type Carried = (String, usize);

/// Finds the definitions among `mentions` (sorted, flat ones not nested) and
/// applies them: every use of a defined acronym from its definition on
/// becomes a mention of the entity. `earlier` definitions hold from the
/// start of `text`. Returns the definitions in force at the end of `text`.
pub fn apply(
    text: &str,
    mentions: &mut Vec<Mention>,
    earlier: &[Carried],
    gazetteer: &Gazetteer,
) -> Vec<Carried> {
    let mut defs: Vec<Definition> = earlier
        .iter()
        .map(|(acronym, entity)| Definition {
            acronym: acronym.clone(),
            entity: *entity,
            at: 0..0,
        })
        .collect();
    defs.extend(definitions(text, mentions, gazetteer));
    if !defs.is_empty() {
        let uses = all_uses(text, &defs);
        let mut index = Index::new(mentions);
        for (i, def) in defs.iter().enumerate() {
            // A later definition of the same letters takes over from there.
            let until = defs[i + 1..]
                .iter()
                .find(|d| d.acronym == def.acronym)
                .map_or(text.len(), |d| d.at.start);
            let list = uses
                .get(def.acronym.as_str())
                .map_or(&[][..], Vec::as_slice);
            let from = list.partition_point(|r| r.start < def.at.start);
            for range in list[from..].iter().take_while(|r| r.start < until) {
                mark(mentions, &mut index, range.clone(), def.entity);
            }
        }
    }
    mentions.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
    let mut carried = Vec::new();
    carry(&mut carried, defs);
    carried
}

/// Where the mentions are, so that marking a use costs a lookup and not a
/// pass over every mention (a long document has thousands of each).
struct Index {
    /// The first mention with each exact range.
    exact: HashMap<(usize, usize), usize>,
    /// Flat mentions by start: they never overlap one another.
    flat: BTreeMap<usize, usize>,
}

impl Index {
    fn new(mentions: &[Mention]) -> Index {
        let mut index = Index {
            exact: HashMap::new(),
            flat: BTreeMap::new(),
        };
        for (i, m) in mentions.iter().enumerate() {
            index.add(m, i);
        }
        index
    }

    fn add(&mut self, m: &Mention, i: usize) {
        self.exact.entry((m.range.start, m.range.end)).or_insert(i);
        if !m.nested {
            self.flat.insert(m.range.start, m.range.end);
        }
    }

    fn overlaps_flat(&self, r: &Range<usize>) -> bool {
        let before = self.flat.range(..=r.start).next_back();
        before.is_some_and(|(_, &end)| end > r.start)
            || self.flat.range(r.start..r.end).next().is_some()
    }
}

/// Every whole-word, case-sensitive use of each defined acronym, in text
/// order, found in one pass over the text.
fn all_uses<'d>(text: &str, defs: &'d [Definition]) -> HashMap<&'d str, Vec<Range<usize>>> {
    let mut letters: Vec<&str> = defs.iter().map(|d| d.acronym.as_str()).collect();
    letters.sort_unstable();
    letters.dedup();
    let mut out: HashMap<&str, Vec<Range<usize>>> = HashMap::new();
    // A contiguous NFA: the DFA the crate picks for few patterns took more
    // to build, once per document, than the one scan that uses it; the
    // kind changes no match.
    let Ok(ac) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(&letters)
    else {
        return out;
    };
    for m in ac.find_iter(text) {
        let r = m.range();
        let whole = !text[..r.start]
            .chars()
            .next_back()
            .is_some_and(is_word_char)
            && !text[r.end..].chars().next().is_some_and(is_word_char);
        if whole {
            out.entry(letters[m.pattern().as_usize()])
                .or_default()
                .push(r);
        }
    }
    out
}

fn mark(mentions: &mut Vec<Mention>, index: &mut Index, range: Range<usize>, entity: usize) {
    if let Some(&i) = index.exact.get(&(range.start, range.end)) {
        let m = &mut mentions[i];
        let was: Vec<usize> = m.entities().collect();
        if was == [entity] {
            return;
        }
        // The document's own definition beats the gazetteers' reading.
        let mut names: Vec<(usize, usize)> = vec![(entity, 0)];
        names.extend(m.names.iter().copied().filter(|&(e, _)| e != entity));
        if !was.contains(&entity) {
            m.source = SpanSource::Acronym;
        } else {
            names[0] = m
                .names
                .iter()
                .copied()
                .find(|&(e, _)| e == entity)
                .unwrap_or((entity, 0));
        }
        m.names = names;
        m.reason = Some(Reason::DefinedInDocument);
        return;
    }
    if !index.overlaps_flat(&range) {
        let m = Mention {
            range,
            names: vec![(entity, 0)],
            source: SpanSource::Acronym,
            reason: None,
            nested: false,
            dehyphenated: false,
            transliterated: false,
        };
        index.add(&m, mentions.len());
        mentions.push(m);
    }
}

/// The acronyms `text` defines among its `mentions`, each with the entity
/// of its last definition (what [`apply`] would carry on from `text`).
pub fn defined(text: &str, mentions: &[Mention], gazetteer: &Gazetteer) -> Vec<Carried> {
    let mut carried = Vec::new();
    carry(&mut carried, definitions(text, mentions, gazetteer));
    carried
}

/// Updates the definitions in force with later ones, in order.
pub fn carry(carried: &mut Vec<Carried>, later: impl IntoIterator<Item = impl Into<Carried>>) {
    for (acronym, entity) in later.into_iter().map(Into::into) {
        match carried.iter_mut().find(|(a, _)| *a == acronym) {
            Some(c) => c.1 = entity,
            None => carried.push((acronym, entity)),
        }
    }
}

impl From<Definition> for Carried {
    fn from(d: Definition) -> Carried {
        (d.acronym, d.entity)
    }
}

fn definitions(text: &str, mentions: &[Mention], gazetteer: &Gazetteer) -> Vec<Definition> {
    let mut defs = Vec::new();
    // An ambiguous long form counts once resolved: its first entity is then
    // the one chosen (`disambiguate::resolve_long_forms`).
    for m in mentions
        .iter()
        .filter(|m| !m.nested && (!m.is_ambiguous() || m.reason.is_some()))
    {
        let Some(entity) = m.entities().next() else {
            continue;
        };
        let long = &text[m.range.clone()];
        // `Long Form (LF)`
        if let Some(sf) = short_after(text, m.range.end) {
            if fits(&text[sf.clone()], long)
                || fits_another_name(&text[sf.clone()], entity, gazetteer)
            {
                let entity =
                    nested_spelled_out(text, mentions, m, &text[sf.clone()]).unwrap_or(entity);
                defs.push(Definition {
                    acronym: text[sf.clone()].to_owned(),
                    entity,
                    at: sf,
                });
                continue;
            }
        }
        // `LF (Long Form)`
        if let Some(sf) = short_before(text, m.range.clone()) {
            if fits(&text[sf.clone()], long) {
                defs.push(Definition {
                    acronym: text[sf.clone()].to_owned(),
                    entity,
                    at: sf,
                });
            }
        }
    }
    defs.sort_by_key(|d| d.at.start);
    defs
}

/// The entity of a name nested at the end of `m` whose capitalised words
/// spell `short` exactly, when `m`'s own words do not: in `Council of Heads
/// of State of the Shanghai Cooperation Organisation (SCO)` the letters
/// name the organisation, not its council.
fn nested_spelled_out(text: &str, mentions: &[Mention], m: &Mention, short: &str) -> Option<usize> {
    let spelled = |s: &str| -> String {
        s.split(|c: char| c.is_whitespace() || c == '-')
            .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
            .collect()
    };
    if spelled(&text[m.range.clone()]) == short {
        return None;
    }
    mentions
        .iter()
        .filter(|n| n.nested && n.range.end == m.range.end && n.range.start > m.range.start)
        .find(|n| spelled(&text[n.range.clone()]) == short)
        .and_then(|n| n.entities().next())
}

/// Whether an acronym in capitals fits another name of the entity than the
/// one written before it, romanised if it is Cyrillic: English texts keep
/// the Russian or Tajik acronym (`Ministry of Internal Affairs (MVD; …)`,
/// from `Министерство внутренних дел`). Only capitals: `(Tajikistan)`
/// after a ministry's name also has its letters in order.
fn fits_another_name(short: &str, entity: usize, gazetteer: &Gazetteer) -> bool {
    let n = short.chars().count();
    if !(2..=6).contains(&n) || !short.chars().all(|c| c.is_uppercase() && c.is_alphabetic()) {
        return false;
    }
    let Some(e) = gazetteer.entities().get(entity) else {
        return false;
    };
    e.aliases.iter().any(|a| {
        let name = if a.text.chars().any(translit::is_cyrillic) {
            a.text
                .split_whitespace()
                .map(|w| translit::romanise(w, translit::Scheme::BgnPcgn))
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            a.text.clone()
        };
        name.contains(' ') && fits(short, &name)
    })
}

/// The short form in brackets right after `end`: `(LF)` or `(LF, ...)`.
pub fn short_after(text: &str, end: usize) -> Option<Range<usize>> {
    let rest = &text[end..];
    let skipped = rest.len() - rest.trim_start_matches([' ', '\t', '\u{A0}']).len();
    let open = end + skipped;
    if !text[open..].starts_with('(') {
        return None;
    }
    let inner_start = open + 1;
    let inner = &text[inner_start..];
    let close = inner.find([')', ',', ';', '\n'])?;
    let candidate = inner[..close].trim_end();
    let lead = candidate.len() - candidate.trim_start().len();
    let sf = inner_start + lead..inner_start + candidate.len();
    is_short_form(&text[sf.clone()]).then_some(sf)
}

/// The short form right before a bracketed long form: `LF (Long Form)`.
fn short_before(text: &str, long: Range<usize>) -> Option<Range<usize>> {
    let before = text[..long.start].trim_end_matches([' ', '\t']);
    let before = before.strip_suffix('(')?;
    let after = text[long.end..].trim_start_matches([' ', '\t']);
    if !after.starts_with(')') {
        return None;
    }
    let before = before.trim_end_matches([' ', '\t', '\u{A0}']);
    let end = before.len();
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(is_word_char(c) || c == '-' || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let sf = start..end;
    is_short_form(&text[sf.clone()]).then_some(sf)
}

/// Schwartz & Hearst's short-form shape: 2 to 10 characters, at most two
/// words, starting with a letter or digit, with a capital letter in it.
fn is_short_form(s: &str) -> bool {
    let n = s.chars().count();
    (2..=10).contains(&n)
        && s.split_whitespace().count() <= 2
        && s.chars().next().is_some_and(char::is_alphanumeric)
        && s.chars().any(char::is_uppercase)
}

/// Whether the short form's letters appear in order in the long form, the
/// first one at the start of a word (Schwartz & Hearst's algorithm).
pub fn fits(short: &str, long: &str) -> bool {
    if short == long {
        return false;
    }
    let s: Vec<char> = short.chars().flat_map(char::to_lowercase).collect();
    let l: Vec<char> = long.chars().flat_map(char::to_lowercase).collect();
    let mut li = l.len() as isize - 1;
    let mut si = s.len() as isize - 1;
    while si >= 0 {
        let c = s[si as usize];
        if !c.is_alphanumeric() {
            si -= 1;
            continue;
        }
        while li >= 0
            && (l[li as usize] != c || (si == 0 && li > 0 && l[li as usize - 1].is_alphanumeric()))
        {
            li -= 1;
        }
        if li < 0 {
            return false;
        }
        li -= 1;
        si -= 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (short form, long form, fits)
    const FITS: &[(&str, &str, bool)] = &[
        ("CSTO", "Collective Security Treaty Organization", true),
        ("IPT", "Islamic Party (Movement) of Turkestan", true),
        (
            "ISPR",
            "Institute of Socio-Political Research of the Russian Academy of Sciences",
            true,
        ),
        ("RATS", "Regional Anti-Terrorist Structure", true),
        ("XYZ", "Collective Security Treaty Organization", false),
        ("2017", "Shanghai Cooperation Organization", false),
        (
            "OSCE",
            "Organization for Security and Co-operation in Europe",
            true,
        ),
        ("SCO", "SCO", false),
    ];

    #[test]
    fn schwartz_hearst_fit() {
        for (s, l, want) in FITS {
            assert_eq!(fits(s, l), *want, "{s} ~ {l}");
        }
    }

    fn mention(r: Range<usize>, e: usize) -> Mention {
        Mention::of(r, e)
    }

    #[test]
    fn definition_and_later_uses_become_mentions() {
        let text =
            "The RC was not yet named. The Regional Council (RC) met. The RC, again; not RCs.";
        let long = text.find("Regional Council").unwrap();
        let mut ms = vec![mention(long..long + "Regional Council".len(), 5)];
        let defs = apply(text, &mut ms, &[], &Gazetteer::default());
        assert_eq!(defs, [("RC".to_owned(), 5)]);
        let got: Vec<&str> = ms.iter().map(|m| &text[m.range.clone()]).collect();
        assert_eq!(got, ["Regional Council", "RC", "RC"]);
        assert!(ms[1..].iter().all(|m| m.source == SpanSource::Acronym));
    }

    #[test]
    fn an_acronym_in_capitals_may_fit_another_name_of_the_entity() {
        let gazetteer = Gazetteer::embedded().unwrap();
        let mvd = gazetteer
            .entities()
            .iter()
            .position(|e| e.id == "tajikistan_mvd")
            .unwrap();
        // (acronym, fits another name)
        for (short, want) in [
            ("MVD", true),
            ("XYZ", false),
            // Only capitals: a place in brackets is no acronym.
            ("Tajikistan", false),
            ("Mvd", false),
        ] {
            assert_eq!(fits_another_name(short, mvd, &gazetteer), want, "{short}");
        }
        assert!(!fits_another_name("MVD", usize::MAX, &gazetteer));
    }

    #[test]
    fn the_letters_name_the_nested_name_they_spell() {
        // (text, long form, nested name, entity the acronym defines)
        for (text, long, nested, want) in [
            (
                "The Board of the Regional Security Council (RSC) met.",
                "Board of the Regional Security Council",
                "Regional Security Council",
                7,
            ),
            // The outer name's own capitals spell it: it stays.
            (
                "The Border Regional Council (BRC) met.",
                "Border Regional Council",
                "Regional Council",
                5,
            ),
        ] {
            let at = text.find(long).unwrap();
            let inner = text.find(nested).unwrap();
            let mut inner_mention = mention(inner..inner + nested.len(), 7);
            inner_mention.nested = true;
            let mut ms = vec![mention(at..at + long.len(), 5), inner_mention];
            let defs = apply(text, &mut ms, &[], &Gazetteer::default());
            assert_eq!(defs.first().map(|d| d.1), Some(want), "{text}");
        }
    }

    #[test]
    fn brackets_that_are_not_definitions() {
        for text in [
            "the Regional Council (2017) met",
            "the Regional Council (see above) met",
        ] {
            let long = text.find("Regional Council").unwrap();
            let mut ms = vec![mention(long..long + 16, 5)];
            assert!(
                apply(text, &mut ms, &[], &Gazetteer::default()).is_empty(),
                "{text}"
            );
        }
    }

    #[test]
    fn acronym_before_bracketed_long_form() {
        let text = "the RC (Regional Council) said the RC";
        let long = text.find("Regional Council").unwrap();
        let mut ms = vec![mention(long..long + 16, 5)];
        apply(text, &mut ms, &[], &Gazetteer::default());
        let got: Vec<&str> = ms.iter().map(|m| &text[m.range.clone()]).collect();
        assert_eq!(got, ["RC", "Regional Council", "RC"]);
    }

    #[test]
    fn definition_overrides_another_entity_with_the_same_letters() {
        let text = "The Regional Council (RC) met. The RC said.";
        let long = text.find("Regional").unwrap();
        let rc = text.rfind("RC").unwrap();
        let mut ms = vec![mention(long..long + 16, 5), mention(rc..rc + 2, 9)];
        apply(text, &mut ms, &[], &Gazetteer::default());
        let last = ms.iter().find(|m| m.range.start == rc).unwrap();
        assert_eq!(last.names[0].0, 5);
        assert_eq!(last.reason, Some(Reason::DefinedInDocument));
    }

    #[test]
    fn a_definition_carried_from_earlier_text_holds_until_redefined() {
        let text = "The RC said so. The Roads Committee (RC) disagreed. The RC.";
        let long = text.find("Roads").unwrap();
        let mut ms = vec![mention(long..long + 15, 7)];
        let out = apply(
            text,
            &mut ms,
            &[("RC".to_owned(), 5)],
            &Gazetteer::default(),
        );
        let got: Vec<(&str, usize)> = ms
            .iter()
            .map(|m| (&text[m.range.clone()], m.names[0].0))
            .collect();
        assert_eq!(
            got,
            [("RC", 5), ("Roads Committee", 7), ("RC", 7), ("RC", 7)]
        );
        assert_eq!(out, [("RC".to_owned(), 7)]);
    }
}
