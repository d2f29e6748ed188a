//! The literals every match of a pattern holds, read from its compiled
//! regex: the name patterns and the relation rules run a pattern only
//! where one of them is (`names/prefilter.rs`, `relations/rules.rs`).

use regex_syntax::hir::{Class, Hir, HirKind};

/// More alternatives than this, and a pattern's literals are not worth
/// scanning for: the pattern is always run.
const MAX_LITERALS: usize = 400;

/// Records that pattern `i` needs one of `set`: each literal is kept
/// once in `literals`, and `owner` lists the patterns that need it.
pub(crate) fn own(
    literals: &mut Vec<String>,
    owner: &mut Vec<Vec<usize>>,
    set: Vec<String>,
    i: usize,
) {
    for lit in set {
        match literals.iter().position(|l| *l == lit) {
            Some(k) => owner[k].push(i),
            None => {
                literals.push(lit);
                owner.push(vec![i]);
            }
        }
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
