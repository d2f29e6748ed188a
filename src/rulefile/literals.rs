//! The literals every match of a pattern holds, read from its compiled
//! regex: the name patterns and the relation rules run a pattern only
//! where one of them is (`names/prefilter.rs`, `relations/rules.rs`).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::collections::HashMap;
use std::ops::Range;

/// More alternatives than this, and a pattern's literals are not worth
/// scanning for: the pattern is always run.
const MAX_LITERALS: usize = 400;

/// One Aho-Corasick pass over the literals a set of patterns needs, shared
/// by every thread: it tells which patterns may match where, with no lazy
/// DFA of each thread's own, and a pattern it admits still runs in full.
#[derive(Clone, Debug, Default)]
pub(crate) struct LiteralScan {
    /// Every pattern's literals; a literal's id indexes `owner`. `None` if
    /// they could not be built into one automaton: every pattern runs.
    scan: Option<AhoCorasick>,
    /// For each literal of `scan`, the patterns that need it.
    owner: Vec<Vec<usize>>,
    /// Patterns with no literal that every match holds: always run.
    always: Vec<bool>,
}

impl LiteralScan {
    /// The scan of patterns whose needed literals are `needs`, in order
    /// (`None`: the pattern needs no literal it is known to hold).
    pub(crate) fn new(needs: impl IntoIterator<Item = Option<Vec<String>>>) -> LiteralScan {
        let mut literals: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut owner: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (i, need) in needs.into_iter().enumerate() {
            always.push(need.is_none());
            for lit in need.into_iter().flatten() {
                match index.get(&lit) {
                    Some(&k) => owner[k].push(i),
                    None => {
                        index.insert(lit.clone(), literals.len());
                        literals.push(lit);
                        owner.push(vec![i]);
                    }
                }
            }
        }
        // Overlapping matches, so that a literal inside a longer one
        // (`ov` in `ovich`) still marks its own patterns.
        let scan = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&literals)
            .ok();
        if scan.is_none() {
            always.iter_mut().for_each(|a| *a = true);
        }
        LiteralScan {
            scan,
            owner,
            always,
        }
    }

    /// How many patterns the scan was built for.
    pub(crate) fn len(&self) -> usize {
        self.always.len()
    }

    /// Whether pattern `i` runs wherever the scan finds anything.
    pub(crate) fn always(&self, i: usize) -> bool {
        self.always[i]
    }

    /// The literals found in `text`, overlapping and in the order of their
    /// ends, each with the patterns that need it; `None` when the scan
    /// cannot judge `text` and every pattern must run.
    pub(crate) fn hits<'a>(
        &'a self,
        text: &'a str,
    ) -> Option<impl Iterator<Item = (Range<usize>, &'a [usize])> + 'a> {
        let scan = self.scan.as_ref()?;
        // The two letters outside ASCII that a case-insensitive ASCII
        // letter matches (KELVIN SIGN, LONG S): the scan folds ASCII only.
        if text.contains(['\u{212A}', '\u{17F}']) {
            return None;
        }
        Some(
            scan.find_overlapping_iter(text)
                .map(|m| (m.range(), self.owner[m.pattern().as_usize()].as_slice())),
        )
    }
}

/// A set of literals of which every match of `regex` holds at least one
/// (ASCII letters compared without case, the KELVIN SIGN and LONG S
/// aside), or `None` if none is known.
pub(crate) fn required_by(regex: &str) -> Option<Vec<String>> {
    required_of(&regex_syntax::Parser::new().parse(regex).ok()?)
}

/// [`required_by`] for a parsed pattern.
pub(crate) fn required_of(hir: &Hir) -> Option<Vec<String>> {
    required(hir).filter(|set| !set.is_empty() && set.iter().all(|l| !l.is_empty()))
}

/// A set of literals of which every match of `hir` holds at least one
/// (ASCII letters compared without case), or `None` if none is known.
fn required(hir: &Hir) -> Option<Vec<String>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(lit) => Some(vec![String::from_utf8(lit.0.to_vec()).ok()?]),
        HirKind::Class(class) => folded(class).map(|c| vec![c.to_string()]),
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub),
        HirKind::Repetition(_) => None,
        HirKind::Capture(cap) => required(&cap.sub),
        HirKind::Alternation(alts) => {
            let mut all: Vec<String> = Vec::new();
            for a in alts {
                for l in required(a)? {
                    if !all.contains(&l) {
                        all.push(l);
                    }
                }
                if all.len() > MAX_LITERALS {
                    return None;
                }
            }
            Some(all)
        }
        HirKind::Concat(parts) => {
            // Adjacent literal pieces join into one longer literal; of
            // all the candidates, the most selective wins.
            let mut best: Option<Vec<String>> = None;
            let mut run = String::new();
            let mut consider = |cand: Vec<String>| {
                if best.as_ref().map_or(true, |b| better(&cand, b)) {
                    best = Some(cand);
                }
            };
            for p in parts {
                match single(p) {
                    Some(s) => run.push_str(&s),
                    None => {
                        if !run.is_empty() {
                            consider(vec![std::mem::take(&mut run)]);
                        }
                        if let Some(set) = required(p) {
                            consider(set);
                        }
                    }
                }
            }
            if !run.is_empty() {
                consider(vec![run]);
            }
            best
        }
    }
}

/// `hir` as the one string it matches (ASCII letters without case).
fn single(hir: &Hir) -> Option<String> {
    match hir.kind() {
        HirKind::Literal(lit) => String::from_utf8(lit.0.to_vec()).ok(),
        HirKind::Class(class) => folded(class).map(String::from),
        HirKind::Capture(cap) => single(&cap.sub),
        _ => None,
    }
}

/// A class that is one character, or one ASCII letter in either case (with
/// the KELVIN SIGN or LONG S that Unicode case folding adds), as that
/// character.
fn folded(class: &Class) -> Option<char> {
    let Class::Unicode(class) = class else {
        return None;
    };
    let mut chars = Vec::new();
    for r in class.ranges() {
        if chars.len() + (r.end() as usize - r.start() as usize) >= 4 {
            return None;
        }
        chars.extend(r.start()..=r.end());
    }
    match chars.as_slice() {
        [c] => Some(*c),
        _ => {
            let letter = chars.iter().find(|c| c.is_ascii_lowercase())?;
            let mut allowed = vec![*letter, letter.to_ascii_uppercase()];
            match letter {
                'k' => allowed.push('\u{212A}'),
                's' => allowed.push('\u{17F}'),
                _ => {}
            }
            chars.iter().all(|c| allowed.contains(c)).then_some(*letter)
        }
    }
}

/// Whether the literal set `a` filters better than `b`: its shortest
/// literal is longer, or as long with fewer alternatives.
fn better(a: &[String], b: &[String]) -> bool {
    let shortest = |s: &[String]| s.iter().map(String::len).min().unwrap_or(0);
    (shortest(a), std::cmp::Reverse(a.len())) > (shortest(b), std::cmp::Reverse(b.len()))
}
