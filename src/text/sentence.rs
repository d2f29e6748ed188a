//! Sentence splitting that never cuts a name in two.
//!
//! A boundary comes from one of two sources, and a protected span (an entity
//! mention) vetoes either kind:
//!
//! * **Line structure** gives boundaries that need no punctuation: a blank
//!   line ends a paragraph, a line opening with a bullet or list label starts
//!   an item, and a short unpunctuated line followed by a capitalised line is
//!   a heading. Real documents (the project's corpus included) put lists and
//!   headings on their own lines with no full stop, so punctuation alone would
//!   glue them to the next sentence.
//! * **Punctuation** gives candidates that are vetted both ways. Looking ahead,
//!   the terminator (with the quotes, brackets and footnote markers that close
//!   on it) must be followed by white space and then something that can open
//!   a sentence: a letter that is not lower case, a digit, an opening quote or
//!   bracket, or a bullet. Requiring white space keeps decimals, dates,
//!   versions, URLs and e-mail addresses whole for free; requiring a
//!   non-lowercase start keeps `approx. five` and `Wait... what` whole, which
//!   is right far more often than it is wrong. Looking behind, a lone period
//!   after a known abbreviation, an initial or a dotted abbreviation (`e.g.`,
//!   `U.S.`) is not a boundary, since these are overwhelmingly followed by a
//!   name or a noun of the same sentence (the Punkt and pySBD approach, with a
//!   fixed list instead of learnt statistics so that results are predictable).
//!
//! Choices worth knowing:
//!
//! * Inside an unclosed `(`, `[` or `{` there is no punctuation boundary, as
//!   a parenthetical is part of its sentence. The depth never goes below zero
//!   (smileys, `a)` labels) and is reset at every paragraph, list item and
//!   heading, so that one stray bracket costs at most one block, not the rest
//!   of the document.
//! * Line structure beats brackets: an item or heading starts a sentence even
//!   after an unclosed bracket, because a bracket left open across list items
//!   is far more often a typo than a parenthetical.
//! * Protection beats everything, paragraph breaks included: the contract is
//!   that no boundary falls inside a protected span.
//! * Quotes are not tracked like brackets. Straight quotes cannot tell opening
//!   from closing, and real text leaves guillemets unbalanced
//!   (`«Страны…»//»Известия»` in the corpus); a terminator followed by a
//!   closing quote simply moves the boundary after the quote.
//! * `a.m.`/`p.m.` end a sentence only before a capitalised word that is not
//!   a time zone (`5 p.m. The next day` splits, `10 a.m. EST and` does not): a
//!   time is rarely followed by a name, but often ends a sentence.
//! * `No.` is an abbreviation only before a digit (`No. 5`), so that the answer
//!   `No. I disagree.` still splits.
//! * `etc.`, `и т.д.` and `и т.п.` may end a sentence; the comma in `etc., and`
//!   already keeps the rest together.
//! * A dotted word counts as an abbreviation only when made of letters in
//!   pieces of at most two (`e.g`, `Ph.D`, `a.k.a`), so that
//!   `www.example.org.` or `v1.2.` at a sentence end still ends it.
//! * A period after a list label (`1.`, `iv.`) at the start of a sentence
//!   belongs to the label, not to a one-word sentence.
//! * A line counts as a heading only if the line break is not a soft wrap:
//!   when the following lines are at least 30 characters long (so the text
//!   looks hard-wrapped at some width), the first word of the next line must
//!   have fitted on the heading line; otherwise wrapped prose whose next line
//!   begins with a name would be cut at every line.
//!
//! Limitations: a sentence that really ends in an abbreviation or an initial
//! (`… founded Acme Inc. The company`, `World War I. The`) is not split;
//! scripts that put no space after a full stop (Chinese, Japanese) are not
//! split at their full stops. Everything runs in one left-to-right pass plus
//! bounded look-arounds, so the time is linear in the text.

use std::ops::Range;

/// Splits `text` into sentences. Returns byte ranges into `text`, in order,
/// non-overlapping, each trimmed of surrounding whitespace and non-empty. Every
/// non-whitespace character of `text` lies in exactly one range. No range
/// boundary falls strictly inside any of `protected` (entity spans, byte ranges,
/// sorted by start, non-overlapping); i.e. a sentence never splits a name.
///
/// White space is [`char::is_whitespace`]. Protected ranges that are unsorted,
/// overlapping, empty or out of bounds are tolerated. A protected range that
/// begins or ends in white space at the very start or end of `text` cannot
/// be honoured there, since ranges are trimmed.
pub fn split(text: &str, protected: &[Range<usize>]) -> Vec<Range<usize>> {
    let lines = lines(text);
    let mut splitter = Splitter {
        text,
        guard: Guard::new(protected),
        starts: Vec::new(),
        tried: None,
        depth: 0,
    };
    for paragraph in paragraphs(text, &lines) {
        if let Some(paragraph) = lines.get(paragraph) {
            splitter.paragraph(paragraph);
        }
    }
    sentences(text, &splitter.starts)
}

/// Titles and short forms that are followed by more of the same sentence,
/// lower case. `no` and `a.m`/`p.m` are decided in [`is_abbreviation`].
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    // Titles and ranks: a name follows.
    "mr", "mrs", "ms", "messrs", "mme", "dr", "prof", "hon", "pres", "gov", "sen", "rep", "rev",
    "lt", "col", "gen", "capt", "sgt", "maj", "adm", "supt", "st", "sr", "jr", "mt", "ft",
    // References: a number or a name follows.
    "nos", "vol", "vols", "p", "pp", "fig", "figs", "art", "ch", "sect", "para", "eq", "eqs",
    "ref", "refs", "cf", "vs", "al", "approx", "est", "ca",
    // Organisations and places.
    "inc", "ltd", "co", "corp", "dept", "univ", "assn", "bros", "ave",
    // Months: a day or a year follows.
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    // Russian: see, that is, year(s), named after, figure, page, table, street, professor,
    // academician.
    "см", "т.е", "г", "гг", "им", "рис", "стр", "табл", "ул", "проф", "акад",
];

/// Dotted forms of "etcetera", which end sentences as often as `etc.` does.
const DOTTED_ETC: &[&str] = &["т.д", "т.п"];

/// Time zones that may follow `a.m.`/`p.m.` inside a sentence.
const TIME_ZONES: &[&str] = &[
    "UTC", "GMT", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "CET", "CEST", "EET",
    "EEST", "BST", "MSK", "IST", "JST", "AEST",
];

/// Words that end a wrapped line but never a heading.
#[rustfmt::skip]
const CONTINUING_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "into", "onto", "than", "that", "which", "who", "whose", "whom", "is", "are",
    "was", "were", "be", "been", "has", "have", "had", "its", "their", "his", "her", "our",
    "your", "my", "this", "these", "those", "while", "because", "if",
    "и", "или", "но", "а", "в", "во", "на", "с", "со", "к", "ко", "по", "о", "об", "от", "до", "из",
    "за", "для", "при", "что", "как", "не", "который", "которые",
];

/// A heading has at most this many words.
const MAX_HEADING_WORDS: usize = 12;

/// Lines shorter than this give no evidence of hard wrapping: nobody wraps
/// prose that narrowly, but titles and list-like lines are that short.
const MIN_WRAP_WIDTH: usize = 30;

/// No abbreviation, initial or list label is longer; looking further back
/// would only cost time.
const MAX_WORD_CHARS: usize = 24;

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '‽')
}

/// Closes on a terminator: `."`, `?»`, `.)`.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}')
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '„' | '‚' | '«' | '‹' | '(' | '[' | '{' | '¿' | '¡'
    )
}

fn is_bullet(c: char) -> bool {
    "-–—•*·‣◦▪●○■□►➢".contains(c)
}

fn is_superscript_digit(c: char) -> bool {
    matches!(c, '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹' | '⁰')
}

/// Line breaks; U+2029 also ends a paragraph.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Upper case, title case, or a letter of a script without case (Arabic,
/// Hebrew, Devanagari…), where any word may begin a sentence.
fn is_capital(c: char) -> bool {
    c.is_alphabetic() && !c.is_lowercase()
}

fn opens_sentence(c: char) -> bool {
    is_capital(c) || c.is_numeric() || is_opener(c) || is_bullet(c)
}

/// Length of a footnote marker `[1]`…`[999]` at the start of `s`.
fn footnote_len(s: &str) -> Option<usize> {
    let inner = s.strip_prefix('[')?;
    let digits = inner.bytes().take(4).take_while(u8::is_ascii_digit).count();
    ((1..=3).contains(&digits) && inner.as_bytes().get(digits) == Some(&b']')).then_some(digits + 2)
}

/// `i` to `xxxix` in one case; lists rarely run longer, and accepting any
/// run of `ivxlcdm` would take words like `did` for numbers.
fn is_roman(s: &str) -> bool {
    let uniform =
        s.bytes().all(|b| b.is_ascii_lowercase()) || s.bytes().all(|b| b.is_ascii_uppercase());
    if s.is_empty() || !uniform {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let units = lower.trim_start_matches('x');
    lower.len() - units.len() <= 3
        && matches!(
            units,
            "" | "i" | "ii" | "iii" | "iv" | "v" | "vi" | "vii" | "viii" | "ix"
        )
}

/// A list label: `1`…`999` or a Roman numeral.
fn is_label(word: &str) -> bool {
    ((1..=3).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit())) || is_roman(word)
}

/// Whether a line (without its indentation) opens with a list marker and
/// white space: a bullet, `1.`, `2)`, `(3)`, `a)`, `(b)`, `iv.`.
fn is_list_item(line: &str) -> bool {
    let followed_by_space =
        |rest: &str| rest.chars().next().filter(|c| !c.is_whitespace()).is_none();
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if is_bullet(first) {
        return followed_by_space(chars.as_str());
    }
    let (parenthesised, rest) = match line.strip_prefix('(') {
        Some(rest) => (true, rest),
        None => (false, line),
    };
    let Some((len, delimiter)) = rest
        .char_indices()
        .take(7)
        .find(|&(_, c)| !c.is_alphanumeric())
    else {
        return false;
    };
    let (Some(label), Some(after)) = (rest.get(..len), rest.get(len + delimiter.len_utf8()..))
    else {
        return false;
    };
    let mut label_chars = label.chars();
    let single_letter =
        matches!((label_chars.next(), label_chars.next()), (Some(c), None) if c.is_alphabetic());
    let fits = match delimiter {
        // `a)`, `(b)`, `2)`, `(3)`, `iv)`.
        ')' => is_label(label) || single_letter,
        // `1.`, `iv.`; but `I.`, `V.`, `X.` read as initials (`X. Jinping`).
        '.' if !parenthesised => {
            is_label(label) && !(single_letter && label.bytes().all(|b| b.is_ascii_uppercase()))
        }
        _ => false,
    };
    fits && followed_by_space(after)
}

/// Whether a lone period after `word` belongs to the word rather than ending
/// the sentence, given the text `next` that follows the white space (which
/// opens a sentence).
fn is_abbreviation(word: &str, next: &str) -> bool {
    // Opening quotes and brackets belong to the sentence, not to the word.
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if chars.next().is_none() && first.is_uppercase() {
        // An initial: `J. R. R. Tolkien`, `George W. Bush`.
        return true;
    }
    let lower = word.to_lowercase();
    match lower.as_str() {
        "a.m" | "p.m" => {
            let capital_word = next.chars().next().is_some_and(is_capital);
            !capital_word || is_time_zone(next)
        }
        "no" => next.starts_with(|c: char| c.is_ascii_digit()),
        dotted if DOTTED_ETC.contains(&dotted) => false,
        other => ABBREVIATIONS.contains(&other) || is_dotted_abbreviation(other),
    }
}

/// `e.g`, `a.k.a`, `U.S`, `Ph.D`, `т.е`: letters in dotted pieces of one or
/// two, unlike host names, versions and dates.
fn is_dotted_abbreviation(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|piece| {
            (1..=2).contains(&piece.chars().count()) && piece.chars().all(char::is_alphabetic)
        })
}

fn is_time_zone(next: &str) -> bool {
    let word: String = next
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .take(5)
        .collect();
    TIME_ZONES.contains(&word.as_str())
}

/// One line: `start..end` excludes the line break.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    end: usize,
    /// Ended by U+2029 PARAGRAPH SEPARATOR.
    ends_paragraph: bool,
}

/// The lines of `text`; `\r\n` is one break, a lone `\r` another.
fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_line_break(c) {
            continue;
        }
        let mut next = i + c.len_utf8();
        if c == '\r' && chars.next_if(|&(_, n)| n == '\n').is_some() {
            next += 1;
        }
        out.push(Line {
            start,
            end: i,
            ends_paragraph: c == '\u{2029}',
        });
        start = next;
    }
    out.push(Line {
        start,
        end: text.len(),
        ends_paragraph: false,
    });
    out
}

/// Paragraphs as ranges of line indices: runs of non-blank lines.
fn paragraphs(text: &str, lines: &[Line]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut first = None;
    for (k, line) in lines.iter().enumerate() {
        let blank = text
            .get(line.start..line.end)
            .unwrap_or("")
            .trim()
            .is_empty();
        if blank {
            if let Some(f) = first.take() {
                out.push(f..k);
            }
            continue;
        }
        let f = *first.get_or_insert(k);
        if line.ends_paragraph {
            out.push(f..k + 1);
            first = None;
        }
    }
    if let Some(f) = first {
        out.push(f..lines.len());
    }
    out
}

/// Answers whether a position lies strictly inside a protected span.
struct Guard {
    /// Sorted by start; spans that overlapped the caller's are merged, so
    /// only the last span starting before a position can contain it.
    spans: Vec<(usize, usize)>,
}

impl Guard {
    fn new(protected: &[Range<usize>]) -> Self {
        let mut spans: Vec<(usize, usize)> = protected
            .iter()
            .filter(|r| r.start < r.end)
            .map(|r| (r.start, r.end))
            .collect();
        // Already sorted in the normal case, which the sort notices in one pass.
        spans.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        for (start, end) in spans {
            match merged.last_mut() {
                // Merge only true overlaps: between touching spans is a
                // legitimate boundary.
                Some(last) if start < last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        Guard { spans: merged }
    }

    fn inside(&self, at: usize) -> bool {
        let before = self.spans.partition_point(|&(start, _)| start < at);
        before
            .checked_sub(1)
            .and_then(|k| self.spans.get(k))
            .is_some_and(|&(_, end)| at < end)
    }
}

struct Splitter<'t> {
    text: &'t str,
    guard: Guard,
    /// Accepted sentence starts, increasing; each is a non-white character.
    starts: Vec<usize>,
    /// The furthest start tried, so that a start found twice (after a full
    /// stop at a line end and again as the next line's start) is tried once.
    tried: Option<usize>,
    /// Bracket depth within the current block.
    depth: usize,
}

impl<'t> Splitter<'t> {
    fn slice(&self, range: Range<usize>) -> &'t str {
        self.text.get(range).unwrap_or("")
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..)?.chars().next()
    }

    /// Starts a sentence at `at` (a non-white character) unless that would
    /// put a boundary inside a protected span.
    fn start(&mut self, at: usize) {
        if self.tried.is_some_and(|tried| at <= tried) {
            return;
        }
        self.tried = Some(at);
        // The previous sentence ends where its trailing white space begins;
        // both ends of the gap must be outside protected spans.
        let end = self.slice(0..at).trim_end().len();
        if self.guard.inside(end) || self.guard.inside(at) {
            return;
        }
        self.starts.push(at);
    }

    fn paragraph(&mut self, lines: &[Line]) {
        let mut heading_before = false;
        for (k, line) in lines.iter().enumerate() {
            let content = self.slice(line.start..line.end).trim_start();
            let at = line.end - content.len();
            if k == 0 || heading_before || is_list_item(content) {
                self.depth = 0;
                self.start(at);
            }
            self.scan(at, line.end);
            heading_before = self.is_heading(line, at, lines.get(k + 1), lines.get(k + 2));
        }
    }

    /// Tracks brackets and handles terminators in `from..to`.
    fn scan(&mut self, from: usize, to: usize) {
        let mut i = from;
        while i < to {
            let Some(c) = self.char_at(i) else {
                break;
            };
            match c {
                '(' | '[' | '{' => self.depth += 1,
                ')' | ']' | '}' => self.depth = self.depth.saturating_sub(1),
                _ if is_terminator(c) => {
                    i = self.terminator(i, to);
                    continue;
                }
                _ => {}
            }
            i += c.len_utf8();
        }
    }

    /// Handles the run of terminators at `i` on a line ending at `to`;
    /// returns where scanning resumes.
    fn terminator(&mut self, i: usize, to: usize) -> usize {
        let run: usize = self
            .slice(i..to)
            .chars()
            .take_while(|&c| is_terminator(c))
            .map(char::len_utf8)
            .sum();
        let lone_period = run == 1 && self.slice(i..i + 1) == ".";
        let mut after = i + run;
        // What closes on the terminator stays with its sentence: `."`, `.)`,
        // `.[1]`, `.²`.
        loop {
            let rest = self.slice(after..to);
            match rest.chars().next() {
                Some(c) if is_closer(c) || is_superscript_digit(c) => {
                    if matches!(c, ')' | ']' | '}') {
                        self.depth = self.depth.saturating_sub(1);
                    }
                    after += c.len_utf8();
                }
                _ => match footnote_len(rest) {
                    Some(len) => after += len,
                    None => break,
                },
            }
        }
        if self.depth > 0 {
            return after;
        }
        let rest = self.slice(after..self.text.len());
        if !rest.starts_with(char::is_whitespace) {
            return after;
        }
        let next = rest.trim_start();
        if !next.chars().next().is_some_and(opens_sentence) {
            return after;
        }
        if lone_period {
            if let Some((word_start, word)) = self.word_before(i) {
                let label = self.starts.last() == Some(&word_start) && is_label(word);
                if label || is_abbreviation(word, next) {
                    return after;
                }
            }
        }
        self.start(self.text.len() - next.len());
        after
    }

    /// The white-space-delimited word ending at `end`, with its start; `None`
    /// when it is too long to be an abbreviation or a label.
    fn word_before(&self, end: usize) -> Option<(usize, &'t str)> {
        let mut start = end;
        for (n, (k, c)) in self.slice(0..end).char_indices().rev().enumerate() {
            if c.is_whitespace() {
                break;
            }
            if n == MAX_WORD_CHARS {
                return None;
            }
            start = k;
        }
        Some((start, self.slice(start..end)))
    }

    /// Whether the line starting (after indentation) at `at` is a heading:
    /// a whole sentence of at most 12 words without closing punctuation,
    /// followed by a capitalised line that does not look like its wrapped
    /// continuation.
    fn is_heading(
        &self,
        line: &Line,
        at: usize,
        next: Option<&Line>,
        after: Option<&Line>,
    ) -> bool {
        let Some(next) = next else {
            return false;
        };
        if self.starts.last() != Some(&at) || self.depth > 0 {
            return false;
        }
        let heading = self.slice(at..line.end).trim_end();
        let next_line = self.slice(next.start..next.end).trim();
        if !next_line.chars().next().is_some_and(is_capital)
            || heading.split_whitespace().nth(MAX_HEADING_WORDS).is_some()
        {
            return false;
        }
        let bare = heading.trim_end_matches(|c| is_closer(c) || is_superscript_digit(c));
        let continues = |c: char| {
            is_terminator(c) || matches!(c, ':' | ';' | ',' | '-' | '–' | '—' | '/' | '&')
        };
        if bare.ends_with(continues)
            || bare
                .split_whitespace()
                .next_back()
                .is_some_and(|word| CONTINUING_WORDS.contains(&word))
        {
            return false;
        }
        // Hard-wrapped prose breaks a line only where the next word does not
        // fit; if it would have fitted within the width of the lines that
        // follow, the break was meant.
        let width = [Some(next), after]
            .into_iter()
            .flatten()
            .map(|l| self.slice(l.start..l.end).trim().chars().count())
            .max()
            .unwrap_or(0);
        if width >= MIN_WRAP_WIDTH {
            let first_word = next_line
                .split_whitespace()
                .next()
                .map_or(0, |w| w.chars().count());
            if heading.chars().count() + 1 + first_word > width {
                return false;
            }
        }
        true
    }
}

/// The trimmed, non-empty pieces of `text` between sentence starts.
fn sentences(text: &str, starts: &[usize]) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(starts.len() + 1);
    let mut from = 0;
    for &to in starts.iter().chain(std::iter::once(&text.len())) {
        let piece = text.get(from..to).unwrap_or("").trim_start();
        let start = to - piece.len();
        let end = start + piece.trim_end().len();
        if start < end {
            out.push(start..end);
        }
        from = to;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// (text, expected sentences), no protected spans.
    const CASES: &[(&str, &[&str])] = &[
        // Empty input and input with nothing to split.
        ("", &[]),
        ("   \n\t \r\n  \u{A0}", &[]),
        ("Hello world", &["Hello world"]),
        ("  Print Friendly, PDF & Email  ", &["Print Friendly, PDF & Email"]),
        // Several sentences on one line; runs of terminators.
        ("One. Two! Three? Four", &["One.", "Two!", "Three?", "Four"]),
        (
            "Really?! Yes... Fine… Done.",
            &["Really?!", "Yes...", "Fine…", "Done."],
        ),
        // Abbreviations.
        (
            "Mr. Smith met Dr. Jones. They talked.",
            &["Mr. Smith met Dr. Jones.", "They talked."],
        ),
        (
            "Lt. Col. Khalimov fled. Prof. Ivanov stayed.",
            &["Lt. Col. Khalimov fled.", "Prof. Ivanov stayed."],
        ),
        (
            "Some arms, e.g. Rifles, were found. Others, i.e. Pistols, were not.",
            &[
                "Some arms, e.g. Rifles, were found.",
                "Others, i.e. Pistols, were not.",
            ],
        ),
        (
            "He joined the U.S. Army in 2001. He left the U.K. Navy later.",
            &["He joined the U.S. Army in 2001.", "He left the U.K. Navy later."],
        ),
        (
            "The SCO a.k.a. Shanghai Pact is not a bloc. But it helps.",
            &["The SCO a.k.a. Shanghai Pact is not a bloc.", "But it helps."],
        ),
        (
            "See Fig. 3 and pp. 10-12 in Vol. 2. Ann Smith, Ph.D. Candidate, agreed.",
            &[
                "See Fig. 3 and pp. 10-12 in Vol. 2.",
                "Ann Smith, Ph.D. Candidate, agreed.",
            ],
        ),
        (
            "Prices rose. 2016 was worse. No. 5 was best. No. It was not.",
            &["Prices rose.", "2016 was worse.", "No. 5 was best.", "No.", "It was not."],
        ),
        // Initials.
        (
            "J. R. R. Tolkien wrote it. George W. Bush read it. J. R. Smith did not.",
            &[
                "J. R. R. Tolkien wrote it.",
                "George W. Bush read it.",
                "J. R. Smith did not.",
            ],
        ),
        // `etc.` may end a sentence.
        (
            "Arms, weapons, etc. The next item. Arms, etc., and more.",
            &["Arms, weapons, etc.", "The next item.", "Arms, etc., and more."],
        ),
        // Lower case after a terminator does not split.
        (
            "Troops from the U.S. and approx. five others came. Wait... what?",
            &["Troops from the U.S. and approx. five others came.", "Wait... what?"],
        ),
        // Decimals, dates, versions, addresses, times.
        (
            "It costs 3.5 dollars. On 14.10.2016 it rose.",
            &["It costs 3.5 dollars.", "On 14.10.2016 it rose."],
        ),
        (
            "Get v1.2 at www.example.org or mail info@example.org. Then run it. It is v1.2. Fine.",
            &[
                "Get v1.2 at www.example.org or mail info@example.org.",
                "Then run it.",
                "It is v1.2.",
                "Fine.",
            ],
        ),
        (
            "It starts at 10.30 a.m. and ends at 5 p.m. on Friday.",
            &["It starts at 10.30 a.m. and ends at 5 p.m. on Friday."],
        ),
        (
            "It starts at 10 a.m. The guests come at 9 a.m. EST and stay.",
            &["It starts at 10 a.m.", "The guests come at 9 a.m. EST and stay."],
        ),
        // Quotes.
        (
            "He said \"Stop.\" Then he left.",
            &["He said \"Stop.\"", "Then he left."],
        ),
        (
            "She asked «Why?» Nobody answered. “Go.” ‘Now!’ “No,” he said.",
            &["She asked «Why?»", "Nobody answered.", "“Go.”", "‘Now!’", "“No,” he said."],
        ),
        (
            "It ended. \"Next,\" he said. (Then silence.) [Done.]",
            &["It ended.", "\"Next,\" he said.", "(Then silence.)", "[Done.]"],
        ),
        // Brackets.
        (
            "He left (see Fig. 3). Then he came back.",
            &["He left (see Fig. 3).", "Then he came back."],
        ),
        (
            "The report (it was long. Very long) was published. Next item.",
            &["The report (it was long. Very long) was published.", "Next item."],
        ),
        (
            "First a) then b). Second (really. Truly) here. Third.",
            &["First a) then b).", "Second (really. Truly) here.", "Third."],
        ),
        (
            "Open (bracket here. Still inside.\n\nNew paragraph. Splits again.",
            &["Open (bracket here. Still inside.", "New paragraph.", "Splits again."],
        ),
        // Footnote markers after and before the period.
        (
            "It is agreed.[1] Next step.² Last one.\"[12] Done.",
            &["It is agreed.[1]", "Next step.²", "Last one.\"[12]", "Done."],
        ),
        (
            "It spread to many countries[1]. Then it stopped[2]. End.",
            &["It spread to many countries[1].", "Then it stopped[2].", "End."],
        ),
        // Paragraph breaks end a sentence even without punctuation.
        (
            "First paragraph\n\nsecond one\n \t\nthird one",
            &["First paragraph", "second one", "third one"],
        ),
        // Bullets with and without blank lines between them.
        (
            "The threats are:\n\n– Extremist organizations;\n\n– Illegal armed groups;\n\n – Drugs.",
            &[
                "The threats are:",
                "– Extremist organizations;",
                "– Illegal armed groups;",
                "– Drugs.",
            ],
        ),
        (
            "The threats are:\n– Extremism;\n– Drugs, arms\nand ammunition;\n  • Terror\n* Crime\n· Other\n— Last",
            &[
                "The threats are:",
                "– Extremism;",
                "– Drugs, arms\nand ammunition;",
                "• Terror",
                "* Crime",
                "· Other",
                "— Last",
            ],
        ),
        // Numbered lists.
        (
            "Steps:\n1. Open the box\n2) Take it out\n(3) Close it\na) first\n(b) second\niv. fourth\nIV. Fifth",
            &[
                "Steps:",
                "1. Open the box",
                "2) Take it out",
                "(3) Close it",
                "a) first",
                "(b) second",
                "iv. fourth",
                "IV. Fifth",
            ],
        ),
        (
            "Do this. 1. Open it. 2. Close it.",
            &["Do this.", "1. Open it.", "2. Close it."],
        ),
        // A bracket left open in one item does not swallow the next.
        (
            "– Arms (guns, ammo;\n– Drugs. More.",
            &["– Arms (guns, ammo;", "– Drugs.", "More."],
        ),
        // Headings.
        (
            "Introduction\nThe paper starts here. It ends here.",
            &["Introduction", "The paper starts here.", "It ends here."],
        ),
        (
            "Part I\nChapter 2\nIt was dark.",
            &["Part I", "Chapter 2", "It was dark."],
        ),
        (
            "Central Asia\nKazakhstan has the most stable political and social system in the region.\nIt is large.",
            &[
                "Central Asia",
                "Kazakhstan has the most stable political and social system in the region.",
                "It is large.",
            ],
        ),
        // Wrapped prose is not split at line breaks.
        (
            "This sentence is wrapped\nover two lines. And this one\ncontinues too.",
            &["This sentence is wrapped\nover two lines.", "And this one\ncontinues too."],
        ),
        (
            "The meeting was chaired by\nPresident Tokayev in Astana.",
            &["The meeting was chaired by\nPresident Tokayev in Astana."],
        ),
        (
            "Delegates came from every member state of the bloc\nKazakhstan hosted them in its new capital\nand the talks lasted for three long days.",
            &["Delegates came from every member state of the bloc\nKazakhstan hosted them in its new capital\nand the talks lasted for three long days."],
        ),
        (
            "This line has thirteen words in it so it is not a heading\nThe next line.",
            &["This line has thirteen words in it so it is not a heading\nThe next line."],
        ),
        (
            "He met Mr.\nSmith yesterday.",
            &["He met Mr.\nSmith yesterday."],
        ),
        // CRLF and lone CR.
        (
            "First line.\r\nSecond line.\r\n\r\nNew paragraph\r\nstill going",
            &["First line.", "Second line.", "New paragraph\r\nstill going"],
        ),
        ("One\r\rTwo.\rThree", &["One", "Two.", "Three"]),
        ("One\u{2029}two\u{2028}three", &["One", "two\u{2028}three"]),
        // Russian.
        (
            "[1] См.: «Страны ОДКБ усилят борьбу с терроризмом»//»Известия», 14.10.2016 [URL:]",
            &["[1] См.: «Страны ОДКБ усилят борьбу с терроризмом»//»Известия», 14.10.2016 [URL:]"],
        ),
        (
            "Музей им. Пушкина открыт с 1990 г. и работает. См. также «Известия». Конец.",
            &["Музей им. Пушкина открыт с 1990 г. и работает.", "См. также «Известия».", "Конец."],
        ),
        (
            "А. С. Пушкин писал стихи, т.е. Поэмы. Оружие, и т.д. Далее.",
            &["А. С. Пушкин писал стихи, т.е. Поэмы.", "Оружие, и т.д.", "Далее."],
        ),
        // Scripts without case.
        ("שלום. עולם.", &["שלום.", "עולם."]),
    ];

    fn pieces<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges
            .iter()
            .map(|r| text.get(r.clone()).unwrap_or("<bad range>"))
            .collect()
    }

    #[test]
    fn cases() {
        let mut failures = Vec::new();
        for &(text, expected) in CASES {
            let got = pieces(text, &split(text, &[]));
            if got != expected {
                failures.push(format!(
                    "{text:?}\n  expected {expected:?}\n  got      {got:?}"
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// (text, protected substrings, expected sentences).
    const PROTECTED: &[(&str, &[&str], &[&str])] = &[
        (
            "He works at Yahoo! Inc. in California. It grew.",
            &["Yahoo! Inc."],
            &["He works at Yahoo! Inc. in California.", "It grew."],
        ),
        (
            "He works at Yahoo! Inc. in California. It grew.",
            &[],
            &["He works at Yahoo!", "Inc. in California.", "It grew."],
        ),
        (
            "He moved to St. Petersburg. It was cold.",
            &["St. Petersburg"],
            &["He moved to St. Petersburg.", "It was cold."],
        ),
        (
            "He fought in the U.S. Army. Abu Omar al-Shishani fled. Then peace.",
            &["U.S. Army", "Abu Omar al-Shishani"],
            &[
                "He fought in the U.S. Army.",
                "Abu Omar al-Shishani fled.",
                "Then peace.",
            ],
        ),
        // A heading boundary inside a name is dropped.
        (
            "The Shanghai Cooperation\nOrganization met. Then it ended.",
            &["Shanghai Cooperation\nOrganization"],
            &[
                "The Shanghai Cooperation\nOrganization met.",
                "Then it ended.",
            ],
        ),
        // Protection beats even a paragraph break and a list item.
        (
            "The Organization\n\nof Collective Security. Next.\n- item",
            &["Organization\n\nof Collective", "Next.\n- item"],
            &[
                "The Organization\n\nof Collective Security.",
                "Next.\n- item",
            ],
        ),
        // A span ending in white space still keeps the boundary out.
        ("Stop. Go. Now.", &["Go. "], &["Stop.", "Go. Now."]),
    ];

    fn spans_of(text: &str, names: &[&str]) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = names
            .iter()
            .filter_map(|name| text.find(name).map(|at| at..at + name.len()))
            .collect();
        out.sort_by_key(|r| r.start);
        out
    }

    #[test]
    fn protected_spans_are_never_split() {
        for &(text, names, expected) in PROTECTED {
            let protected = spans_of(text, names);
            assert_eq!(protected.len(), names.len(), "{text:?}");
            let got = split(text, &protected);
            assert_eq!(
                pieces(text, &got),
                expected,
                "{text:?} protecting {names:?}"
            );
            check_invariants(text, &got, &protected);
        }
    }

    #[test]
    fn odd_protected_ranges_are_tolerated() {
        let text = "One. Two. Three. Four.";
        // Unsorted, overlapping, nested, empty, reversed and out of bounds.
        #[allow(clippy::reversed_empty_ranges)]
        let protected = [11..14, 3..6, 4..5, 9..9, 8..2, 100..200, 5..7];
        let got = split(text, &protected);
        assert_eq!(pieces(text, &got), ["One. Two.", "Three.", "Four."]);
    }

    /// Sorted, non-overlapping, trimmed, non-empty, on character boundaries,
    /// covering every non-white character, and no boundary between two
    /// sentences strictly inside a protected span.
    fn check_invariants(text: &str, ranges: &[Range<usize>], protected: &[Range<usize>]) {
        let mut covered = 0;
        for (k, r) in ranges.iter().enumerate() {
            let piece = text.get(r.clone());
            assert!(piece.is_some(), "{r:?} is not a slice of {text:?}");
            let piece = piece.unwrap_or_default();
            assert!(!piece.is_empty(), "empty range {r:?} in {text:?}");
            assert_eq!(piece, piece.trim(), "untrimmed {r:?} in {text:?}");
            assert!(
                k == 0 || ranges[k - 1].end <= r.start,
                "overlap at {r:?} in {text:?}"
            );
            covered += piece.chars().filter(|c| !c.is_whitespace()).count();
        }
        let total = text.chars().filter(|c| !c.is_whitespace()).count();
        // Disjoint ranges holding every non-white character between them.
        assert_eq!(covered, total, "coverage of {text:?}");
        for pair in ranges.windows(2) {
            for at in [pair[0].end, pair[1].start] {
                assert!(
                    !protected.iter().any(|p| p.start < at && at < p.end),
                    "boundary {at} inside a protected span in {text:?}"
                );
            }
        }
    }

    #[test]
    fn invariants_hold() {
        let odd = [
            "...",
            ". . .",
            "\r",
            "\n\r\n\r",
            "a\u{2029}b",
            "😀. 😀",
            "((((a. B",
            ")))) a. B",
            "[1]",
            "[",
            "a.\u{A0}B",
            "\u{2028}",
            "-",
            "1.",
            "(",
            "x.\u{301} Y",
            "e\u{301}. É. ﬁ. Ｋ.",
            "Mr.",
            ". A",
            "\u{FEFF}Hi. There",
        ];
        for text in CASES
            .iter()
            .map(|c| c.0)
            .chain(odd)
            .chain(CORPUS.iter().map(|c| c.0))
        {
            check_invariants(text, &split(text, &[]), &[]);
        }
    }

    const CORPUS: &[(&str, &[&str])] = &[
        (
            "Let me remind you that Kazakhstan, Kyrgyzstan, and Tajikistan are members of CSTO. Kazakhstan, Kyrgyzstan, Tajikistan, Uzbekistan are members of the SCO. Turkmenistan remains a neutral state, non-aligned to the blocks of the state.",
            &[
                "Let me remind you that Kazakhstan, Kyrgyzstan, and Tajikistan are members of CSTO.",
                "Kazakhstan, Kyrgyzstan, Tajikistan, Uzbekistan are members of the SCO.",
                "Turkmenistan remains a neutral state, non-aligned to the blocks of the state.",
            ],
        ),
        (
            "The Shanghai Cooperation Organization (SCO) a.k.a. Shanghai Pact Organization is not a military-political bloc. But on the basis of its statutory goals and objectives “joint provision and maintenance of peace, security and stability in the region” periodically comes on to the agenda[2]. In the framework of the SCO even established a coordinating body.",
            &[
                "The Shanghai Cooperation Organization (SCO) a.k.a. Shanghai Pact Organization is not a military-political bloc.",
                "But on the basis of its statutory goals and objectives “joint provision and maintenance of peace, security and stability in the region” periodically comes on to the agenda[2].",
                "In the framework of the SCO even established a coordinating body.",
            ],
        ),
        (
            "Uzbekistan is one of the founding members of the CSTO, but left him (the last time Uzbekistan announced the suspension of participation in the CSTO in 2012) nevertheless the country retains membership in the SCO.",
            &["Uzbekistan is one of the founding members of the CSTO, but left him (the last time Uzbekistan announced the suspension of participation in the CSTO in 2012) nevertheless the country retains membership in the SCO."],
        ),
        (
            "Mr. Igor SELEZNIOV, Associate Professor, Senior Research Fellow in the Institute of Socio-Political Research of the Russian Academy of Sciences (ISPR), Department of Research Methodology, Moscow, the Russian Federation.",
            &["Mr. Igor SELEZNIOV, Associate Professor, Senior Research Fellow in the Institute of Socio-Political Research of the Russian Academy of Sciences (ISPR), Department of Research Methodology, Moscow, the Russian Federation."],
        ),
        (
            "[1] См.: «Страны ОДКБ усилят борьбу с терроризмом»//»Известия», 14.10.2016 [URL:]",
            &["[1] См.: «Страны ОДКБ усилят борьбу с терроризмом»//»Известия», 14.10.2016 [URL:]"],
        ),
    ];

    #[test]
    fn corpus_paragraphs() {
        for &(text, expected) in CORPUS {
            assert_eq!(pieces(text, &split(text, &[])), expected);
        }
    }

    /// Pathological megabyte inputs finish; a quadratic scan would not.
    #[test]
    fn large_inputs_take_linear_time() {
        let n = 100_000;
        let many = "Ab. ".repeat(n);
        assert_eq!(split(&many, &[]).len(), n);
        let open = format!("{}. A", "(".repeat(n * 5));
        assert_eq!(split(&open, &[]).len(), 1);
        let word = format!("{}. A", "a.".repeat(n * 2));
        assert_eq!(split(&word, &[]).len(), 2);
        let blank = format!("A{}B", "\n \r\n".repeat(n));
        assert_eq!(split(&blank, &[]).len(), 2);
        let lines = "Heading\n".repeat(n);
        assert_eq!(split(&lines, &[]).len(), n);
        let names: Vec<Range<usize>> = (0..n).map(|k| 4 * k..4 * k + 3).collect();
        assert_eq!(split(&many, &names).len(), n);
    }

    const PIECES: &[&str] = &[
        "a", "Ab", "mr", "Mr", "U.S", "e.g", "J", "1", "12", "iv", "и", "Ж", "😀", "北", " ", "  ",
        "\n", "\n\n", "\r\n", "\r", "\t", "\u{A0}", "\u{2028}", "\u{2029}", "\u{301}", ".", ".",
        "!", "?", "…", "...", ",", ":", "(", ")", "[", "]", "[1]", "¹", "\"", "'", "«", "»", "“",
        "”", "-", "–", "•", "*",
    ];

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 400,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn invariants_hold_for_any_text(
            parts in prop::collection::vec(prop::sample::select(PIECES), 0..60),
            cuts in prop::collection::vec((0usize..300, 0usize..20), 0..6),
        ) {
            let text = parts.concat();
            // Non-overlapping spans sorted by start, as the annotator gives them.
            let mut protected: Vec<Range<usize>> = Vec::new();
            let mut sorted = cuts;
            sorted.sort_unstable();
            for (start, len) in sorted {
                if protected.last().filter(|p| p.end > start).is_none() {
                    protected.push(start..start + len);
                }
            }
            let got = split(&text, &protected);
            check_invariants(&text, &got, &protected);
        }

        #[test]
        fn invariants_hold_for_any_unicode(text in any::<String>()) {
            check_invariants(&text, &split(&text, &[]), &[]);
        }
    }
}
