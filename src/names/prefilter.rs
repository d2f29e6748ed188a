//! Where in a document each name pattern can match, found by a literal
//! scan before any regex runs.
//!
//! Most patterns need a word of their own or of a list (`said`, a title, a
//! head word) or a masked mention. Such a pattern cannot match where none
//! of these literals is, and its lazy DFA need not walk there: one
//! Aho-Corasick pass over the document decides for every pattern. Most
//! patterns also never match across a blank line (`\n\n`), so the document
//! is cut into blocks there and a pattern runs only on the blocks that
//! hold one of its literals.
//!
//! Both facts are read from each pattern's compiled regex, so the filter is
//! exact by construction: a search over the admitted blocks finds what a
//! search over the whole document finds. A block ends just after a line
//! break and the next starts on one, so `^`, `$` (multi-line) and `\b`
//! see the same characters in a block as in the document; a pattern with
//! `\A` or `\z` runs on the whole document.

use crate::rulefile::literals::{self, LiteralScan};
use crate::rulefile::plain::{self, Reach};
use regex::Regex;
use regex_automata::{meta, Input, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind, Look};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// A rule's regex, with its letter classes over all of Unicode.
///
/// Such a regex is large (`\p{L}` unrolled by a bounded repetition makes
/// tens of thousands of NFA states; the embedded patterns' take about
/// 50 MB together), and it only searches text beyond the European reach
/// of [`crate::rulefile::plain`]: smaller regexes cut down from it search
/// the rest. When its file is read it is compiled to be checked (a pattern
/// too large or malformed is refused there) and dropped, or, for the
/// embedded patterns, which a test builds, not compiled at all; it is
/// compiled for the first text that needs it. Clones share that
/// compilation.
#[derive(Clone, Debug)]
pub struct RuleRegex {
    source: String,
    compiled: std::sync::Arc<OnceLock<Regex>>,
}

impl RuleRegex {
    /// A regex already compiled, kept as it is.
    pub fn new(regex: Regex) -> RuleRegex {
        RuleRegex {
            source: regex.as_str().to_owned(),
            compiled: std::sync::Arc::new(OnceLock::from(regex)),
        }
    }

    /// A regex checked already (built once and dropped, or known to
    /// build): compiled on the first call of [`RuleRegex::regex`].
    pub(crate) fn checked(source: String) -> RuleRegex {
        RuleRegex {
            source,
            compiled: Default::default(),
        }
    }

    /// The regex's source, as translated from the pattern.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The regex, compiled on the first call.
    pub fn regex(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            // Checked when the rule was read: the same source with the
            // same limits builds.
            crate::rulefile::pattern::build(&self.source, Some(DFA_SIZE_LIMIT))
                .expect("a rule's regex checked when read")
        })
    }
}

/// Letter classes and lists make a large lazy DFA; with the default cache
/// it would be rebuilt again and again on every document.
pub(crate) const DFA_SIZE_LIMIT: usize = 16 << 20;

/// The literal filter of a set of patterns.
#[derive(Clone, Debug)]
pub(crate) struct Prefilter {
    /// Which literals each pattern needs, found in one pass.
    literals: LiteralScan,
    /// Patterns that may run block by block (see the module's header).
    blockwise: Vec<bool>,
    /// For each pattern, the ASCII bytes no match of it holds and whose
    /// look-arounds read as they read at the ends of a text: a match lies
    /// between two of them, so the pattern runs only on the stretches
    /// around its literals' hits. Empty where none is known.
    cuts: Vec<Cuts>,
    /// Each pattern cut down to plain and to European text
    /// (`rulefile::plain`).
    narrow: Arc<[Narrow]>,
}

impl Prefilter {
    /// The filter of `regexes`, in their order.
    pub(crate) fn new<'r>(regexes: impl Iterator<Item = &'r str>) -> Prefilter {
        let mut blockwise = Vec::new();
        let mut cuts = Vec::new();
        let mut needs = Vec::new();
        let mut narrow = Vec::new();
        for re in regexes {
            narrow.push(Narrow {
                source: re.to_owned(),
                tiers: Default::default(),
            });
            let hir = regex_syntax::Parser::new().parse(re).ok();
            blockwise.push(hir.as_ref().is_some_and(stays_in_block));
            cuts.push(hir.as_ref().map(Cuts::of).unwrap_or_default());
            needs.push(hir.as_ref().and_then(literals::required_of));
        }
        Prefilter {
            literals: LiteralScan::new(needs),
            blockwise,
            cuts,
            narrow: narrow.into(),
        }
    }

    /// How many patterns the filter was built for.
    pub(crate) fn len(&self) -> usize {
        self.literals.len()
    }

    /// Where in `text` each pattern may match.
    pub(crate) fn admitted(&self, text: &str) -> Admitted {
        let n = self.literals.len();
        let whole = || Admitted {
            blocks: std::iter::once(0..text.len()).collect(),
            rules: vec![Some(vec![0]); n],
            stretches: vec![None; n],
            reach: vec![plain::reach(text)],
            narrow: Arc::clone(&self.narrow),
        };
        let Some(hits) = self.literals.hits(text) else {
            return whole();
        };
        let mut blocks = Vec::new();
        let mut start = 0;
        for (at, _) in text.match_indices("\n\n") {
            blocks.push(start..at + 1);
            start = at + 1;
        }
        blocks.push(start..text.len());
        let all: Vec<usize> = (0..blocks.len()).collect();
        let mut rules: Vec<Option<Vec<usize>>> = (0..n)
            .map(|r| self.literals.always(r).then(|| all.clone()))
            .collect();
        // A pattern that must hold a literal and has cut bytes runs on
        // the stretches around its hits; `None` once a hit holds a cut
        // byte (then the filter knows less than it assumed) and the
        // pattern runs on its blocks.
        let mut stretches: Vec<Option<Vec<Stretch>>> = (0..n)
            .map(|r| {
                (self.blockwise[r] && !self.literals.always(r) && !self.cuts[r].is_empty())
                    .then(Vec::new)
            })
            .collect();
        let bytes = text.as_bytes();
        let mut block = 0;
        for (m, owners) in hits {
            // Overlapping matches come by their end, so `block` only grows.
            while blocks[block].end < m.end {
                block += 1;
            }
            let inside = blocks[block].start <= m.start;
            for &r in owners {
                let found = rules[r].get_or_insert_with(Vec::new);
                if !self.blockwise[r] {
                    if found.is_empty() {
                        found.extend(&all);
                    }
                } else if inside && found.last() != Some(&block) {
                    found.push(block);
                }
                if !inside {
                    continue;
                }
                let Some(list) = stretches[r].as_mut() else {
                    continue;
                };
                // Stretches are disjoint and come in order, as the hits do.
                if list
                    .last()
                    .is_some_and(|(_, s)| s.start <= m.start && m.end <= s.end)
                {
                    continue;
                }
                let cut = &self.cuts[r];
                let b = &blocks[block];
                if bytes[m.clone()].iter().any(|&c| cut.has(c)) {
                    stretches[r] = None;
                    continue;
                }
                let start = bytes[b.start..m.start]
                    .iter()
                    .rposition(|&c| cut.has(c))
                    .map_or(b.start, |i| b.start + i + 1);
                let end = bytes[m.end..b.end]
                    .iter()
                    .position(|&c| cut.has(c))
                    .map_or(b.end, |i| m.end + i);
                list.push((block, start..end));
            }
        }
        for r in rules.iter_mut() {
            if r.as_ref().is_some_and(Vec::is_empty) {
                *r = None;
            }
        }
        // A pattern that must see the whole document sees it as one block.
        if (0..n).any(|r| !self.blockwise[r] && rules[r].is_some()) {
            let mut joined = blocks.clone();
            joined.push(0..text.len());
            for (r, found) in rules.iter_mut().enumerate() {
                if !self.blockwise[r] && found.is_some() {
                    *found = Some(vec![joined.len() - 1]);
                }
            }
            blocks = joined;
        }
        let reach = blocks
            .iter()
            .map(|b| plain::reach(&text[b.clone()]))
            .collect();
        Admitted {
            blocks,
            rules,
            stretches,
            reach,
            narrow: Arc::clone(&self.narrow),
        }
    }
}

/// A stretch of a block between cut bytes: the block's index and the
/// stretch's range in the document.
type Stretch = (usize, Range<usize>);

/// Where in one document each pattern may match: the blocks to search.
pub(crate) struct Admitted {
    blocks: Vec<Range<usize>>,
    /// For each pattern, the blocks that may hold a match, in order; `None`
    /// where the pattern cannot match.
    rules: Vec<Option<Vec<usize>>>,
    /// For each pattern that runs on stretches of its blocks (see
    /// [`Cuts`]), those stretches with their blocks, in order; `None`
    /// where it runs on whole blocks.
    stretches: Vec<Option<Vec<Stretch>>>,
    /// What each block holds: the smallest regex that covers it searches it.
    reach: Vec<Reach>,
    narrow: Arc<[Narrow]>,
}

/// A pattern cut down to plain and to European text, each compiled when a
/// block first needs it.
#[derive(Debug)]
struct Narrow {
    /// The pattern's regex. Its parse is not kept between the tiers: the
    /// parse of a pattern with lists and letter classes is megabytes for
    /// the set, held for the whole run.
    source: String,
    tiers: [OnceLock<Option<meta::Regex>>; 2],
}

impl Narrow {
    fn get(&self, reach: Reach) -> Option<&meta::Regex> {
        let tier = match reach {
            Reach::Plain => 0,
            Reach::European => 1,
            Reach::Full => return None,
        };
        self.tiers[tier]
            .get_or_init(|| {
                let hir = regex_syntax::Parser::new().parse(&self.source).ok()?;
                let hir = plain::narrowed_hir(hir, reach);
                // What `regex::RegexBuilder` sets for one pattern with
                // `rulefile::pattern::build`'s limits, given the parsed
                // regex instead of its text: the same matches, without
                // printing the cut-down regex and parsing it again.
                let config = meta::Config::new()
                    .nfa_size_limit(Some(NFA_SIZE_LIMIT))
                    .hybrid_cache_capacity(DFA_SIZE_LIMIT)
                    .match_kind(MatchKind::LeftmostFirst)
                    .utf8_empty(true);
                meta::Builder::new()
                    .configure(config)
                    .build_from_hir(&hir)
                    .ok()
            })
            .as_ref()
    }
}

/// The regex crate's default limit of a compiled NFA, which
/// `rulefile::pattern::build` keeps.
const NFA_SIZE_LIMIT: usize = 10 << 20;

/// The first match at `pos` or later in `hay` with its group `name`, as
/// `regex::Regex::captures_at` finds it; `find_at` answers first, so a
/// haystack without a match allocates no captures.
fn narrow_captures(
    re: &meta::Regex,
    hay: &str,
    pos: usize,
) -> Option<(Range<usize>, Option<Range<usize>>)> {
    let m = re.search(&Input::new(hay).span(pos..hay.len()))?;
    let mut caps = re.create_captures();
    re.search_captures(&Input::new(hay).span(m.start()..hay.len()), &mut caps);
    let whole = caps.get_match()?.range();
    Some((whole, caps.get_group_by_name("name").map(|s| s.range())))
}

/// The same with the full regex.
fn full_captures(
    re: &Regex,
    hay: &str,
    pos: usize,
) -> Option<(Range<usize>, Option<Range<usize>>)> {
    let m = re.find_at(hay, pos)?;
    let caps = re.captures_at(hay, m.start())?;
    let whole = caps.get(0)?.range();
    Some((whole, caps.name("name").map(|m| m.range())))
}

impl Admitted {
    /// Whether pattern `rule` may match anywhere.
    pub(crate) fn any(&self, rule: usize) -> bool {
        self.rules[rule].is_some()
    }

    /// The first match of pattern `rule` (its regex `re`) in `text` that
    /// starts at `pos` or later, as `regex.captures_at(text, pos)` finds
    /// it: the whole match and the group `name`, in `text`'s offsets.
    pub(crate) fn captures(
        &self,
        rule: usize,
        re: &RuleRegex,
        text: &str,
        pos: usize,
    ) -> Option<(Range<usize>, Option<Range<usize>>)> {
        let blocks = self.rules[rule].as_deref().unwrap_or_default();
        let stretches: Box<dyn Iterator<Item = (usize, Range<usize>)>> = match &self.stretches[rule]
        {
            Some(list) if self.rules[rule].is_some() => Box::new(list.iter().cloned()),
            _ => Box::new(blocks.iter().map(|&b| (b, self.blocks[b].clone()))),
        };
        for (b, range) in stretches {
            if range.end < pos {
                continue;
            }
            let from = pos.max(range.start) - range.start;
            let hay = &text[range.clone()];
            let found = match self.narrow[rule].get(self.reach[b]) {
                Some(narrow) => narrow_captures(narrow, hay, from),
                None => full_captures(re.regex(), hay, from),
            };
            if let Some((whole, name)) = found {
                let shift = |r: Range<usize>| r.start + range.start..r.end + range.start;
                return Some((shift(whole), name.map(shift)));
            }
        }
        None
    }
}

/// The ASCII bytes at which a pattern's text may be cut: no match holds
/// one, and the pattern's look-arounds read the same beside one as at the
/// start or end of a text. Such a byte is no word character, so `\b` and
/// its kin see a non-word on either side as they see the edge; a line
/// anchor (`(?m:^)`, `(?m:$)`) sees the edge as a line's, so a pattern
/// with one is cut only at line breaks.
#[derive(Clone, Debug)]
struct Cuts {
    /// For each byte, whether it cuts: one load a byte where a bit mask
    /// took a shift and a test (the stretches are found byte by byte).
    table: [bool; 256],
    any: bool,
}

impl Default for Cuts {
    fn default() -> Cuts {
        Cuts {
            table: [false; 256],
            any: false,
        }
    }
}

impl Cuts {
    fn of(hir: &Hir) -> Cuts {
        let mut seen = [false; 128];
        let mut lines = false;
        if !occurs(hir, &mut seen, &mut lines) {
            return Cuts::default();
        }
        let mut cuts = Cuts::default();
        for ch in 0..128u8 {
            let word = ch.is_ascii_alphanumeric() || ch == b'_';
            if !seen[usize::from(ch)] && !word && (!lines || ch == b'\n') {
                cuts.table[usize::from(ch)] = true;
                cuts.any = true;
            }
        }
        cuts
    }

    fn is_empty(&self) -> bool {
        !self.any
    }

    fn has(&self, byte: u8) -> bool {
        self.table[usize::from(byte)]
    }
}

/// Marks in `seen` every ASCII character a match of `hir` may hold, and
/// sets `lines` if it has a line anchor; `false` for a look-around other
/// than those and word boundaries (nothing is then known).
fn occurs(hir: &Hir, seen: &mut [bool; 128], lines: &mut bool) -> bool {
    match hir.kind() {
        HirKind::Empty => true,
        HirKind::Look(look) => match look {
            Look::StartLF | Look::EndLF => {
                *lines = true;
                true
            }
            Look::Start | Look::End | Look::StartCRLF | Look::EndCRLF => false,
            // Every other look-around asks whether a word character is
            // beside the position.
            _ => true,
        },
        HirKind::Literal(lit) => {
            for &b in lit.0.iter() {
                if let Some(s) = seen.get_mut(usize::from(b)) {
                    *s = true;
                }
            }
            true
        }
        HirKind::Class(Class::Unicode(c)) => {
            for r in c.ranges() {
                for ch in u32::from(r.start())..=u32::from(r.end()).min(127) {
                    seen[ch as usize] = true;
                }
            }
            true
        }
        HirKind::Class(Class::Bytes(c)) => {
            for r in c.ranges() {
                for b in r.start()..=r.end().min(127) {
                    seen[usize::from(b)] = true;
                }
            }
            true
        }
        HirKind::Capture(cap) => occurs(&cap.sub, seen, lines),
        HirKind::Repetition(rep) => occurs(&rep.sub, seen, lines),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => {
            parts.iter().all(|p| occurs(p, seen, lines))
        }
    }
}

/// Whether no match of `hir` holds a blank line (`\n\n`) and `hir` needs
/// no start or end of the whole text: then it matches in a block of the
/// document what it matches there in the whole.
///
/// Each string a pattern matches moves a two-state scanner for `\n\n`
/// (0: the last character was no line break, 1: it was) to a state or to
/// "found" (2); the function of a sub-pattern is the set of these moves
/// its matches can make.
fn stays_in_block(hir: &Hir) -> bool {
    moves(hir).is_some_and(|m| m & FOUND == 0)
}

/// A move of the `\n\n` scanner: the state reached from 0 and from 1.
type Move = [u8; 2];
const STAY: Move = [0, 1];
const BREAK: Move = [1, 2];
const OTHER: Move = [0, 0];

/// A set of moves, one bit each (`bit`): nine moves can be, so sets are
/// combined with a few loads and shifts where ordered sets allocated (the
/// sets took two thirds of building the filter).
type Moves = u16;

/// The bit of move `m`.
const fn bit(m: Move) -> Moves {
    1 << (3 * m[0] + m[1])
}

/// The moves that reach "found" from state 0.
const FOUND: Moves = bit([2, 0]) | bit([2, 1]) | bit([2, 2]);

/// The moves of a match of `a` followed by one of `b`.
fn then(a: Moves, b: Moves) -> Moves {
    let mut out = 0;
    for f in (0..9u8).filter(|&f| a & (1 << f) != 0) {
        let f: Move = [f / 3, f % 3];
        for g in (0..9u8).filter(|&g| b & (1 << g) != 0) {
            let g: Move = [g / 3, g % 3];
            out |= bit(f.map(|x| if x == 2 { 2 } else { g[usize::from(x)] }));
        }
    }
    out
}

/// The moves `hir`'s matches can make, or `None` for a pattern that needs
/// the whole text (`\A`, `\z`, CRLF-mode anchors).
fn moves(hir: &Hir) -> Option<Moves> {
    match hir.kind() {
        HirKind::Empty => Some(bit(STAY)),
        HirKind::Look(look) => match look {
            Look::Start | Look::End | Look::StartCRLF | Look::EndCRLF => None,
            _ => Some(bit(STAY)),
        },
        // Without a line break a literal of one byte or more moves as one
        // byte does: a second `OTHER` after the first changes nothing.
        HirKind::Literal(lit) if !lit.0.is_empty() && !lit.0.contains(&b'\n') => Some(bit(OTHER)),
        HirKind::Literal(lit) => {
            let mut set = bit(STAY);
            for &b in lit.0.iter() {
                set = then(set, bit(if b == b'\n' { BREAK } else { OTHER }));
            }
            Some(set)
        }
        HirKind::Class(class) => {
            let (breaks, others) = match class {
                // The ranges are sorted: only those that start by `\n` can
                // hold it (a letter class has hundreds after it).
                Class::Unicode(c) => (
                    c.ranges()
                        .iter()
                        .take_while(|r| r.start() <= '\n')
                        .any(|r| '\n' <= r.end()),
                    c.ranges()
                        .iter()
                        .any(|r| r.start() != '\n' || r.end() != '\n'),
                ),
                Class::Bytes(c) => (
                    c.ranges()
                        .iter()
                        .take_while(|r| r.start() <= b'\n')
                        .any(|r| b'\n' <= r.end()),
                    c.ranges()
                        .iter()
                        .any(|r| r.start() != b'\n' || r.end() != b'\n'),
                ),
            };
            let mut set = 0;
            if breaks {
                set |= bit(BREAK);
            }
            if others {
                set |= bit(OTHER);
            }
            Some(set)
        }
        HirKind::Capture(cap) => moves(&cap.sub),
        HirKind::Concat(parts) => {
            let mut set = bit(STAY);
            for p in parts {
                set = then(set, moves(p)?);
            }
            Some(set)
        }
        HirKind::Alternation(alts) => {
            let mut set = 0;
            for a in alts {
                set |= moves(a)?;
            }
            Some(set)
        }
        HirKind::Repetition(rep) => {
            let sub = moves(&rep.sub)?;
            let mut set = bit(STAY);
            // Nine moves at most: the sets settle within a few rounds.
            for _ in 0..rep.min.min(16) {
                set = then(set, sub);
            }
            if rep.min > 16 || rep.max != Some(rep.min) {
                loop {
                    let more = set | then(set, sub);
                    if more == set {
                        break;
                    }
                    set = more;
                }
            }
            Some(set)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admitted(patterns: &[&str], text: &str) -> Vec<bool> {
        let res: Vec<Regex> = patterns.iter().map(|p| Regex::new(p).unwrap()).collect();
        let a = Prefilter::new(res.iter().map(Regex::as_str)).admitted(text);
        (0..res.len()).map(|r| a.any(r)).collect()
    }

    /// Every match of `pattern` in `text`, found block by block.
    fn blockwise(pattern: &str, text: &str) -> Vec<(Range<usize>, Option<Range<usize>>)> {
        let re = RuleRegex::new(Regex::new(pattern).unwrap());
        let a = Prefilter::new(std::iter::once(re.as_str())).admitted(text);
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some((whole, name)) = a.captures(0, &re, text, pos) {
            pos = whole.end.max(whole.start + 1);
            out.push((whole, name));
        }
        out
    }

    fn whole(pattern: &str, text: &str) -> Vec<(Range<usize>, Option<Range<usize>>)> {
        let re = Regex::new(pattern).unwrap();
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(c) = re.captures_at(text, pos) {
            let w = c.get(0).unwrap().range();
            pos = w.end.max(w.start + 1);
            out.push((w, c.name("name").map(|m| m.range())));
        }
        out
    }

    #[test]
    fn blocks_find_what_the_whole_text_finds() {
        let text = "Dr. Ann\n\nLee said so.\n\n\nBy Bo Li\nDr.\nKim\n\n Dr. Joe";
        for p in [
            r"Dr\.\s(?P<name>\p{Lu}\p{Ll}+)",
            r"Dr\.[ \n](?P<name>\p{Lu}\p{Ll}+)",
            r"(?m:^)(?P<name>\p{Lu}\p{Ll}+) said",
            r"(?m:^)By (?P<name>\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+)(?m:$)",
            r"\bDr\. (?P<name>\p{Lu}\p{Ll}+)\z",
            r"(?s)Ann.*(?P<name>Joe)",
        ] {
            assert_eq!(blockwise(p, text), whole(p, text), "{p}");
        }
        assert!(stays_in_block(
            &regex_syntax::parse(r"Dr\.[ \n]\w+").unwrap()
        ));
        assert!(!stays_in_block(
            &regex_syntax::parse(r"Dr\.\s+\w+").unwrap()
        ));
        assert!(!stays_in_block(&regex_syntax::parse(r"\ADr").unwrap()));
    }

    #[test]
    fn stretches_between_cut_bytes_find_what_the_whole_text_finds() {
        let text = "Ann Lee said so, and Bo Kim said: \"Dr. Joe Day said no\"; then\nMay Fox said.\n\n(Al Ray said) x-Ed Po said, Ed Po said";
        for p in [
            // Cut at commas, colons, quotes, brackets, line breaks, dots.
            r"(?P<name>\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+) said",
            r"\b(?P<name>\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+) said\b",
            // The dot is part of the match: no cut there.
            r"Dr\. (?P<name>\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?) said",
            // A line anchor: cut at line breaks only.
            r"(?m:^)(?P<name>\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+) said",
            r"(?P<name>\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+) said(?m:$)",
            // A comma inside the match.
            r"said, (?P<name>\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+)",
            r"(?P<name>[^\n]{1,12}) said",
            r"(?P<name>(?-u:\b)\p{Lu}\p{Ll}+) Po said",
        ] {
            assert_eq!(blockwise(p, text), whole(p, text), "{p}");
        }
        // The search above ran on stretches, not on whole blocks.
        let a = Prefilter::new(std::iter::once(r"(?P<name>\p{Lu}\p{Ll}+) said")).admitted(text);
        assert!(a.stretches[0].as_ref().is_some_and(|s| s.len() > 3));
        let cuts = |p: &str| Cuts::of(&regex_syntax::parse(p).unwrap());
        let said = cuts(r"(?P<name>\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+) said");
        assert!(said.has(b',') && said.has(b'\n') && said.has(b'.'));
        assert!(!said.has(b' ') && !said.has(b'a') && !said.has(b'_'));
        let line = cuts(r"(?m:^)(?P<name>\p{Lu}\p{Ll}+) said");
        assert!(line.has(b'\n') && !line.has(b','));
        assert!(cuts(r"(?s)Dr.+").is_empty());
        assert!(cuts(r"\ADr x").is_empty());
    }

    #[test]
    fn a_pattern_runs_only_where_its_literals_are() {
        let p = [
            r"(?P<name>\p{Lu}\p{Ll}+) (?:said|told)",
            r"(?i:university) of (?P<name>\p{Lu}\w+)",
            r"(?P<name>\p{Lu}\p{Ll}+)",
        ];
        assert_eq!(admitted(&p, "Ann TOLD me"), [true, false, true]);
        assert_eq!(admitted(&p, "the UNIVERSITY OF Ghent"), [false, true, true]);
        assert_eq!(admitted(&p, "nothing here"), [false, false, true]);
    }

    #[test]
    fn case_folding_beyond_ascii_admits_everything() {
        // `(?i:k)` matches the KELVIN SIGN, which the scan does not fold.
        let p = [r"(?i:kin)g"];
        assert!(Regex::new(p[0]).unwrap().is_match("\u{212A}ing"));
        assert_eq!(admitted(&p, "\u{212A}ing"), [true]);
        assert_eq!(admitted(&p, "queen"), [false]);
    }

    #[test]
    fn optional_parts_are_not_required() {
        let p = [r"(?:Dr\. )?(?P<name>\p{Lu}\p{Ll}+)", r"(?:Dr|Mr)\. \w+"];
        assert_eq!(admitted(&p, "Lee"), [true, false]);
        assert_eq!(admitted(&p, "Mr. Lee"), [true, true]);
    }
}
