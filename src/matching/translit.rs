//! Matching through the transliteration view: a Cyrillic name that a
//! gazetteer lists only in Latin letters (`Ташкента` → `Tashkent`).
//!
//! The Latin aliases are indexed word by word, each word of a Cyrillic
//! run is romanised into its few forms ([`forms`]), and an alias matches
//! where every one of its words is among the forms of the next Cyrillic
//! word. Word by word, because each word of an inflected name may or may
//! not be inflected (`Эмомали Рахмона`: the given name is not, the surname
//! is). The view holds Cyrillic words only, so Latin text never matches
//! here; the usual matcher has it.

use crate::lexicon::gazetteer::{EntityIdx, Gazetteer};
use crate::matching::matcher::Candidate;
use crate::text::translit::{cyrillic_words, forms};
use std::ops::Range;

/// The fewest letters a Latin alias needs to be matched from Cyrillic,
/// unless it is an acronym (`ODKB`, `SNG`): a three-letter word
/// (`Рим`, `Мир`) is too easily a common word.
const MIN_LETTERS: usize = 4;

/// One Latin alias: the entity alias it is, found again in the gazetteer
/// when a word's form has its first word's hash. Aliases that share a key
/// stay apart: a match merges the names of every entry of its length
/// anyway.
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// The hash of the key's first word ([`word_hash`]).
    first: u64,
    /// An acronym (`ODKB`) matches a word in capitals only (`ОДКБ`).
    acronym: bool,
    name: (EntityIdx, usize),
}

/// The Latin aliases of a gazetteer, by the hash of their first word.
#[derive(Debug, Default)]
pub(crate) struct TranslitIndex {
    /// Sorted by `first`.
    entries: Vec<Entry>,
}

impl TranslitIndex {
    /// Indexes every Latin alias that is matched in any case, and the
    /// acronyms. Any other case-sensitive alias is a common word (`Bar`,
    /// `Split`) and stays out: a Cyrillic word that romanises to it is
    /// that word.
    ///
    /// It is built while the first Cyrillic document waits, so each alias
    /// is looked at once, the cheap refusals first, and nothing is
    /// allocated for one alias: the keys stay in the gazetteer.
    pub(crate) fn new(gazetteer: &Gazetteer) -> TranslitIndex {
        let mut entries = Vec::new();
        for (e, entity) in gazetteer.entities().iter().enumerate() {
            for (i, alias) in entity.aliases.iter().enumerate() {
                let key = alias.key.as_str();
                let Some(letters) = latin_letters(key) else {
                    continue;
                };
                let acronym = !key.contains(' ') && is_capitals(&alias.text);
                if !acronym && (alias.case_sensitive || letters < MIN_LETTERS) {
                    continue;
                }
                entries.push(Entry {
                    first: word_hash(split_key(key).0),
                    acronym,
                    name: (e, i),
                });
            }
        }
        entries.sort_unstable_by_key(|entry| entry.first);
        TranslitIndex { entries }
    }

    /// The Latin aliases found in the Cyrillic words of `text`,
    /// leftmost-longest, none overlapping. Every word of a match starts
    /// with a capital, as names do in Cyrillic text.
    pub(crate) fn candidates(&self, text: &str, gazetteer: &Gazetteer) -> Vec<Candidate> {
        let words = cyrillic_words(text);
        if words.is_empty() || self.entries.is_empty() {
            return Vec::new();
        }
        let capital = |r: &Range<usize>| {
            text[r.clone()]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        };
        // Only a capitalised word can be part of a name here: the others
        // have no forms.
        let form_of: Vec<Vec<String>> = words
            .iter()
            .map(|r| {
                if capital(r) {
                    forms(&text[r.clone()])
                } else {
                    Vec::new()
                }
            })
            .collect();
        // Words of one name: only white space between, no blank line.
        let joined = |a: &Range<usize>, b: &Range<usize>| {
            let gap = &text[a.end..b.start];
            !gap.is_empty() && gap.chars().all(char::is_whitespace) && gap.matches('\n').count() < 2
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let mut best: Option<(usize, Vec<(EntityIdx, usize)>)> = None;
            for f in &form_of[i] {
                let h = word_hash(f);
                let from = self.entries.partition_point(|e| e.first < h);
                for entry in self.entries[from..].iter().take_while(|e| e.first == h) {
                    let (e, a) = entry.name;
                    let (first, rest) = split_key(&gazetteer.entity(e).aliases[a].key);
                    if first != f.as_str() {
                        continue;
                    }
                    if entry.acronym && text[words[i].clone()].chars().any(char::is_lowercase) {
                        continue;
                    }
                    let rest = rest.into_iter().flat_map(|r| r.split(' '));
                    let mut n = 0;
                    let mut fits = true;
                    for (j, word) in (1..).zip(rest) {
                        n = j;
                        fits = i + j < words.len()
                            && joined(&words[i + j - 1], &words[i + j])
                            && form_of[i + j].iter().any(|f| f == word);
                        if !fits {
                            break;
                        }
                    }
                    if !fits {
                        continue;
                    }
                    match &mut best {
                        Some((len, names)) if *len == n + 1 => names.push(entry.name),
                        Some((len, _)) if *len > n + 1 => {}
                        _ => best = Some((n + 1, vec![entry.name])),
                    }
                }
            }
            match best {
                Some((len, mut names)) => {
                    names.sort_unstable();
                    names.dedup();
                    out.push(Candidate {
                        range: words[i].start..words[i + len - 1].end,
                        names,
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// A key's first word and, if it has more, the rest after the first space.
fn split_key(key: &str) -> (&str, Option<&str>) {
    match key.split_once(' ') {
        Some((first, rest)) => (first, Some(rest)),
        None => (key, None),
    }
}

/// FNV-1a: the index needs a hash that is the same on every run and cheap
/// on short words, not one that resists collisions (every hit is checked).
fn word_hash(word: &str) -> u64 {
    word.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// How many letters `key` has, if it is Latin: at least one ASCII letter,
/// and no letter of another script.
fn latin_letters(key: &str) -> Option<usize> {
    let mut letters = 0;
    let mut ascii_letter = false;
    for c in key.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                letters += 1;
                ascii_letter = true;
            }
        } else if c.is_alphabetic() {
            if !latin(c) {
                return None;
            }
            letters += 1;
        }
    }
    ascii_letter.then_some(letters)
}

/// Whether `text` is written in capitals, with three letters or more.
fn is_capitals(text: &str) -> bool {
    let mut letters = 0;
    for c in text.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 3
}

/// A Latin letter with a diacritic, as the scholarly forms have (`ž`, `š`).
fn latin(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_names_find_latin_aliases() {
        let g = Gazetteer::builder()
            .default_gazetteers(false)
            .add_source(
                "t.tsv",
                "tashkent\tLOC\tcity\tTashkent\n\
                 rahmon\tPER\tperson\tEmomali Rahmon\tEmomali Rakhmon\n\
                 tokayev\tPER\tperson\tKassym-Jomart Tokayev\tKasym-Zhomart Tokaev\n\
                 csto\tORG\talliance\tCollective Security Treaty Organization\tODKB\n\
                 bar\tLOC\tcity\tBar\n",
            )
            .build()
            .unwrap();
        let index = TranslitIndex::new(&g);
        // (text, the matches as (text, entity id))
        for (text, want) in [
            ("Визит в Ташкент.", vec![("Ташкент", "tashkent")]),
            ("Из Ташкента вылетел.", vec![("Ташкента", "tashkent")]),
            (
                "Встреча с Эмомали Рахмоном.",
                vec![("Эмомали Рахмоном", "rahmon")],
            ),
            (
                "Касым-Жомарт Токаев заявил.",
                vec![("Касым-Жомарт Токаев", "tokayev")],
            ),
            ("Учения ОДКБ прошли.", vec![("ОДКБ", "csto")]),
            ("Одкб", vec![]),
            // Lower case is no name; a blank line parts two words.
            ("в ташкенте", vec![]),
            ("Эмомали\n\nРахмон", vec![]),
            // A case-sensitive alias (a common word) is not romanised to.
            ("Бар закрыт.", vec![]),
            // Latin text never passes through the view.
            ("Tashkent and Emomali Rakhmon.", vec![]),
        ] {
            let got: Vec<(&str, &str)> = index
                .candidates(text, &g)
                .into_iter()
                .map(|c| (&text[c.range], g.entity(c.names[0].0).id.as_str()))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }
}
