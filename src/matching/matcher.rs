//! The matcher: one trie over every normalised alias, built once and shared
//! by all threads, walked over the normalised view of a document.
//!
//! A name can only start where a word starts, so instead of an
//! Aho-Corasick scan that reports every alias ending at every byte (most of
//! them inside other words, to be thrown away), the matcher walks a
//! double-array trie ([`yada`]) from each word start and stops as soon as no
//! alias continues. That is the "word-start anchored walk": it looks at far
//! fewer bytes than a full automaton scan, the trie needs no failure links
//! (smaller and faster to build), and its bytes can be cached as they are.
//!
//! It reports *candidates*: every occurrence of an alias that is a whole word
//! and, for case-sensitive aliases, has the right case. Choosing among
//! overlapping candidates is the next step's job ([`crate::matching::span`]), so that
//! a case check that fails never hides a shorter match behind it.

use crate::error::{Error, Result};
use crate::lexicon::codec::{Bad, Dec, Enc};
use crate::lexicon::gazetteer::{Alias, EntityIdx, Gazetteer};
use crate::matching::trie::Trie;
use crate::text::demonyms::ADJECTIVES;
use crate::text::normalize::{is_unspaced, is_word_char, normalize_str, Normalized, Options};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// The most names kept over any one place of a text, the flat one
/// included: the longest at each start, then nested names only while fewer
/// than this many cover their start. Real prose nests two or three deep
/// (`Press Service of the Embassy of Russia in Kyrgyzstan`); the bound
/// keeps the work and the output linear in the text when a gazetteer nests
/// hundreds of aliases in one another.
pub const MAX_DEPTH: usize = 8;

/// One alias of one entity behind an automaton pattern.
#[derive(Clone, Debug)]
struct Variant {
    entity: EntityIdx,
    alias: usize,
    /// The alias in the case-preserving view, for case-sensitive aliases.
    cased: Option<String>,
}

/// A distinct normalised alias, with every entity alias that normalises to it.
#[derive(Clone, Debug)]
struct Pattern {
    variants: Vec<Variant>,
}

/// A whole-word occurrence of an alias, in original byte offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub range: Range<usize>,
    /// The entities it may name, as (entity, alias index), in gazetteer order.
    pub names: Vec<(EntityIdx, usize)>,
}

/// A compiled matcher for a gazetteer.
#[derive(Clone)]
pub struct Matcher {
    trie: Trie,
    patterns: Vec<Pattern>,
    /// The first words of the aliases, as a bit per hash: a word start
    /// whose word has its bit clear begins no alias, and is dismissed
    /// without walking the trie. Most words of prose are dismissed here.
    first_words: WordFilter,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("patterns", &self.patterns.len())
            .field("trie_bytes", &self.trie.heap_bytes())
            .field("filter_bytes", &(self.first_words.bits.len() * 8))
            .finish()
    }
}

/// Whether `key` is two other aliases of the same entity joined by a
/// slash (`Radio Free Europe/Radio Liberty`). The guidelines make names
/// joined by a slash separate spans, so such an alias is no key of its
/// own: its halves match as two mentions of the entity. A slash acronym
/// (`RFE/RL`) whose halves are no aliases stays one key.
fn joins_two_aliases(key: &str, aliases: &[Alias]) -> bool {
    let Some((left, right)) = key.split_once('/') else {
        return false;
    };
    let is_alias = |half: &str| {
        let half = half.trim();
        !half.is_empty() && !half.contains('/') && aliases.iter().any(|a| a.key == half)
    };
    is_alias(left) && is_alias(right)
}

impl Matcher {
    pub fn new(gazetteer: &Gazetteer) -> Result<Matcher> {
        let mut keys: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (e, entity) in gazetteer.entities().iter().enumerate() {
            for (a, alias) in entity.aliases.iter().enumerate() {
                let key = &alias.key;
                if joins_two_aliases(key, &entity.aliases) {
                    continue;
                }
                let variant = Variant {
                    entity: e,
                    alias: a,
                    cased: alias
                        .case_sensitive
                        .then(|| normalize_str(&alias.text, Options::CASED)),
                };
                let p = match index.get(key.as_str()) {
                    Some(&p) => p,
                    None => {
                        index.insert(key.clone(), patterns.len());
                        keys.push(key.clone());
                        patterns.push(Pattern { variants: vec![] });
                        patterns.len() - 1
                    }
                };
                patterns[p].variants.push(variant);
            }
        }
        let mut keyset: Vec<(&[u8], u32)> = Vec::with_capacity(keys.len());
        for (i, key) in keys.iter().enumerate() {
            if key.is_empty() {
                continue;
            }
            let value = u32::try_from(i).map_err(|_| Error::TooManyAliases)?;
            keyset.push((key.as_bytes(), value));
        }
        let mut first_words = WordFilter::new();
        for (key, _) in &keyset {
            if let Ok(key) = std::str::from_utf8(key) {
                let end = word_end(key, 0);
                if end > 0 {
                    first_words.insert(&key.as_bytes()[..end]);
                }
            }
        }
        Ok(Matcher {
            trie: Trie::build(&keyset),
            patterns,
            first_words,
        })
    }

    /// The memory it holds, in bytes (about).
    pub fn heap_bytes(&self) -> usize {
        let variants: usize = self
            .patterns
            .iter()
            .flat_map(|p| &p.variants)
            .map(|v| std::mem::size_of::<Variant>() + v.cased.as_ref().map_or(0, String::len))
            .sum();
        self.trie.heap_bytes()
            + self.first_words.bits.len() * 8
            + self.patterns.len() * std::mem::size_of::<Pattern>()
            + variants
    }

    /// Writes the matcher for the cache ([`crate::matching::cache`]).
    pub(crate) fn encode(&self, e: &mut Enc) {
        e.u64(self.patterns.len() as u64);
        for p in &self.patterns {
            e.u64(p.variants.len() as u64);
            for v in &p.variants {
                e.u64(v.entity as u64);
                e.u64(v.alias as u64);
                match &v.cased {
                    Some(c) => {
                        e.u64(1);
                        e.str(c);
                    }
                    None => e.u64(0),
                }
            }
        }
        e.bytes(&self.trie.to_bytes());
        e.u64(self.first_words.bits.len() as u64);
        for w in &self.first_words.bits {
            e.u64(*w);
        }
    }

    /// Reads back what [`encode`](Self::encode) wrote for `gazetteer`,
    /// checking every index against it.
    pub(crate) fn decode(d: &mut Dec<'_>, gazetteer: &Gazetteer) -> Result<Matcher, Bad> {
        let entities = gazetteer.entities();
        let mut patterns = Vec::new();
        for _ in 0..d.len()? {
            let mut variants = Vec::new();
            for _ in 0..d.len()? {
                let entity = d.len()?;
                let alias = d.len()?;
                let ok = entities
                    .get(entity)
                    .is_some_and(|e| alias < e.aliases.len());
                if !ok {
                    return Err(Bad);
                }
                let cased = match d.u64()? {
                    0 => None,
                    _ => Some(d.string()?),
                };
                variants.push(Variant {
                    entity,
                    alias,
                    cased,
                });
            }
            patterns.push(Pattern { variants });
        }
        let trie = Trie::from_bytes(d.bytes()?).map_err(|_| Bad)?;
        let words = d.len()?;
        if words != WordFilter::WORDS {
            return Err(Bad);
        }
        let mut bits = Vec::with_capacity(words);
        for _ in 0..words {
            bits.push(d.u64()?);
        }
        Ok(Matcher {
            trie,
            patterns,
            first_words: WordFilter { bits },
        })
    }

    /// All candidates in `original`, whose normalised view is `view`, in
    /// text order of their starts; the same range may appear twice.
    pub fn candidates(&self, original: &str, view: &Normalized) -> Vec<Candidate> {
        let norm = view.as_str();
        let bytes = norm.as_bytes();
        let mut out = Vec::new();
        let mut scratch = Vec::new();
        // Where candidates end right before a hyphen: a name after that
        // hyphen joins them (`China-Kyrgyzstan`), see [`joins_after_hyphen`].
        let mut before_hyphen = HashSet::new();
        let mut at = |i: usize| {
            self.candidates_at(
                original,
                view,
                i,
                &mut scratch,
                &mut out,
                &mut before_hyphen,
            )
        };
        let mut prev_word = false;
        let mut prev_unspaced = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // Word-ness of this character, decoded only off the ASCII path.
            let (word, unspaced, len) = if b.is_ascii() {
                (is_ascii_word(b), false, 1)
            } else {
                let c = norm[i..].chars().next().unwrap_or(' ');
                (is_word_char(c), is_unspaced(c), c.len_utf8())
            };
            let inside_word = prev_word && !prev_unspaced;
            if word && !unspaced && !inside_word {
                // A word starts here: an alias can start here only if its
                // first word is this whole word (or it would end inside it).
                let end = word_end(norm, i);
                if self.first_words.may_contain(&bytes[i..end]) {
                    at(i);
                }
                // No alias starts inside a word of a spaced script.
                prev_word = true;
                prev_unspaced = false;
                i = end;
                continue;
            }
            let may_start = !word || unspaced || !inside_word;
            if may_start && self.trie.starts_with_byte(b) {
                at(i);
            }
            prev_word = word;
            prev_unspaced = unspaced;
            i += len;
        }
        out
    }

    /// The candidates starting at byte `ns` of the normalised text.
    fn candidates_at(
        &self,
        original: &str,
        view: &Normalized,
        ns: usize,
        scratch: &mut Vec<(u32, usize)>,
        out: &mut Vec<Candidate>,
        before_hyphen: &mut HashSet<usize>,
    ) {
        let norm = view.as_str();
        let left = boundary_before(norm, ns);
        if left == Boundary::No {
            return;
        }
        if left == Boundary::IfCapital && !joins_after_hyphen(original, view, ns, before_hyphen) {
            return;
        }
        let bytes = norm.as_bytes();
        // Longest first, and no more than can be kept (see [`MAX_DEPTH`]):
        // a gazetteer of nested aliases (`A`, `A A`, `A A A`, ...) would
        // otherwise give a candidate per alias at every word.
        scratch.clear();
        scratch.extend(self.trie.prefixes(&bytes[ns..]));
        let mut kept = 0;
        for &(pattern, len) in scratch.iter().rev() {
            if kept == MAX_DEPTH {
                break;
            }
            let ne = ns + len;
            // Most prefixes found end inside a word (`a` in `and`): reject
            // those before decoding anything.
            if ne < bytes.len() && is_ascii_word(bytes[ne]) && is_ascii_word(bytes[ne - 1]) {
                continue;
            }
            let right = boundary_after(norm, ne);
            if right == Boundary::No || ends_before_possessive_s(bytes, ne) {
                continue;
            }
            let Some(range) = view.original_range(ns..ne) else {
                continue;
            };
            let slice = &original[range.clone()];
            // A hyphen between two words joins them unless the name starts
            // with a capital (`pro-Iran`, not `state-of-the-art`); before
            // the hyphen a capital inside the name will do
            // (`al-Qaeda-linked`).
            let lower_start = slice.chars().next().is_some_and(char::is_lowercase);
            if (left == Boundary::IfCapital && lower_start)
                || (right == Boundary::IfCapital
                    && lower_start
                    && !slice.chars().any(char::is_uppercase))
            {
                continue;
            }
            let Some(pattern) = self.patterns.get(pattern as usize) else {
                continue;
            };
            let mut cased: Option<String> = None;
            let names: Vec<(EntityIdx, usize)> = pattern
                .variants
                .iter()
                .filter(|v| match &v.cased {
                    None => true,
                    Some(want) => {
                        let got = cased.get_or_insert_with(|| normalize_str(slice, Options::CASED));
                        got == want || in_capitals(got, want)
                    }
                })
                .map(|v| (v.entity, v.alias))
                .collect();
            if !names.is_empty() {
                if bytes.get(ne) == Some(&b'-') {
                    before_hyphen.insert(range.end);
                }
                out.push(Candidate { range, names });
                kept += 1;
            }
        }
    }
}

/// Whether `got` is the case-sensitive alias `want` of several words written
/// in capitals, as a title or a heading writes a name (`ISLAMIC STATE
/// KHORASAN PROVINCE`): the key already matched, so only the case differs.
/// A one-word alias stays as written: most are case-sensitive because they
/// are common words (`Turkey`, `Nice`), and a heading in capitals is
/// full of those.
fn in_capitals(got: &str, want: &str) -> bool {
    want.contains(' ')
        && want.chars().any(char::is_lowercase)
        && got.chars().any(char::is_uppercase)
        && !got.chars().any(char::is_lowercase)
}

/// Where the word of a spaced script that starts at `start` ends: the
/// first character that is no word character or is of an unspaced script.
fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if !is_ascii_word(b) {
                return i;
            }
            i += 1;
        } else {
            match text[i..].chars().next() {
                Some(c) if is_word_char(c) && !is_unspaced(c) => i += c.len_utf8(),
                _ => return i,
            }
        }
    }
    i
}

/// A set of words as one bit per hash (a Bloom filter with one hash): a
/// false positive only costs a trie walk that finds nothing.
#[derive(Clone)]
struct WordFilter {
    bits: Vec<u64>,
}

impl WordFilter {
    /// 2^24 bits (2 MiB): under 2% false positives at a million words.
    const BITS: u32 = 24;
    /// The 64-bit words that hold them.
    const WORDS: usize = 1 << (Self::BITS - 6);

    fn new() -> WordFilter {
        WordFilter {
            bits: vec![0; Self::WORDS],
        }
    }

    fn slot(word: &[u8]) -> (usize, u64) {
        // FNV-1a, then a multiply to spread the high bits used.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in word {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        let h = h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS);
        ((h >> 6) as usize, 1 << (h & 63))
    }

    fn insert(&mut self, word: &[u8]) {
        let (i, bit) = Self::slot(word);
        self.bits[i] |= bit;
    }

    fn may_contain(&self, word: &[u8]) -> bool {
        let (i, bit) = Self::slot(word);
        self.bits[i] & bit != 0
    }
}

/// Whether the match ending at `end` takes in the apostrophe of a
/// possessive: an alias romanised with a final apostrophe (`Nikel'`, a soft
/// sign) must not swallow it in `Nikel's`, where `Nikel` is the name.
fn ends_before_possessive_s(bytes: &[u8], end: usize) -> bool {
    end > 0
        && bytes[end - 1] == b'\''
        && bytes.get(end) == Some(&b's')
        && !bytes.get(end + 1).is_some_and(|&b| is_ascii_word(b))
}

fn is_ascii_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Capitalised prefixes that join the name after their hyphen without
/// being part of it (`Anti-Iran`, `Sino-Kyrgyz`); the adjectives of
/// nationality (`Afghan-Iran`) are those of [`ADJECTIVES`].
const HYPHEN_PREFIXES: &[&str] = &[
    "Anti", "Pro", "Post", "Pre", "Ex", "Non", "Neo", "Pan", "Mid", "Inter", "Intra", "Cross",
    "Sino", "Indo", "Afro", "Anglo", "Euro", "Franco", "Russo", "Turco", "Greco", "Austro",
];

/// Whether a name may start at byte `ns` of the normalised text, right
/// after a hyphen. After a capitalised word that is neither the end of a
/// name found just before (`China-Kyrgyzstan`, in `before_hyphen`) nor a prefix of [`HYPHEN_PREFIXES`],
/// the hyphen makes one compound name (`Kara-Kulja`, `Trans-Alay`): its
/// tail alone (`Kulja`, the other name of Yining) is no mention.
fn joins_after_hyphen(
    original: &str,
    view: &Normalized,
    ns: usize,
    before_hyphen: &HashSet<usize>,
) -> bool {
    let norm = view.as_str();
    let hyphen = ns.saturating_sub(1);
    let word_start = norm[..hyphen]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map_or(hyphen, |(i, _)| i);
    let Some(word) = view.original_range(word_start..hyphen) else {
        return true;
    };
    let written = &original[word.clone()];
    if !written.chars().next().is_some_and(char::is_uppercase) {
        return true;
    }
    HYPHEN_PREFIXES
        .iter()
        .chain(ADJECTIVES)
        .any(|p| p.eq_ignore_ascii_case(written))
        || before_hyphen.contains(&word.end)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Boundary {
    Yes,
    No,
    /// Across a hyphen that joins two words: accepted for a capitalised name.
    IfCapital,
}

fn boundary_before(text: &str, at: usize) -> Boundary {
    let Some(first) = text[at..].chars().next() else {
        return Boundary::Yes;
    };
    if !is_word_char(first) {
        return Boundary::Yes;
    }
    let mut before = text[..at].chars().rev();
    let Some(prev) = before.next() else {
        return Boundary::Yes;
    };
    if is_word_char(prev) {
        return if is_unspaced(prev) || is_unspaced(first) {
            Boundary::Yes
        } else {
            Boundary::No
        };
    }
    match (prev, before.next()) {
        ('-', Some(p2)) if is_word_char(p2) => Boundary::IfCapital,
        ('\'', Some(p2)) if is_word_char(p2) => {
            // An elided article (`l'Iran`, `d'Ouzbékistan`) ends its own word;
            // otherwise the apostrophe is inside a word (`O'Brien`).
            let p3 = before.next();
            if matches!(p2, 'l' | 'd') && !p3.is_some_and(is_word_char) {
                Boundary::Yes
            } else {
                Boundary::No
            }
        }
        _ => Boundary::Yes,
    }
}

fn boundary_after(text: &str, at: usize) -> Boundary {
    let Some(last) = text[..at].chars().next_back() else {
        return Boundary::Yes;
    };
    if !is_word_char(last) {
        return Boundary::Yes;
    }
    let mut after = text[at..].chars();
    let Some(next) = after.next() else {
        return Boundary::Yes;
    };
    if is_word_char(next) {
        return if is_unspaced(next) || is_unspaced(last) {
            Boundary::Yes
        } else {
            Boundary::No
        };
    }
    match (next, after.next()) {
        ('-', Some(n2)) if is_word_char(n2) => Boundary::IfCapital,
        // A possessive stays outside the name: `Kazakhstan's`.
        ('\'', Some('s')) if !after.next().is_some_and(is_word_char) => Boundary::Yes,
        ('\'', Some(n2)) if is_word_char(n2) => Boundary::No,
        _ => Boundary::Yes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz(text: &str) -> Gazetteer {
        Gazetteer::builder()
            .default_gazetteers(false)
            .add_source("t.tsv", text)
            .build()
            .unwrap()
    }

    const GAZ: &str = "iran\tLOC\tcountry\tIran\n\
        art\tPER\tperson\tArt\n\
        sco\tORG\talliance\tShanghai Cooperation Organization\tSCO\n\
        ca\tLOC\tregion\tCentral Asia\n\
        atc\tORG\tbody\tAnti-Terrorist Centre\n\
        crc\tORG\tbody\tCrisis Response Centre\n\
        ist\tLOC\tcity\tIstanbul\n\
        ss\tLOC\tcity\tStrasse\n\
        odkb\tORG\talliance\tОДКБ\n\
        kg\tLOC\tcountry\tKyrgyzstan\n\
        brien\tPER\tperson\tBrien\n\
        beijing\tLOC\tcity\t北京\n\
        nikel\tLOC\tcity\tNikel\tNikel'\n\
        aq\tORG\tmilitant_group\tal-Qaeda\n\
        nvp\tORG\tbody\t=Northern Valley Province\n\
        nice\tLOC\tcity\t=Nice\n";

    /// (text, expected matched original slices in order)
    const CASES: &[(&str, &[&str])] = &[
        ("Iran and Iranian", &["Iran"]),
        ("a state-of-the-art design", &[]),
        ("Art lives", &["Art"]),
        ("the SCO met; the sco did not", &["SCO"]),
        ("Kazakhstan’s and Iran's", &["Iran"]),
        ("Iran’s", &["Iran"]),
        (
            "Nikel's plant and Nikel' itself",
            &["Nikel", "Nikel", "Nikel'"],
        ),
        ("in Central\nAsia", &["Central\nAsia"]),
        ("the Anti-\nTerrorist Centre", &["Anti-\nTerrorist Centre"]),
        ("the Сrisis Response Centre", &["Сrisis Response Centre"]),
        ("İSTANBUL", &["İSTANBUL"]),
        ("die STRAẞE", &["STRAẞE"]),
        ("Страны ОДКБ", &["ОДКБ"]),
        ("страны одкб", &[]),
        ("pro-Iran groups", &["Iran"]),
        ("Iran-backed", &["Iran"]),
        ("al-Qaeda-linked groups", &["al-Qaeda"]),
        ("O'Brien", &[]),
        ("IRAN", &["IRAN"]),
        // A case-sensitive name of several words, in a heading's capitals;
        // not one of a word, nor in another mix of cases.
        (
            "RECRUITING FOR NORTHERN VALLEY PROVINCE",
            &["NORTHERN VALLEY PROVINCE"],
        ),
        ("the Northern valley province", &[]),
        ("A NICE DAY", &[]),
        ("a nice day in Nice", &["Nice"]),
        ("Kyrgyzstanis", &[]),
        ("在北京市", &["北京"]),
        ("l'Iran", &["Iran"]),
        // After a capitalised word that is no name, the hyphen makes one
        // compound: its tail alone is no mention.
        ("Kara-Iran District", &[]),
        ("the Trans-Iran range", &[]),
        ("KARA-IRAN", &[]),
        ("Anti-Iran protests", &["Iran"]),
        ("Sino-Iran trade", &["Iran"]),
        ("Afghan-Iran border", &["Iran"]),
        ("the Kyrgyzstan-Iran border", &["Kyrgyzstan", "Iran"]),
        (
            "the Istanbul-Kyrgyzstan-Iran line",
            &["Istanbul", "Kyrgyzstan", "Iran"],
        ),
    ];

    #[test]
    fn whole_word_case_and_alignment_cases() {
        let g = gaz(GAZ);
        let m = Matcher::new(&g).unwrap();
        for (text, want) in CASES {
            let view = Normalized::new(text, Options::FOLDED);
            let mut c = m.candidates(text, &view);
            c.sort_by_key(|c| (c.range.start, c.range.end));
            let got: Vec<&str> = c.iter().map(|c| &text[c.range.clone()]).collect();
            assert_eq!(&got, want, "matching in {text:?}");
        }
    }
}
