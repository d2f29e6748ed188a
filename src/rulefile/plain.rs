//! A second, smaller regex for plain text.
//!
//! The letter classes of a pattern (`\p{Lu}`, `\p{L}`, case-insensitive
//! lists) compile to large byte automata, and the lazy DFA a thread builds
//! while searching with them is large too: it is most of the memory each
//! thread costs. Most prose holds only ASCII and a few punctuation marks
//! (curly quotes, dashes, a no-break space). On such text, a pattern
//! matches exactly what the same pattern matches with every class cut down
//! to those characters: a class or literal can only ever meet them, and a
//! word boundary sees only characters that Unicode and ASCII agree on (no
//! mark added here is a word character). The same holds, word boundaries
//! left as they are, for European text (Latin-1, the basic Cyrillic
//! alphabet and general punctuation). So
//! each pattern is compiled three times, each stretch of text is searched
//! by the smallest regex that covers it, and the full one is left for the
//! rest.

use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look, Repetition,
};

/// The characters beyond ASCII that plain text may hold: punctuation and
/// spaces, none of them a word character.
const MARKS: &[char] = &[
    '\u{A0}', '\u{AB}', '\u{BB}', '\u{2010}', '\u{2011}', '\u{2013}', '\u{2014}', '\u{2018}',
    '\u{2019}', '\u{201C}', '\u{201D}', '\u{201E}', '\u{2022}', '\u{2026}',
];

/// The characters a stretch of text holds, smallest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Reach {
    /// ASCII and [`MARKS`].
    Plain,
    /// ASCII, Latin-1, the basic Cyrillic alphabet and general punctuation.
    European,
    /// Anything.
    Full,
}

/// The smallest reach that covers `text`.
pub(crate) fn reach(text: &str) -> Reach {
    if text.is_ascii() {
        return Reach::Plain;
    }
    let mut reach = Reach::Plain;
    for c in text.chars() {
        if c.is_ascii() || MARKS.contains(&c) {
            continue;
        }
        if !in_european(c) {
            return Reach::Full;
        }
        reach = Reach::European;
    }
    reach
}

fn in_european(c: char) -> bool {
    EUROPEAN.iter().any(|r| r.contains(&c))
}

/// The letters and marks of [`Reach::European`] beyond ASCII: Latin-1,
/// the basic Cyrillic alphabet and general punctuation. The blocks beyond
/// (Latin Extended, the rest of Cyrillic) alternate capitals and small
/// letters one by one, which would make the automata large again.
const EUROPEAN: &[std::ops::RangeInclusive<char>] = &[
    '\u{80}'..='\u{FF}',
    '\u{400}'..='\u{45F}',
    '\u{2000}'..='\u{206F}',
];

/// `regex` cut down to text of `reach` (not [`Reach::Full`]), as a regex of
/// the same syntax; `None` if it does not parse.
#[cfg(test)]
pub(crate) fn narrowed(regex: &str, reach: Reach) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(regex).ok()?;
    Some(narrowed_hir(hir, reach).to_string())
}

/// A regex's parsed `hir` cut down to text of `reach` (not
/// [`Reach::Full`]), for the caller to compile as it is: printing the
/// cut-down regex and parsing it again took a sixth of compiling a tier.
pub(crate) fn narrowed_hir(hir: Hir, reach: Reach) -> Hir {
    let mut ranges = vec![ClassUnicodeRange::new('\0', '\x7F')];
    if reach == Reach::Plain {
        ranges.extend(MARKS.iter().map(|&c| ClassUnicodeRange::new(c, c)));
    } else {
        ranges.extend(
            EUROPEAN
                .iter()
                .map(|r| ClassUnicodeRange::new(*r.start(), *r.end())),
        );
    }
    let within = ClassUnicode::new(ranges);
    narrow(hir, &within, reach == Reach::Plain)
}

/// `hir` with every class and literal cut down to `within`; with `ascii`,
/// word boundaries become ASCII ones too.
fn narrow(hir: Hir, within: &ClassUnicode, ascii: bool) -> Hir {
    let narrow = |h: Hir| narrow(h, within, ascii);
    match hir.into_kind() {
        HirKind::Empty => Hir::empty(),
        // Leaving a part as it is never changes what matches: the cut is
        // only to make the automaton smaller.
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(s)
                if !s.chars().all(|c| {
                    within
                        .ranges()
                        .iter()
                        .any(|r| r.start() <= c && c <= r.end())
                }) =>
            {
                Hir::fail()
            }
            _ => Hir::literal(lit.0),
        },
        HirKind::Class(Class::Unicode(mut c)) => {
            c.intersect(within);
            Hir::class(Class::Unicode(c))
        }
        HirKind::Class(c @ Class::Bytes(_)) => Hir::class(c),
        HirKind::Look(look) if !ascii => Hir::look(look),
        HirKind::Look(look) => Hir::look(match look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => other,
        }),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(narrow(*r.sub)),
            ..r
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(narrow(*c.sub)),
            ..c
        }),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(narrow).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(narrow).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn no_mark_is_a_word_character() {
        let word = Regex::new(r"\w").unwrap();
        for c in MARKS {
            assert!(!word.is_match(&c.to_string()), "{c:?}");
        }
    }

    #[test]
    fn plain_text_finds_what_the_full_pattern_finds() {
        let patterns = [
            r"\p{Lu}\p{Ll}+(?:[-'’]\p{L}+)*",
            r"(?i:ks)\b\w+",
            r"(?P<name>\p{Lu}\p{Lu}+)[ \u{A0}]+(?:said|told)",
            r"й|x\s+y",
        ];
        let texts = [
            "Mr Smith-Jones’s KSX said “FOO BAR said” – x \u{A0} y\n",
            "ks \u{A0}word, O’Neill and Kelly",
        ];
        for p in patterns {
            let full = Regex::new(p).unwrap();
            let cut = Regex::new(&narrowed(p, Reach::Plain).unwrap()).unwrap();
            let wide = Regex::new(&narrowed(p, Reach::European).unwrap()).unwrap();
            for t in texts {
                assert_eq!(reach(t), Reach::Plain);
                let a: Vec<_> = full.captures_iter(t).map(|c| format!("{c:?}")).collect();
                let b: Vec<_> = cut.captures_iter(t).map(|c| format!("{c:?}")).collect();
                assert_eq!(a, b, "{p} on {t:?}");
            }
            for t in ["Ташкент said й x y", "Müller и Ёлкин – KS"] {
                assert_eq!(reach(t), Reach::European);
                let a: Vec<_> = full.captures_iter(t).map(|c| format!("{c:?}")).collect();
                let b: Vec<_> = wide.captures_iter(t).map(|c| format!("{c:?}")).collect();
                assert_eq!(a, b, "{p} on {t:?}");
            }
        }
        assert_eq!(reach("東京 Tokyo"), Reach::Full);
    }
}
