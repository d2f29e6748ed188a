//! Property tests: for random Unicode text and random gazetteers, every span
//! is exactly its slice of the original text and normalises to the alias
//! that matched it; flat spans are sorted and never overlap.

use gazet::normalize::{normalize_str, Options};
use gazet::{Annotator, Document, Gazetteer};
use gazet::{Flag, SpanSource};
use proptest::prelude::*;

/// Pieces that exercise the normaliser: case folds that change length,
/// combining marks, look-alike letters, astral and right-to-left letters,
/// invisible characters, every kind of line break, punctuation that ends or
/// joins words.
const PIECES: &[&str] = &[
    "a", "b", "k", "s", "i", "A", "K", "S", "ß", "ẞ", "SS", "İ", "ı", "\u{301}", "e\u{301}", "é",
    "С", "с", "c", "Ω", "ω", "ς", "Σ", "ﬁ", "Ｋ", "𝐀", "😀", "א", "ب", "北", "京", " ", "  ", "\n",
    "\r\n", "\r", "\t", "\u{A0}", "\u{200B}", "\u{AD}", "\u{FEFF}", "\0", "-", "–", "'", "’", "’s",
    "'s", ".", ",", "(", ")", "\"", "“",
];

/// Pieces aliases are made of (letters and what may sit inside a name).
const NAME_PIECES: &[&str] = &[
    "a", "b", "k", "s", "i", "A", "K", "S", "ß", "SS", "İ", "é", "e\u{301}", "С", "c", "Ω", "ς",
    "ﬁ", "北", " ", "-",
];

fn from(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(pieces), 1..max).prop_map(|v| v.concat())
}

fn gazetteer_text(aliases: &[Vec<String>]) -> String {
    let mut out = String::new();
    for (i, names) in aliases.iter().enumerate() {
        let names: Vec<String> = names
            .iter()
            // Names start and end with a letter, never a hyphen.
            .map(|n| {
                n.trim_matches(|c: char| c.is_whitespace() || c == '-')
                    .to_owned()
            })
            .filter(|n| {
                normalize_str(n, Options::FOLDED)
                    .trim()
                    .chars()
                    .any(char::is_alphanumeric)
            })
            .collect();
        let Some((first, rest)) = names.split_first() else {
            continue;
        };
        out.push_str(&format!("e{i}\tLOC\tcity\t{first}\t{}\n", rest.join(" | ")));
    }
    out
}

/// 400 cases by default; `PROPTEST_CASES=N` for a longer hunt.
fn config() -> ProptestConfig {
    if std::env::var_os("PROPTEST_CASES").is_some() {
        ProptestConfig::default()
    } else {
        ProptestConfig::with_cases(400)
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn spans_are_exact_slices_that_normalise_to_their_alias(
        aliases in prop::collection::vec(prop::collection::vec(from(NAME_PIECES, 5), 1..3), 1..6),
        filler in prop::collection::vec(from(PIECES, 4), 0..30),
        overlaps in any::<bool>(),
    ) {
        let gtext = gazetteer_text(&aliases);
        prop_assume!(!gtext.is_empty());
        let g = Gazetteer::builder().default_gazetteers(false).add_source("p.tsv", gtext.clone()).build();
        let g = match g { Ok(g) => g, Err(e) => return Err(TestCaseError::fail(format!("{e}\n{gtext}"))) };
        // Text: filler interleaved with the aliases themselves, so matches happen.
        let mut text = String::new();
        let all: Vec<&String> = aliases.iter().flatten().collect();
        for (k, f) in filler.iter().enumerate() {
            text.push_str(f);
            text.push_str(all[k % all.len()]);
        }
        let annotator = Annotator::builder().overlaps(overlaps).build(g).unwrap();
        let spans = annotator.annotate(&Document::new("d", text.clone())).spans;
        let chars: Vec<char> = text.chars().collect();
        let mut last_end = 0;
        for s in &spans {
            prop_assert!(s.start < s.end && s.end <= chars.len(), "{s:?}");
            let slice: String = chars[s.start..s.end].iter().collect();
            prop_assert_eq!(&slice, &s.text);
            prop_assert_eq!(&text[s.bytes.clone()], s.text.as_str());
            if s.source == SpanSource::Gazetteer {
                let opts = if s.flags.contains(&Flag::Dehyphenated) {
                    Options { join_hyphenated_lines: true, ..Options::FOLDED }
                } else {
                    Options::FOLDED
                };
                prop_assert_eq!(
                    normalize_str(&s.text, opts),
                    normalize_str(&s.alias, Options::FOLDED),
                    "span {:?} in {:?}", s, text
                );
            }
            if !s.nested {
                prop_assert!(s.start >= last_end, "flat spans sorted, no overlap: {spans:?}");
                last_end = s.end;
            }
        }
    }

    #[test]
    fn alignment_is_exact_for_any_text(text in from(PIECES, 60)) {
        let view = gazet::normalize::Normalized::new(&text, Options::FOLDED);
        let norm = view.as_str();
        // Every char boundary pair of the view maps to char boundaries of the
        // original, monotonically, or is rejected as inside a segment.
        let bounds: Vec<usize> = norm.char_indices().map(|(i, _)| i).chain([norm.len()]).collect();
        for w in bounds.windows(2) {
            if let Some(r) = view.original_range(w[0]..w[1]) {
                prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                prop_assert!(r.start <= r.end && r.end <= text.len());
            }
        }
        if !norm.is_empty() {
            let whole = view.original_range(0..norm.len());
            prop_assert!(whole.is_some());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..config() })]

    /// Very long lines: one alias repeated thousands of times with random
    /// separators (or none), then a random tail.
    #[test]
    fn long_lines_of_one_repeated_alias(
        alias in from(NAME_PIECES, 4),
        sep in prop::sample::select(&[" ", "", "-", "\u{200B}", "’s ", "\r\n", "ß"][..]),
        times in 1000usize..5000,
        tail in from(PIECES, 10),
    ) {
        let gtext = gazetteer_text(&[vec![alias.clone()]]);
        prop_assume!(!gtext.is_empty());
        let g = Gazetteer::builder().default_gazetteers(false).add_source("p.tsv", gtext).build().unwrap();
        // A short alias is an acronym with nothing else to back it.
        let annotator = Annotator::builder().lone_acronyms(true).build(g).unwrap();
        let text = format!("{}{tail}", format!("{alias}{sep}").repeat(times));
        let spans = annotator.annotate(&Document::new("d", text.clone())).spans;
        let mut last = 0;
        for s in &spans {
            prop_assert_eq!(&text[s.bytes.clone()], s.text.as_str());
            prop_assert!(s.bytes.start >= last);
            last = s.bytes.end;
        }
        if sep == " " {
            // Whole words: every repetition is found, but for the last one,
            // which a tail after a line break may join to its next word
            // (`well-⏎known`).
            prop_assert!(spans.len() + 1 >= times);
        }
    }
}

#[test]
fn text_made_of_one_repeated_alias() {
    let g = Gazetteer::builder()
        .default_gazetteers(false)
        .add_source("t.tsv", "x\tLOC\tcity\tAbc\n")
        .build()
        .unwrap();
    let a = Annotator::builder().build(g).unwrap();
    let text = "Abc ".repeat(10_000);
    let spans = a.annotate(&Document::new("d", text)).spans;
    assert_eq!(spans.len(), 10_000);
    assert_eq!((spans[9_999].start, spans[9_999].end), (39_996, 39_999));
}
