//! A normalised view of a text with an exact map back to the original.
//!
//! Matching happens on the normalised text, where `Kazakhstan`,
//! `KAZAKHSTAN`, `Ｋazakhstan` and `Kazakh\u{200B}stan` look alike; every match
//! is then mapped back to the original bytes, so that offsets refer to the
//! text the user gave, the way tokenizers' `NormalizedString` keeps its
//! alignments.
//!
//! The view is built one *segment* at a time (a character plus the combining
//! marks that follow it, or a run of white space). A segment whose output is
//! one character for one character is aligned byte for byte; any other
//! segment is aligned as a whole ("atomic"): a position inside its output
//! maps to the whole input segment. The map stores only atomic segments, so
//! plain ASCII prose costs nothing but a lower-casing copy.
//!
//! What the view does, in order, to each segment:
//! 1. characters that carry no letters are dropped (zero-width space and
//!    joiners, soft hyphen, BOM, bidirectional controls);
//! 2. typographic quotes become `'` or `"`, dashes and minus signs `-`;
//! 3. a Cyrillic or Greek letter that looks like a Latin one becomes that
//!    Latin letter, but only inside a word that also has Latin letters (the
//!    Cyrillic `С` of `Сrisis`), so that Russian words stay Russian;
//! 4. NFKC (full-width forms, ligatures, compatibility spaces);
//! 5. full Unicode case folding (`ß` → `ss`, `İ` → `i`), then NFKC again,
//!    unless the view is built case-sensitively;
//! 6. any run of white space, line breaks included, becomes one space,
//!    except that a run with a blank line in it becomes one line break (a
//!    name never runs across paragraphs);
//! 7. a hyphen at a line end between letters either stays a hyphen with the
//!    line break dropped (`Anti-⏎Terrorist` → `anti-terrorist`) or, in the
//!    joining view, disappears with it (`Kyr-⏎gyzstan` → `kyrgyzstan`).

use std::ops::Range;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// How to build a [`Normalized`] view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Apply full Unicode case folding.
    pub fold_case: bool,
    /// Drop a hyphen at a line end together with the line break, instead of
    /// keeping the hyphen.
    pub join_hyphenated_lines: bool,
}

impl Options {
    /// The view used for case-insensitive matching.
    pub const FOLDED: Options = Options {
        fold_case: true,
        join_hyphenated_lines: false,
    };
    /// The view used to check case-sensitive aliases.
    pub const CASED: Options = Options {
        fold_case: false,
        join_hyphenated_lines: false,
    };
}

/// A segment whose output is not aligned byte for byte with its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    norm: usize,
    norm_len: usize,
    orig: usize,
    orig_len: usize,
}

/// A normalised text and its alignment with the original.
#[derive(Clone, Debug)]
pub struct Normalized {
    text: String,
    /// Atomic segments, in order; between them the alignment is linear.
    pieces: Vec<Piece>,
    has_hyphenated_line: bool,
}

impl Normalized {
    /// Builds the normalised view of `original`.
    pub fn new(original: &str, options: Options) -> Normalized {
        Builder::new(original, options).run()
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the original has a hyphen at a line end between letters, so
    /// that a joining view may find names the default view cannot.
    pub fn has_hyphenated_line(&self) -> bool {
        self.has_hyphenated_line
    }

    /// Maps a byte range of the normalised text back to the byte range of
    /// the original that produced it. `None` if the range starts or ends
    /// inside the output of one segment (the `s` of `ß` → `ss`): such a range
    /// is no text of the original's own.
    pub fn original_range(&self, norm: Range<usize>) -> Option<Range<usize>> {
        if norm.start >= norm.end || norm.end > self.text.len() {
            return None;
        }
        Some(self.original_start(norm.start)?..self.original_end(norm.end)?)
    }

    fn original_start(&self, pos: usize) -> Option<usize> {
        match self.piece_at(pos) {
            Some(p) if pos < p.norm + p.norm_len => (pos == p.norm).then_some(p.orig),
            Some(p) => Some(p.orig + p.orig_len + (pos - p.norm - p.norm_len)),
            None => Some(pos),
        }
    }

    fn original_end(&self, end: usize) -> Option<usize> {
        let last = end - 1;
        match self.piece_at(last) {
            Some(p) if last < p.norm + p.norm_len => {
                (end == p.norm + p.norm_len).then_some(p.orig + p.orig_len)
            }
            Some(p) => Some(p.orig + p.orig_len + (end - p.norm - p.norm_len)),
            None => Some(end),
        }
    }

    /// The last atomic piece starting at or before `pos`. Pieces with empty
    /// output share their start with the next one; either way the
    /// alignment after the piece found is linear up to the next piece.
    fn piece_at(&self, pos: usize) -> Option<&Piece> {
        let i = self.pieces.partition_point(|p| p.norm <= pos);
        i.checked_sub(1).map(|i| &self.pieces[i])
    }
}

/// Whether `prefix` is a phrase that the folded view copies lower-cased
/// byte for byte, whatever word follows it after a space: ASCII, no white
/// space but single spaces between other characters, and no hyphen before
/// a space. Then the key of `{prefix} {rest}` is `prefix` lower-cased, a
/// space and the key of `rest`, for any `rest` that [`keys_alone`] accepts
/// (the fast path of [`Builder::run`] takes it all in one ASCII run).
pub(crate) fn is_plain_ascii_phrase(prefix: &str) -> bool {
    let b = prefix.as_bytes();
    !b.is_empty()
        && b[0] != b' '
        && b.iter().enumerate().all(|(i, &c)| match c {
            b' ' | b'-' => b.get(i + 1).is_some_and(|&n| n != b' '),
            _ => c.is_ascii() && !c.is_ascii_whitespace(),
        })
}

/// Whether a name normalises after a space as it does alone: it starts
/// with a letter or digit whose view starts the key (ASCII, Latin-1,
/// Latin Extended and Cyrillic; elsewhere a compatibility form may begin
/// with a space, as U+037A's does). What follows that first character is
/// normalised the same in both places, since no segment, run of white
/// space or word reaches back across the space before it.
pub(crate) fn keys_alone(name: &str) -> bool {
    name.chars().next().is_some_and(|c| {
        c.is_alphanumeric() && matches!(c, '0'..='9' | 'A'..='Z' | 'a'..='z' | '\u{C0}'..='\u{24F}' | '\u{400}'..='\u{4FF}')
    })
}

/// Normalises a short string (an alias) and returns only the text.
pub fn normalize_str(s: &str, options: Options) -> String {
    Normalized::new(s, options).text
}

struct Builder<'a> {
    src: &'a str,
    options: Options,
    out: String,
    pieces: Vec<Piece>,
    has_hyphenated_line: bool,
    /// Cached answer for the word that contains the last confusable letter
    /// looked at: (word byte range, whether it has a Latin letter).
    latin_word: Option<(Range<usize>, bool)>,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str, options: Options) -> Self {
        Builder {
            src,
            options,
            out: String::with_capacity(src.len()),
            pieces: Vec::new(),
            has_hyphenated_line: false,
            latin_word: None,
        }
    }

    fn run(mut self) -> Normalized {
        let bytes = self.src.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let run = self.plain_ascii_run(i);
            if run > i {
                // The fast path: plain ASCII copied (and lower-cased) as a
                // whole, one byte in, one out, aligned linearly.
                let at = self.out.len();
                self.out.push_str(&self.src[i..run]);
                if self.options.fold_case {
                    self.out[at..].make_ascii_lowercase();
                }
                i = run;
                continue;
            }
            let c = match self.src[i..].chars().next() {
                Some(c) => c,
                None => break,
            };
            if c.is_whitespace() {
                i = self.whitespace(i);
                continue;
            }
            if is_hyphen(c) {
                if let Some(next) = self.hyphenated_line(i, c) {
                    i = next;
                    continue;
                }
            }
            let mut end = i + c.len_utf8();
            while let Some(m) = self.src[end..]
                .chars()
                .next()
                .filter(|&m| is_combining_mark(m))
            {
                end += m.len_utf8();
            }
            self.segment(i..end);
            i = end;
        }
        Normalized {
            text: self.out,
            pieces: self.pieces,
            has_hyphenated_line: self.has_hyphenated_line,
        }
    }

    /// The end of the run of ASCII from `start` that normalises to itself
    /// (lower-cased): no space or hyphen next to other white space (a run
    /// of spaces, a hyphen at a line end), and no last character that a
    /// combining mark follows.
    fn plain_ascii_run(&self, start: usize) -> usize {
        let bytes = self.src.as_bytes();
        let mut j = start;
        while j < bytes.len() {
            let b = bytes[j];
            let plain = match b {
                b' ' | b'-' => bytes
                    .get(j + 1)
                    .is_some_and(|&n| n.is_ascii() && !n.is_ascii_whitespace()),
                _ => b.is_ascii() && !b.is_ascii_whitespace(),
            };
            if !plain {
                break;
            }
            j += 1;
        }
        if j > start && self.mark_follows(j) {
            j -= 1;
        }
        j
    }

    fn mark_follows(&self, at: usize) -> bool {
        match self.src.as_bytes().get(at) {
            Some(b) if !b.is_ascii() => {
                self.src[at..].chars().next().is_some_and(is_combining_mark)
            }
            _ => false,
        }
    }

    /// Emits `s` as the output of the original range `orig`.
    fn emit(&mut self, orig: Range<usize>, s: &str) {
        let one_to_one = {
            let mut o = self.src[orig.clone()].chars();
            let mut n = s.chars();
            o.next().is_some()
                && o.next().is_none()
                && n.next().is_some()
                && n.next().is_none()
                && s.len() == orig.len()
        };
        if !one_to_one {
            self.pieces.push(Piece {
                norm: self.out.len(),
                norm_len: s.len(),
                orig: orig.start,
                orig_len: orig.len(),
            });
        }
        self.out.push_str(s);
    }

    fn whitespace(&mut self, start: usize) -> usize {
        let end = start
            + self.src[start..]
                .char_indices()
                .find(|&(_, c)| !c.is_whitespace())
                .map_or(self.src.len() - start, |(k, _)| k);
        // A blank line ends a paragraph, and no name runs across one: it
        // becomes a line break, which no alias contains. (This is also what
        // lets a huge file be cut into chunks at blank lines without
        // changing what is found.)
        let breaks = line_breaks(&self.src[start..end]);
        self.emit(start..end, if breaks >= 2 { "\n" } else { " " });
        end
    }

    /// Handles a hyphen followed by a line break and a letter, after a
    /// letter. Returns where to go on, or `None` if this is no such hyphen.
    fn hyphenated_line(&mut self, start: usize, hyphen: char) -> Option<usize> {
        let after_letter = self
            .out
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic);
        if !after_letter {
            return None;
        }
        let ws_start = start + hyphen.len_utf8();
        let rest = &self.src[ws_start..];
        let ws_len = rest
            .char_indices()
            .find(|&(_, c)| !c.is_whitespace())
            .map(|(k, _)| k)?;
        let ws = &rest[..ws_len];
        let next = rest[ws_len..].chars().next()?;
        // One line end breaks a word; a blank line ends a paragraph, and
        // joining across it would make one word of the names either side.
        if line_breaks(ws) != 1 || !next.is_alphabetic() {
            return None;
        }
        self.has_hyphenated_line = true;
        let ws_end = ws_start + ws_len;
        // A soft hyphen only ever marks a word broken across lines.
        if self.options.join_hyphenated_lines || hyphen == '\u{AD}' {
            self.emit(start..ws_end, "");
        } else {
            self.emit(start..ws_start, "-");
            self.emit(ws_start..ws_end, "");
        }
        Some(ws_end)
    }

    fn segment(&mut self, range: Range<usize>) {
        let seg = &self.src[range.clone()];
        let mut chars = seg.chars();
        let first = chars.next().unwrap_or(' ');
        let single = chars.next().is_none();

        // Fast path for a lone character that NFKC leaves alone and that
        // needs no mapping.
        if single
            && map_char(first).is_none()
            && confusable(first).is_none()
            && is_nfkc_quick(std::iter::once(first)) == IsNormalized::Yes
        {
            if self.options.fold_case {
                let folded = drop_dot_after_i(caseless::Caseless::default_case_fold(
                    std::iter::once(first),
                ));
                self.emit(range, &folded);
            } else {
                self.emit(range, seg);
            }
            return;
        }

        let mut mapped = String::with_capacity(seg.len());
        let mut pos = range.start;
        for c in seg.chars() {
            if let Some(m) = map_char(c) {
                mapped.push_str(m);
            } else if let Some(latin) = confusable(c).filter(|_| self.in_latin_word(pos)) {
                mapped.push(latin);
            } else {
                mapped.push(c);
            }
            pos += c.len_utf8();
        }
        let mut s: String = mapped.nfkc().collect();
        if self.options.fold_case {
            let folded: String = caseless::default_case_fold_str(&s);
            s = drop_dot_after_i(folded.nfkc());
        }
        // NFKC may turn a compatibility space into a space: keep the one
        // space per run rule by emitting it as such.
        if !s.is_empty() && s.chars().all(char::is_whitespace) {
            s = " ".to_owned();
        }
        self.emit(range, &s);
    }

    /// Whether the word around byte `pos` has a Latin letter.
    fn in_latin_word(&mut self, pos: usize) -> bool {
        if let Some((r, latin)) = &self.latin_word {
            if r.contains(&pos) {
                return *latin;
            }
        }
        // The same words as whole-word matching sees, so that a span's
        // text normalises alone exactly as it did in context.
        let in_word = |c: char| is_word_char(c) && !is_unspaced(c);
        let start = self.src[..pos]
            .char_indices()
            .rev()
            .find(|&(_, c)| !in_word(c))
            .map_or(0, |(k, c)| k + c.len_utf8());
        let end = pos
            + self.src[pos..]
                .char_indices()
                .find(|&(_, c)| !in_word(c))
                .map_or(self.src.len() - pos, |(k, _)| k);
        let latin = self.src[start..end].chars().any(is_latin_letter);
        self.latin_word = Some((start..end, latin));
        latin
    }
}

/// Whether `c` is part of a word for whole-word matching.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_combining_mark(c)
}

/// Scripts written without spaces between words: every character there is a
/// word boundary, as in Unicode's word segmentation.
pub fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' // Han
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{0E00}'..='\u{0EFF}' // Thai, Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
    )
}

fn drop_dot_after_i(chars: impl Iterator<Item = char>) -> String {
    // Full case folding turns `İ` into `i` + U+0307; in Latin script names the
    // dot is only the capital's, so `İstanbul` should find `Istanbul`.
    let mut out = String::new();
    let mut last = None;
    for c in chars {
        if c == '\u{307}' && matches!(last, Some('i' | 'j')) {
            continue;
        }
        out.push(c);
        last = Some(c);
    }
    out
}

/// How many line ends a run of white space holds (LF, CR LF or a lone CR).
fn line_breaks(ws: &str) -> usize {
    let run = ws.as_bytes();
    (0..run.len())
        .filter(|&k| run[k] == b'\n' || (run[k] == b'\r' && run.get(k + 1) != Some(&b'\n')))
        .count()
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{AD}')
}

/// Punctuation and invisible characters the view rewrites.
fn map_char(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{200B}'
        | '\u{200C}'
        | '\u{200D}'
        | '\u{2060}'
        | '\u{FEFF}'
        | '\u{AD}'
        | '\u{180E}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => "",
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
        | '\u{00B4}' | '\u{FF07}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
        | '\u{2033}' | '\u{FF02}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => "-",
        _ => return None,
    })
}

/// The Latin letter a Cyrillic or Greek letter is commonly mistaken for.
pub(crate) fn confusable(c: char) -> Option<char> {
    Some(match c {
        // Cyrillic
        'А' => 'A',
        'В' => 'B',
        'С' => 'C',
        'Е' => 'E',
        'Н' => 'H',
        'І' => 'I',
        'Ј' => 'J',
        'К' => 'K',
        'М' => 'M',
        'О' => 'O',
        'Р' => 'P',
        'Ѕ' => 'S',
        'Т' => 'T',
        'Х' => 'X',
        'У' => 'Y',
        'а' => 'a',
        'с' => 'c',
        'е' => 'e',
        'і' => 'i',
        'ј' => 'j',
        'о' => 'o',
        'р' => 'p',
        'ѕ' => 's',
        'х' => 'x',
        'у' => 'y',
        'ԁ' => 'd',
        'һ' => 'h',
        'ԛ' => 'q',
        'ԝ' => 'w',
        // Greek
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        'ο' => 'o',
        _ => return None,
    })
}

pub(crate) fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}') && c.is_alphabetic()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (original, options, expected normalised text)
    const VIEW: &[(&str, Options, &str)] = &[
        ("Kazakhstan", Options::FOLDED, "kazakhstan"),
        ("KAZAKHSTAN", Options::FOLDED, "kazakhstan"),
        ("KAZAKHSTAN", Options::CASED, "KAZAKHSTAN"),
        ("Straße", Options::FOLDED, "strasse"),
        ("İstanbul", Options::FOLDED, "istanbul"),
        ("Ｋazakhstan", Options::FOLDED, "kazakhstan"),
        ("Kazakh\u{200B}stan", Options::FOLDED, "kazakhstan"),
        ("Central\u{A0}Asia", Options::FOLDED, "central asia"),
        ("Central \r\n  Asia", Options::FOLDED, "central asia"),
        ("Anti-\nTerrorist", Options::FOLDED, "anti-terrorist"),
        (
            "Kyr-\ngyzstan",
            Options {
                fold_case: true,
                join_hyphenated_lines: true,
            },
            "kyrgyzstan",
        ),
        ("Kyr\u{AD}\ngyzstan", Options::FOLDED, "kyrgyzstan"),
        ("Osh\u{AD}\n\nKant", Options::FOLDED, "osh\nkant"),
        ("Osh-\r\n\r\nKant", Options::FOLDED, "osh-\nkant"),
        ("the 2014–2016 war", Options::FOLDED, "the 2014-2016 war"),
        ("Kazakhstan’s", Options::FOLDED, "kazakhstan's"),
        ("“Izvestia”", Options::FOLDED, "\"izvestia\""),
        ("Сrisis", Options::FOLDED, "crisis"),
        ("Сrisis", Options::CASED, "Crisis"),
        ("ОДКБ", Options::FOLDED, "одкб"),
        ("ОДКБ", Options::CASED, "ОДКБ"),
        ("Caf\u{65}\u{301}", Options::FOLDED, "café"),
        ("ﬁnance", Options::FOLDED, "finance"),
        ("ΣΟΦΙΑ", Options::FOLDED, "σοφια"),
        ("- list", Options::FOLDED, "- list"),
    ];

    #[test]
    fn normalised_views() {
        for (orig, opts, want) in VIEW {
            assert_eq!(
                Normalized::new(orig, *opts).as_str(),
                *want,
                "normalising {orig:?} with {opts:?}"
            );
        }
    }

    /// (original, substring of the normalised text, expected original slice)
    const ALIGN: &[(&str, &str, &str)] = &[
        ("Hello Kazakhstan!", "kazakhstan", "Kazakhstan"),
        ("die Straße ist", "strasse", "Straße"),
        ("in İstanbul today", "istanbul", "İstanbul"),
        (
            "go to Central \r\n Asia now",
            "central asia",
            "Central \r\n Asia",
        ),
        (
            "the Anti-\n  Terrorist Centre",
            "anti-terrorist",
            "Anti-\n  Terrorist",
        ),
        ("Kazakh\u{200B}stan's", "kazakhstan", "Kazakh\u{200B}stan"),
        ("a Сrisis Response", "crisis response", "Сrisis Response"),
        ("ǅ Ｋazakhstan", "kazakhstan", "Ｋazakhstan"),
        ("e\u{301}cole Kaz", "kaz", "Kaz"),
        ("x\u{200B}", "x", "x"),
    ];

    #[test]
    fn alignment_maps_back_to_original() {
        for (orig, needle, want) in ALIGN {
            let n = Normalized::new(orig, Options::FOLDED);
            let at = n
                .as_str()
                .find(needle)
                .unwrap_or_else(|| panic!("{needle:?} not in {:?}", n.as_str()));
            let r = n.original_range(at..at + needle.len()).unwrap();
            assert_eq!(&orig[r], *want, "aligning {needle:?} in {orig:?}");
        }
    }

    #[test]
    fn ranges_inside_one_segment_do_not_map() {
        let n = Normalized::new("Straße", Options::FOLDED);
        assert_eq!(n.original_range(0..5), None); // "stras"
        assert_eq!(n.original_range(0..6), Some(0..6)); // "strass" = "Straß"
        assert_eq!(n.original_range(0..7), Some(0..7));
    }

    #[test]
    fn russian_words_keep_their_letters() {
        assert_eq!(
            Normalized::new("Страны ОДКБ", Options::CASED).as_str(),
            "Страны ОДКБ"
        );
    }

    /// The key of `{prefix} {name}` as the view makes it, and as
    /// `known_by_parent` puts it together when both parts allow.
    fn joined_keys(prefix: &str, name: &str) -> Option<(String, String)> {
        if !is_plain_ascii_phrase(prefix) || !keys_alone(name) {
            return None;
        }
        let whole = normalize_str(&format!("{prefix} {name}"), Options::FOLDED);
        let parts = format!(
            "{} {}",
            prefix.to_ascii_lowercase(),
            normalize_str(name, Options::FOLDED).trim()
        );
        Some((whole.trim().to_owned(), parts))
    }

    #[test]
    fn a_plain_prefix_and_a_name_key_apart() {
        let names = [
            "Kazakhstan",
            "Éire\u{200B} Office",
            "e\u{301}tat",
            "Сrisis Centre",
            "ОДКБ",
            "Straße  Amt ",
            "İstanbul",
            "Ĳssel\u{A0}-\nWerk",
            "Ministry-\nof",
        ];
        for prefix in ["Ministry of", "the Anti-Terror Unit of the", "X", "a-b"] {
            for name in names {
                let (whole, parts) = joined_keys(prefix, name).expect("both parts qualify");
                assert_eq!(whole, parts, "{prefix:?} + {name:?}");
            }
        }
        for prefix in ["", " X", "X ", "X  Y", "X- Y", "X-", "Ｘ", "X\tY"] {
            assert!(!is_plain_ascii_phrase(prefix), "{prefix:?}");
        }
        for name in [
            "",
            " X",
            "\u{37A}X",
            "\u{301}X",
            "-X",
            "\u{200B} X",
            "ΑΒ",
            "北京",
            "Ａbc",
        ] {
            assert!(!keys_alone(name), "{name:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 2000,
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        #[test]
        fn joined_keys_agree_for_any_name(
            prefix in "[A-Za-z0-9'.-]{1,6}( [A-Za-z0-9'.-]{1,6}){0,2}",
            name in "[aZ9ÉßİĲЖСАÀ\u{301}\u{308}\u{200B}\u{AD}\u{A0}\u{3000}\u{37A}\u{2019}\u{2013}ＡΑ北 \n\r\t-]{0,8}",
        ) {
            if let Some((whole, parts)) = joined_keys(&prefix, &name) {
                proptest::prop_assert_eq!(whole, parts);
            }
        }
    }
}
