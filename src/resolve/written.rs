//! Gazetteer matches that the text's own writing refuses.
//!
//! Matching folds case, so that a name in a heading in capitals
//! (`MINISTRY OF DEFENCE`) is still found. The guidelines leave out a
//! generic phrase in lower case all the same: `the armed forces of the
//! Republic of Kazakhstan` is no name of the armed forces, `northern
//! Cyprus` no name of Northern Cyprus. And a place's name that a number follows with a
//! hyphen is an exercise's or a plan's code name (`"Amudarya-2027"`),
//! not the place.

use crate::lexicon::gazetteer::{EntityIdx, Gazetteer};
use crate::matching::span::Mention;
use crate::model::schema::Label;
use crate::text::demonyms::ADJECTIVES;

/// Whether `written` opens in lower case where `alias` opens with a
/// capital (`armed forces of the Republic of Kazakhstan` for `Armed
/// Forces of the Republic of Kazakhstan`), or ends in a place's kind in
/// lower case where the alias has it capitalised (`Rasht valley`). A name
/// written in sentence case is still the name (`Regional anti-terrorist
/// structure`, `Manas transit centre`), but not after an adjective of
/// nationality: `the Russian interior ministry` and `Tajik border
/// guards` describe a body without naming it, as the guidelines read them
/// (`Russian Interior Ministry` is the name). Letters that have no case
/// count as neither.
pub fn lowers_a_capital(written: &str, alias: &str) -> bool {
    if opens_upper(alias) && opens_lower(written) {
        return true;
    }
    if describes_after_adjective(written, alias) {
        return true;
    }
    // A place's kind written in lower case after its name is a
    // descriptor, not part of the name (`the Rasht valley` for `Rasht
    // Valley`): the guidelines leave it out.
    lower_kind_at_end(written).is_some() && alias.split_whitespace().last().is_some_and(opens_upper)
}

fn opens_lower(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

fn opens_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// The last word of `written`, a name of more than one word, when it is a
/// place's kind in lower case (`valley` in `Rasht valley`).
fn lower_kind_at_end(written: &str) -> Option<&str> {
    let last = written.split_whitespace().last()?;
    (written.contains(char::is_whitespace) && opens_lower(last) && PLACE_KINDS.contains(&last))
        .then_some(last)
}

/// The words after the first when `written` opens with an adjective of
/// [`ADJECTIVES`] and has more words (`armed forces` in `Russian armed
/// forces`).
fn after_adjective(written: &str) -> Option<Vec<&str>> {
    let mut words = written.split_whitespace();
    let first = words.next()?;
    let rest: Vec<&str> = words.collect();
    (ADJECTIVES.contains(&first) && !rest.is_empty()).then_some(rest)
}

/// Whether `written` is an adjective of [`ADJECTIVES`] and words all in
/// lower case where `alias` capitalises every word after its first
/// (`Russian armed forces` for `Russian Armed Forces`).
fn describes_after_adjective(written: &str, alias: &str) -> bool {
    let Some(rest) = after_adjective(written) else {
        return false;
    };
    let alias_rest: Vec<&str> = alias.split_whitespace().skip(1).collect();
    rest.len() == alias_rest.len()
        && rest.iter().all(|w| opens_lower(w))
        && alias_rest.iter().all(|w| opens_upper(w))
}

/// Whether [`lowers_a_capital`] can refuse any alias for `written`: it
/// opens in lower case, ends in a place's kind in lower case, or opens
/// with an adjective of [`ADJECTIVES`]. Most names are written with a
/// capital and none of these, and then none of the aliases of their
/// candidates need be read.
fn may_lower_a_capital(written: &str) -> bool {
    opens_lower(written)
        || after_adjective(written).is_some()
        || lower_kind_at_end(written).is_some()
}

/// The words for a place's kind that a name may end in (`Rasht Valley`).
const PLACE_KINDS: &[&str] = &[
    "region",
    "oblast",
    "province",
    "district",
    "valley",
    "river",
    "lake",
    "mountains",
    "range",
    "gorge",
    "pass",
    "basin",
    "desert",
    "plateau",
    "reservoir",
    "canal",
    // `Karshi-Khanabad air base`: an airfield's kind stays out as a
    // valley's does.
    "base",
    "airbase",
    "airfield",
    "airport",
];

/// Whether a number follows the name at `end` after a hyphen (`-2027`).
fn code_name_at(text: &str, end: usize) -> bool {
    text[end..]
        .strip_prefix(['-', '‐', '‑'])
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// Keeps only the acronyms among `names` when `written` is one word in
/// capitals and some name is an acronym written so: `GUAM` is the
/// organisation whose acronym it is, not the island `Guam` matched with
/// its case folded.
fn prefer_acronym(written: &str, gazetteer: &Gazetteer, names: &mut Vec<(EntityIdx, usize)>) {
    let capitals = written.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && written
            .chars()
            .all(|c| c.is_uppercase() || !c.is_alphabetic());
    if !capitals || names.len() < 2 {
        return;
    }
    let exact = |&(e, a): &(EntityIdx, usize)| {
        gazetteer
            .entity(e)
            .aliases
            .get(a)
            .is_some_and(|alias| alias.case_sensitive && alias.text == written)
    };
    if names.iter().any(exact) {
        names.retain(exact);
    }
}

/// Drops from each mention the names its text writes against (see the
/// module), and the mentions left with none or followed by a code
/// number.
pub fn keep_as_written(text: &str, gazetteer: &Gazetteer, mentions: &mut Vec<Mention>) {
    // Where the places among the candidates start and end, for a body's
    // name whose place owns what follows (`Border Troops of Uzbekistan's
    // State Security Service`).
    let places: Vec<std::ops::Range<usize>> = mentions
        .iter()
        .filter(|m| {
            m.names
                .iter()
                .any(|&(e, _)| gazetteer.entity(e).label == Label::LOC)
        })
        .map(|m| m.range.clone())
        .collect();
    mentions.retain_mut(|m| {
        if code_name_at(text, m.range.end) {
            return false;
        }
        if place_owns_what_follows(text, gazetteer, m, &places) {
            return false;
        }
        let written = &text[m.range.clone()];
        prefer_acronym(written, gazetteer, &mut m.names);
        if !may_lower_a_capital(written) {
            return !m.names.is_empty();
        }
        // Any alias of the entity that folds to the same key may be the
        // one written (`al-Qaeda` and `Al-Qaeda`).
        m.names.retain(|&(e, a)| {
            let aliases = &gazetteer.entity(e).aliases;
            aliases.get(a).map_or(true, |alias| {
                aliases
                    .iter()
                    .filter(|b| b.key == alias.key)
                    .any(|b| !lowers_a_capital(written, &b.text))
            })
        });
        !m.names.is_empty()
    });
}

/// Whether `m` names only organisations, ends in `of (the)` and a place,
/// and a possessive and a capitalised word follow it (`Border Troops of
/// Uzbekistan's State Security Service`): the place owns the body after
/// it, so the name before ends before `of` (`Border Troops`), and the
/// place is a name of its own.
fn place_owns_what_follows(
    text: &str,
    gazetteer: &Gazetteer,
    m: &Mention,
    places: &[std::ops::Range<usize>],
) -> bool {
    let after = &text[m.range.end..];
    let owns = ["'s ", "’s "].iter().any(|p| {
        after
            .strip_prefix(p)
            .is_some_and(|rest| rest.starts_with(char::is_uppercase))
    });
    owns && !m.names.is_empty()
        && m.names
            .iter()
            .all(|&(e, _)| gazetteer.entity(e).label == Label::ORG)
        && places.iter().any(|p| {
            p.end == m.range.end
                && p.start > m.range.start
                && [" of ", " of the "]
                    .iter()
                    .any(|of| text[m.range.start..p.start].ends_with(of))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_against_a_capital() {
        // (written, alias, refused)
        let cases = [
            (
                "armed forces of the Republic of Kazakhstan",
                "Armed Forces of the Republic of Kazakhstan",
                true,
            ),
            ("Islamic state", "Islamic State", false),
            (
                "Regional anti-terrorist structure",
                "Regional Anti-Terrorist Structure",
                false,
            ),
            ("northern Cyprus", "Northern Cyprus", true),
            ("tribal areas of Pakistan", "Tribal Areas of Pakistan", true),
            ("MINISTRY OF DEFENCE", "Ministry of Defence", false),
            ("Ministry of Defence", "Ministry of Defence", false),
            ("Fergana valley", "Fergana valley", false),
            ("Rasht valley", "Rasht Valley", true),
            ("Vessik air base", "Vessik Air Base", true),
            ("Vessik Air Base", "Vessik Air Base", false),
            ("Batken region", "Batken Region", true),
            ("Manas transit centre", "Manas Transit Centre", false),
            ("al-Qaeda", "Al-Qaeda", true),
            ("al-Qaeda", "al-Qaeda", false),
            (
                "Kazakh border guards",
                "Kazakh Border Guards Service",
                false,
            ),
            ("Russian armed forces", "Russian Armed Forces", true),
            (
                "Russian interior ministry",
                "Russian Interior Ministry",
                true,
            ),
            ("Tajik border guards", "Tajik Border Guards", true),
            ("Russian Armed Forces", "Russian Armed Forces", false),
            ("Tajik border guards", "Border Guards of Tajikistan", false),
            ("Алматы", "Almaty", false),
        ];
        for (written, alias, refused) in cases {
            assert_eq!(
                lowers_a_capital(written, alias),
                refused,
                "{written} / {alias}"
            );
            // No alias is refused where the shortcut says none can be.
            assert!(!refused || may_lower_a_capital(written), "{written}");
        }
        assert!(!may_lower_a_capital("Manas transit centre"));
        assert!(!may_lower_a_capital("Алматы"));
    }

    #[test]
    fn a_word_in_capitals_is_the_acronym_not_a_folded_name() {
        let g = Gazetteer::builder()
            .default_gazetteers(false)
            .add_source(
                "t.tsv",
                "isle\tLOC\tterritory\tGuam\n\
                 org\tORG\torganization\tGUAM Organization\t=GUAM\n",
            )
            .build()
            .unwrap();
        // (written, names left: 0 the island, 1 the organisation)
        for (written, want) in [("GUAM", vec![1]), ("Guam", vec![0]), ("guam", vec![0])] {
            // The matcher's candidates for the written form.
            let mut names: Vec<(EntityIdx, usize)> = vec![(0, 0)];
            if written == "GUAM" {
                names.push((1, 1));
            }
            prefer_acronym(written, &g, &mut names);
            let got: Vec<EntityIdx> = names.iter().map(|&(e, _)| e).collect();
            assert_eq!(got, want, "{written}");
        }
    }

    #[test]
    fn code_names_after_a_hyphen() {
        // (text, end of the name, a code name)
        let cases = [
            ("\"Amudarya-2027\" will be held", 9, true),
            ("Issyk-Kul is a lake", 9, false),
            ("the Amudarya-Panj basin", 12, false),
            ("Amudarya", 8, false),
        ];
        for (text, end, code) in cases {
            assert_eq!(code_name_at(text, end), code, "{text}");
        }
    }
}
