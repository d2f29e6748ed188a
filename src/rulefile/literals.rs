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

    /// How many distinct literals the scan looks for.
    pub(crate) fn literals(&self) -> usize {
        self.owner.len()
    }

    /// The patterns that need literal `k`.
    pub(crate) fn owners(&self, k: usize) -> &[usize] {
        &self.owner[k]
    }

    /// The literals found in `text`, as [`LiteralScan::hits`] finds them,
    /// by their number only: for a caller that asks which literals occur,
    /// not where.
    pub(crate) fn hit_literals<'a>(
        &'a self,
        text: &'a str,
    ) -> Option<impl Iterator<Item = usize> + 'a> {
        let scan = self.scan.as_ref()?;
        if text.contains(['\u{212A}', '\u{17F}']) {
            return None;
        }
        Some(
            scan.find_overlapping_iter(text)
                .map(|m| m.pattern().as_usize()),
        )
    }
}

/// A set of literals of which every match of `hir` holds at least one
/// (ASCII letters compared without case, the KELVIN SIGN and LONG S
/// aside), or `None` if none is known.
pub(crate) fn required_of(hir: &Hir) -> Option<Vec<String>> {
    required(hir).filter(|set| !set.is_empty() && set.iter().all(|l| !l.is_empty()))
}

/// Every set of literals that each match of `regex` holds one of: the
/// sets of all the pieces of a concatenation, not only its most selective
/// one, so that a filter can ask for all of them at once (`{ORG} in
/// {LOC}` needs an ORG token, ` in ` and a LOC token, where one literal
/// alone admits most sentences). Empty if none is known; sets whose
/// shortest literal is one byte are left out, as a comma or a space is
/// in nearly every text and only costs the scan its hits.
pub(crate) fn required_all_by(regex: &str) -> Vec<Vec<String>> {
    let Ok(hir) = regex_syntax::Parser::new().parse(regex) else {
        return Vec::new();
    };
    let mut sets = Vec::new();
    all_required(&hir, &mut sets);
    sets.retain(|set: &Vec<String>| !set.is_empty() && set.iter().all(|l| l.len() > 1));
    if sets.is_empty() {
        // Better one short literal than none.
        sets.extend(required_of(&hir));
    }
    sets
}

/// Pushes onto `sets` literal sets of which every match of `hir` holds
/// one of each.
fn all_required(hir: &Hir, sets: &mut Vec<Vec<String>>) {
    match hir.kind() {
        HirKind::Capture(cap) => all_required(&cap.sub, sets),
        HirKind::Repetition(rep) if rep.min >= 1 => all_required(&rep.sub, sets),
        HirKind::Concat(parts) => {
            // Each piece of a concatenation is in every match of it;
            // adjacent literal pieces join into one longer literal, as in
            // `required`.
            let mut run = String::new();
            for p in parts {
                match single(p) {
                    Some(s) => run.push_str(&s),
                    None => {
                        if !run.is_empty() {
                            sets.push(vec![std::mem::take(&mut run)]);
                        }
                        all_required(p, sets);
                    }
                }
            }
            if !run.is_empty() {
                sets.push(vec![run]);
            }
        }
        _ => sets.extend(required_of(hir)),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_piece_of_a_concatenation_is_required() {
        // `\b` is in no set; the alternation is one set, and the literals
        // around it are runs of their own, a capture's joined to its
        // neighbours.
        assert_eq!(
            required_all_by(r"\bhead(?:quarters|seat)+, in (?P<t>the city)"),
            vec![
                vec!["head".to_owned()],
                vec!["quarters".to_owned(), "seat".to_owned()],
                vec![", in the city".to_owned()],
            ]
        );
        // An optional piece is needed by no match, and a set with a
        // one-byte literal (`y`) is kept only where there is no other.
        assert_eq!(
            required_all_by("(?:of )?members|x?y+"),
            vec![vec!["members".to_owned(), "y".to_owned()]]
        );
        assert_eq!(required_all_by("a?b?"), Vec::<Vec<String>>::new());
        assert_eq!(
            required_all_by("(?:of )?members"),
            vec![vec!["members".to_owned()]]
        );
    }
}
