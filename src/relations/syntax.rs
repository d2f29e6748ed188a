//! A light syntactic layer over one sentence, for the relation
//! constructions: tokens (mentions kept whole), closed-class words, and the
//! material a construction may step over between a trigger and its
//! arguments.
//!
//! There is no parser here on purpose. English attaches the arguments of a
//! relation word through a small number of constructions, and what sits
//! between them (parentheticals, dates, adverbials, asides between commas
//! or dashes) is recognisable from closed word classes and punctuation.
//! The constructions in [`crate::relations::construction`] work on the [`View`] that
//! this module builds: the sentence with that skippable material taken out.

use crate::model::span::Span;
use std::ops::Range;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    /// A flat mention: its index among the sentence's mentions.
    Mention(usize),
    /// A word; `text` holds it in lower case.
    Word,
    /// One punctuation mark; dashes that set off an aside are all `—`.
    Punct,
}

/// One token of a sentence.
#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    /// Lower-cased word, the punctuation mark, or the mention's text.
    pub text: String,
    /// Byte range in the document.
    pub bytes: Range<usize>,
}

/// A sentence as the constructions see it: its tokens without the
/// skippable material (positions `0..len()`), each with its position among
/// all tokens.
#[derive(Clone, Debug, Default)]
pub struct View {
    /// Every token of the sentence, the skipped ones too: the blockers read
    /// `formerly` and `once`, which the constructions step over.
    pub all: Vec<Token>,
    /// For each of `all`, whether it stands inside brackets, a dash aside or
    /// a date: material no blocker reads.
    pub aside: Vec<bool>,
    /// For each token of the view, its index in `all`: the view's tokens
    /// are read there, not copied (a copy cost a string per word).
    pub index: Vec<usize>,
    /// The sentence says `respectively`: lists pair one to one.
    pub respectively: bool,
}

impl View {
    /// Tokenizes `doc[sentence]`, whose flat mentions are `mentions` (in
    /// order, inside the sentence), and leaves out parentheticals, dates,
    /// adverbs and quotation marks.
    #[cfg(test)]
    pub fn new(doc: &str, sentence: Range<usize>, mentions: &[&Span]) -> View {
        View::from_tokens(tokenize(doc, sentence, mentions))
    }

    /// The sentence's view, then one view for each bracketed aside that
    /// names two things: `(the last time Uzbekistan announced the
    /// suspension of its participation in the CSTO)` states a relation of
    /// its own.
    pub fn with_asides(doc: &str, sentence: Range<usize>, mentions: &[&Span]) -> Vec<View> {
        let all = tokenize(doc, sentence, mentions);
        let mut out = Vec::new();
        let mut i = 0;
        while i < all.len() {
            let open = match all[i].tok {
                Tok::Punct if all[i].text == "(" => ("(", ")"),
                Tok::Punct if all[i].text == "[" => ("[", "]"),
                Tok::Punct if all[i].text == "—" => ("—", "—"),
                _ => {
                    i += 1;
                    continue;
                }
            };
            if open.0 == "—" {
                // A dash aside runs to the next dash.
                let Some(j) =
                    (i + 1..all.len()).find(|&j| all[j].tok == Tok::Punct && all[j].text == "—")
                else {
                    break;
                };
                let mut inner = all[i + 1..j].to_vec();
                // `X -- whose members include A and B --` is about X.
                let relative = inner.first().is_some_and(|t| {
                    t.tok == Tok::Word && matches!(t.text.as_str(), "whose" | "which" | "who")
                });
                if relative {
                    if let Some(m) = antecedent(&all[..i]) {
                        let comma = Token {
                            tok: Tok::Punct,
                            text: ",".to_owned(),
                            bytes: all[i].bytes.clone(),
                        };
                        inner.splice(0..0, [m.clone(), comma]);
                    }
                }
                if inner
                    .iter()
                    .filter(|t| matches!(t.tok, Tok::Mention(_)))
                    .count()
                    >= 2
                {
                    out.push(View::from_tokens(inner));
                }
                i = j + 1;
                continue;
            }
            let mut depth = 0;
            let close = (i..all.len()).find(|&j| {
                if all[j].tok == Tok::Punct && all[j].text == open.0 {
                    depth += 1;
                } else if all[j].tok == Tok::Punct && all[j].text == open.1 {
                    depth -= 1;
                }
                depth == 0
            });
            let Some(j) = close else { break };
            let inner = &all[i + 1..j];
            if inner
                .iter()
                .filter(|t| matches!(t.tok, Tok::Mention(_)))
                .count()
                >= 2
            {
                out.push(View::from_tokens(inner.to_vec()));
            }
            i = j + 1;
        }
        out.insert(0, View::from_tokens(all));
        out
    }

    /// The view of a sentence that ends with a colon and introduces a
    /// list laid out as bullet lines (`divided into seven districts:` then
    /// `- Alay District (centre: Gulcha)` on lines of their own): the
    /// sentence, then the name that opens each item, joined as a written
    /// list would join them (`A, B and C`). `mentions` holds the
    /// sentence's `own` mentions first and then the items'.
    pub fn with_bullet_list(
        doc: &str,
        sentence: Range<usize>,
        mentions: &[&Span],
        own: usize,
    ) -> View {
        let mut all = tokenize(doc, sentence, &mentions[..own]);
        let last = mentions.len().saturating_sub(1);
        for (k, item) in mentions.iter().enumerate().skip(own) {
            let bytes = item.bytes.clone();
            if k > own {
                let (tok, text) = if k == last {
                    (Tok::Word, "and")
                } else {
                    (Tok::Punct, ",")
                };
                all.push(Token {
                    tok,
                    text: text.to_owned(),
                    bytes: bytes.start..bytes.start,
                });
            }
            all.push(Token {
                tok: Tok::Mention(k),
                text: doc[bytes.clone()].to_owned(),
                bytes,
            });
        }
        View::from_tokens(all)
    }

    fn from_tokens(all: Vec<Token>) -> View {
        let (mut skip, mut aside) = skippable(&all);
        commas(&all, &mut skip, &mut aside);
        let index: Vec<usize> = (0..all.len()).filter(|&i| !skip[i]).collect();
        let respectively = all
            .iter()
            .any(|t| t.tok == Tok::Word && t.text == "respectively");
        View {
            all,
            aside,
            index,
            respectively,
        }
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// The view's token at `i`.
    fn token(&self, i: usize) -> Option<&Token> {
        self.all.get(*self.index.get(i)?)
    }

    // Beside len(), as a type with a length has; the library asks len() only.
    #[allow(dead_code)]
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The word at `i`, or "" for a mention, punctuation or past the end.
    pub fn word(&self, i: usize) -> &str {
        match self.token(i) {
            Some(t) if t.tok == Tok::Word => &t.text,
            _ => "",
        }
    }

    /// Whether the material the view skipped right after position `i`
    /// held a comma (`P, 54, a former minister`).
    pub fn commas_skipped_after(&self, i: usize) -> bool {
        let (Some(&a), Some(&b)) = (self.index.get(i), self.index.get(i + 1)) else {
            return false;
        };
        self.all[a + 1..b]
            .iter()
            .any(|t| t.tok == Tok::Punct && t.text == ",")
    }

    /// The punctuation mark at `i`, or "".
    pub fn punct(&self, i: usize) -> &str {
        match self.token(i) {
            Some(t) if t.tok == Tok::Punct => &t.text,
            _ => "",
        }
    }

    /// The mention index at `i`.
    pub fn mention(&self, i: usize) -> Option<usize> {
        match self.token(i)?.tok {
            Tok::Mention(k) => Some(k),
            _ => None,
        }
    }

    /// Whether the token at `i` is one of `words` (lower case).
    pub fn is(&self, i: usize, words: &[&str]) -> bool {
        let w = self.word(i);
        !w.is_empty() && words.contains(&w)
    }

    /// Whether a name was left out of the view between tokens `a` and `b`
    /// (in brackets or an aside): `the special police unit (OMON) of`.
    pub fn hidden_mention_between(&self, a: usize, b: usize) -> bool {
        let (Some(&from), Some(&to)) = (self.index.get(a), self.index.get(b)) else {
            return false;
        };
        // Between two view tokens that are plain words, any name in `all`
        // is one the view left out.
        self.all[from..to]
            .iter()
            .any(|t| matches!(t.tok, Tok::Mention(_)))
    }

    /// The byte range from token `a` to token `b` (inclusive).
    pub fn bytes(&self, a: usize, b: usize) -> Range<usize> {
        self.all[self.index[a]].bytes.start..self.all[self.index[b]].bytes.end
    }
}

/// The last name before an aside, across a bracketed acronym: `the
/// Shanghai Cooperation Organisation (SCO)`.
fn antecedent(before: &[Token]) -> Option<&Token> {
    let mut depth = 0;
    for t in before.iter().rev() {
        match (t.tok, t.text.as_str()) {
            (Tok::Punct, ")" | "]") => depth += 1,
            (Tok::Punct, "(" | "[") => depth -= 1,
            (Tok::Mention(_), _) if depth == 0 => return Some(t),
            _ if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

/// Splits a sentence into words, punctuation and whole mentions.
fn tokenize(doc: &str, sentence: Range<usize>, mentions: &[&Span]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut at = sentence.start;
    for (k, m) in mentions.iter().enumerate() {
        if m.bytes.start < at {
            continue;
        }
        words(doc, at..m.bytes.start, &mut out);
        out.push(Token {
            tok: Tok::Mention(k),
            text: doc[m.bytes.clone()].to_owned(),
            bytes: m.bytes.clone(),
        });
        at = m.bytes.end;
    }
    words(doc, at..sentence.end.max(at), &mut out);
    dash_lists(doc, &mut out);
    out
}

/// `Khatlon consists of four cities – Bokhtar, Kulob, Levakant and Nurek –
/// and 21 districts`: a pair of dashes that holds nothing but a list of
/// names after a plain noun introduces that list as a colon would, so the
/// constructions read it as a list after a colon instead of stepping over
/// it as an aside.
fn dash_lists(doc: &str, toks: &mut [Token]) {
    let dash = |t: &Token| t.tok == Tok::Punct && t.text == "—";
    let mut i = 1;
    while i < toks.len() {
        if !dash(&toks[i]) || toks[i - 1].tok != Tok::Word {
            i += 1;
            continue;
        }
        let Some(j) = (i + 1..toks.len()).find(|&j| dash(&toks[j])) else {
            break;
        };
        let inner = &toks[i + 1..j];
        let names = inner
            .iter()
            .filter(|t| matches!(t.tok, Tok::Mention(_)))
            .count();
        let mut depth = 0usize;
        let list_only = inner.iter().all(|t| match &t.tok {
            Tok::Mention(_) => true,
            Tok::Punct if t.text == "(" => {
                depth += 1;
                true
            }
            Tok::Punct if t.text == ")" => {
                depth = depth.saturating_sub(1);
                true
            }
            _ if depth > 0 => true,
            Tok::Punct => t.text == ",",
            // A name the gazetteers lack still belongs to the list.
            Tok::Word => {
                t.text == "and" || doc[t.bytes.clone()].starts_with(|c: char| c.is_uppercase())
            }
        });
        if names >= 2 && list_only && matches!(inner.first().map(|t| &t.tok), Some(Tok::Mention(_)))
        {
            toks[i].text = ":".to_owned();
            toks[j].text = ",".to_owned();
        }
        i = j + 1;
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Words and punctuation of plain text. A word keeps inner hyphens,
/// apostrophes and full stops (`Secretary-General`, `didn't`, `U.S.`); a
/// possessive `'s` is a word of its own, so that `CSTO's` is the mention
/// and then `'s`.
fn words(doc: &str, r: Range<usize>, out: &mut Vec<Token>) {
    let s = &doc[r.clone()];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        let at = |j: usize| chars.get(j).map(|p| p.1);
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        // A possessive right after a mention or a word.
        if (c == '\'' || c == '’')
            && matches!(at(i + 1), Some('s' | 'S'))
            && !at(i + 2).is_some_and(is_word_char)
        {
            let end = chars.get(i + 2).map_or(s.len(), |p| p.0);
            out.push(Token {
                tok: Tok::Word,
                text: "'s".to_owned(),
                bytes: r.start + b..r.start + end,
            });
            i += 2;
            continue;
        }
        if is_word_char(c) {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                let joins = matches!(d, '-' | '\'' | '’' | '.' | '‑')
                    && at(j + 1).is_some_and(is_word_char)
                    // `Kazakhstan's` and `states' ` end the word before the apostrophe.
                    && !(matches!(d, '\'' | '’')
                        && matches!(at(j + 1), Some('s' | 'S'))
                        && !at(j + 2).is_some_and(is_word_char));
                if is_word_char(d) || joins {
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(s.len(), |p| p.0);
            out.push(Token {
                tok: Tok::Word,
                text: lower_word(&s[b..end]),
                bytes: r.start + b..r.start + end,
            });
            i = j;
            continue;
        }
        // `--` and spaced en or em dashes set off asides.
        let mut end = b + c.len_utf8();
        let mut text = c.to_string();
        if c == '-' && at(i + 1) == Some('-') {
            end += 1;
            i += 1;
            text = "—".to_owned();
        } else if c == '–' || c == '—' {
            text = "—".to_owned();
        }
        out.push(Token {
            tok: Tok::Punct,
            text,
            bytes: r.start + b..r.start + end,
        });
        i += 1;
    }
}

/// A word in lower case with `’` written `'`; the replacement, which
/// allocates, only where there is one.
fn lower_word(w: &str) -> String {
    let lower = w.to_lowercase();
    if lower.contains('’') {
        lower.replace('’', "'")
    } else {
        lower
    }
}

/// Auxiliaries: a construction steps over them to reach a subject.
pub const AUX: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "having", "do",
    "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must",
];

/// Forms of `be`: what a passive or a copula needs.
pub const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "being", "am"];

/// Negation and modality words that stand between a subject and its verb;
/// stepped over, and left for the blockers to judge.
pub const NEGATION: &[&str] = &[
    "not",
    "never",
    "no",
    "longer",
    "n't",
    "didn't",
    "doesn't",
    "don't",
    "isn't",
    "wasn't",
    "aren't",
    "weren't",
    "hasn't",
    "haven't",
    "hadn't",
    "won't",
    "wouldn't",
    "couldn't",
    "shouldn't",
    "cannot",
    "can't",
];

/// Determiners, possessive pronouns and quantifiers before a name.
pub const DET: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "both", "all", "each", "this", "that", "these",
    "those", "our", "fellow",
];

/// Prepositions: a name right after one is the object of that preposition,
/// not the subject of a verb that follows.
pub const PREP: &[&str] = &[
    "of", "in", "at", "for", "from", "with", "to", "on", "by", "against", "between", "among",
    "under", "over", "into", "onto", "within", "through", "across", "via", "near", "about",
    "towards", "toward", "than", "like",
];

/// Relative pronouns that open a clause about the name before them.
pub const RELATIVE: &[&str] = &["which", "who", "that", "whom"];

/// Nouns that put a place name in a slot: `the village of D`.
pub const PLACE_NOUNS: &[&str] = &[
    "city",
    "town",
    "village",
    "region",
    "province",
    "district",
    "oblast",
    "republic",
    "capital",
    "settlement",
    "state",
    "country",
    "area",
    "valley",
    "county",
    "municipality",
    "exclave",
    "enclave",
    "hamlet",
    "township",
    "commune",
    "velayat",
    "raion",
    "rayon",
];

/// Copulas and the verbs that, like them, link a name to a role noun:
/// `P has served as chairman of X`, `was elected president of`.
pub const COPULA: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "am",
    "become",
    "became",
    "becomes",
    "becoming",
    "remain",
    "remains",
    "remained",
    "remaining",
    "as",
    "elected",
    "re-elected",
    "appointed",
    "reappointed",
    "named",
    "confirmed",
    "designated",
    "installed",
    "made",
    "sworn",
    "in",
    "serve",
    "serves",
    "served",
    "serving",
    "work",
    "works",
    "worked",
    "working",
    "stay",
    "stays",
    "stayed",
    "has",
    "have",
    "had",
    "also",
    "then",
    "still",
    "once",
    "now",
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Adverbials that never carry a relation's argument; `-ly` words join
/// them. `only`, `early` and the like are kept out of the `-ly` rule where
/// they matter.
const ADVERBS: &[&str] = &[
    "also",
    "later",
    "then",
    "subsequently",
    "eventually",
    "finally",
    "formally",
    "officially",
    "again",
    "already",
    "once",
    "still",
    "jointly",
    "soon",
    "thereafter",
    "afterwards",
    "recently",
    "originally",
    "initially",
    "briefly",
    "previously",
    "earlier",
    "ever",
    "now",
    "currently",
    "today",
    "together",
    "however",
    "meanwhile",
    "moreover",
    "nevertheless",
    "instead",
    "too",
    "nonetheless",
    "furthermore",
    "additionally",
    "thus",
    "hence",
    "therefore",
    "likewise",
    "similarly",
    "reportedly",
    "de",
    "facto",
    "ultimately",
    "shortly",
    "immediately",
];

/// Multi-word adverbials: `by contrast`, `in turn`, `at the time`.
const ADVERBIALS: &[&[&str]] = &[
    &["by", "contrast"],
    &["in", "contrast"],
    &["in", "turn"],
    &["in", "addition"],
    &["for", "example"],
    &["for", "instance"],
    &["in", "particular"],
    &["at", "the", "time"],
    &["at", "that", "time"],
    &["until", "then"],
    &["by", "then"],
    &["since", "then"],
    &["by", "that", "time"],
    &["in", "practice"],
    &["as", "well"],
    &["of", "course"],
    &["in", "fact"],
    &["at", "first"],
    &["at", "last"],
    &["in", "the", "end"],
    &["the", "same", "year"],
    &["that", "year"],
    &["the", "following", "year"],
    &["the", "next", "year"],
    &["last", "year"],
    &["this", "year"],
    &["a", "year", "later"],
    &["years", "later"],
    &["months", "later"],
    &["according", "to", "officials"],
    &["for", "years"],
    &["for", "decades"],
    &["for", "many", "years"],
    &["for", "several", "years"],
    &["for", "many", "decades"],
    &["for", "a", "decade"],
    &["for", "a", "time"],
    &["for", "some", "time"],
    &["for", "a", "long", "time"],
    &["in", "recent", "years"],
    &["over", "the", "years"],
    &["at", "one", "point"],
    &["by", "birth"],
    &["by", "origin"],
    &["to", "this", "day"],
    &["at", "different", "times"],
    &["as", "it", "happens"],
    &["it", "is", "often", "forgotten"],
    &["strictly", "speaking"],
    &["on", "paper"],
    &["in", "theory"],
    &["in", "principle"],
    &["until", "now"],
    &["so", "far"],
    &["to", "date"],
    &["at", "present"],
    &["since", "then"],
    &["in", "total"],
    &["in", "all"],
];

/// Whether `w` looks like part of a date or a count of years.
fn is_date_word(w: &str) -> bool {
    MONTHS.contains(&w)
        || w.chars().next().is_some_and(|c| c.is_ascii_digit())
        || matches!(
            w,
            "early"
                | "mid"
                | "late"
                | "beginning"
                | "end"
                | "spring"
                | "summer"
                | "autumn"
                | "fall"
                | "winter"
                | "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
                | "yesterday"
                | "ad"
                | "bc"
                | "bce"
                | "ce"
        )
        || w.starts_with("mid-")
}

/// Marks the tokens a construction steps over, and of those the ones in
/// brackets or a dash aside.
fn skippable(toks: &[Token]) -> (Vec<bool>, Vec<bool>) {
    let n = toks.len();
    let mut skip = vec![false; n];
    let mut aside = vec![false; n];
    let word = |i: usize| -> &str {
        match toks.get(i) {
            Some(t) if t.tok == Tok::Word => &t.text,
            _ => "",
        }
    };
    let punct = |i: usize| -> &str {
        match toks.get(i) {
            Some(t) if t.tok == Tok::Punct => &t.text,
            _ => "",
        }
    };
    let mut i = 0;
    while i < n {
        let p = punct(i);
        // Brackets, with whatever they hold (glosses, acronyms, dates).
        if p == "(" || p == "[" {
            let close = if p == "(" { ")" } else { "]" };
            let mut depth = 0;
            let mut j = i;
            while j < n {
                if punct(j) == p {
                    depth += 1;
                } else if punct(j) == close {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                j += 1;
            }
            // `the special police unit (OMON) of the Ministry`: a name in
            // brackets after a plain noun is what the noun describes, so
            // only the brackets are stepped over.
            let named_noun = j == i + 2
                && j < n
                && i >= 1
                && toks[i - 1].tok == Tok::Word
                && matches!(toks[i + 1].tok, Tok::Mention(_));
            if named_noun {
                skip[i] = true;
                skip[j] = true;
                i = j + 1;
                continue;
            }
            if j < n {
                skip[i..=j].iter_mut().for_each(|s| *s = true);
                aside[i..=j].iter_mut().for_each(|s| *s = true);
                i = j + 1;
                continue;
            }
        }
        // A dash aside closed by a second dash.
        if p == "—" {
            if let Some(j) = (i + 1..n.min(i + 25)).find(|&j| punct(j) == "—") {
                skip[i..=j].iter_mut().for_each(|s| *s = true);
                aside[i..=j].iter_mut().for_each(|s| *s = true);
                i = j + 1;
                continue;
            }
        }
        if matches!(p, "\"" | "“" | "”" | "«" | "»") {
            skip[i] = true;
        }
        let w = word(i);
        // `A and B quit, respectively, X and Y`: the pairing is read from
        // the whole sentence (`View::respectively`), so the word is stepped
        // over wherever it stands; commas left around it go in `commas`.
        if w == "respectively" {
            skip[i] = true;
            i += 1;
            continue;
        }
        if !w.is_empty() {
            // Most words open no adverbial: one lookup spares the walk
            // through the list for each of them.
            let adverbial = adverbial_first_words().contains(w).then(|| {
                ADVERBIALS
                    .iter()
                    .find(|a| a.iter().enumerate().all(|(k, x)| word(i + k) == *x))
                    .map(|a| a.len())
            });
            if let Some(len) = adverbial.flatten() {
                skip[i..i + len].iter_mut().for_each(|s| *s = true);
                i += len;
                continue;
            }
            // A date, with the preposition that introduces it.
            let prep = matches!(
                w,
                "in" | "on" | "since" | "from" | "until" | "till" | "during"
            );
            let start = if prep { i + 1 } else { i };
            let mut j = start;
            while j < n {
                let x = word(j);
                let in_date = is_date_word(x)
                    || (j > start && matches!(x, "of" | "and" | "to") && is_date_word(word(j + 1)))
                    || (x == "the" && is_date_word(word(j + 1)))
                    || (j > start
                        && punct(j) == ","
                        && word(j + 1).starts_with(char::is_numeric)
                        && is_date_word(word(j - 1)));
                if in_date {
                    j += 1;
                } else {
                    break;
                }
            }
            // `in 1992` and `5 October 1952` are dates; a lone `the` is not.
            let has_core = (start..j).any(|k| {
                let x = word(k);
                x.starts_with(char::is_numeric) || MONTHS.contains(&x) || x.starts_with("mid-")
            });
            if j > start && has_core && !(w == "may" && j == start + 1) {
                skip[i..j].iter_mut().for_each(|s| *s = true);
                // `14 May 1975` must not read as the modal to a blocker.
                aside[i..j].iter_mut().for_each(|s| *s = true);
                i = j;
                continue;
            }
            if ADVERBS.contains(&w)
                || (w.len() > 4
                    && w.ends_with("ly")
                    && !matches!(
                        w,
                        "only"
                            | "respectively"
                            | "early"
                            | "family"
                            | "assembly"
                            | "italy"
                            | "rally"
                            | "ally"
                            | "supply"
                            | "july"
                            | "apply"
                            | "reply"
                            | "fly"
                            | "monthly"
                            | "weekly"
                            | "daily"
                    ))
            {
                skip[i] = true;
            }
        }
        i += 1;
    }
    (skip, aside)
}

/// The first words of [`ADVERBIALS`] (not [`ADVERBIAL_OPENERS`], the words
/// that open an adverbial set off by commas).
fn adverbial_first_words() -> &'static std::collections::HashSet<&'static str> {
    static FIRST: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    FIRST.get_or_init(|| {
        ADVERBIALS
            .iter()
            .filter_map(|a| a.first().copied())
            .collect()
    })
}

/// Words that open an adverbial phrase set off by commas: `, according to
/// the charter of 2002,`, `, after nine years as an observer,`.
const ADVERBIAL_OPENERS: &[&str] = &[
    "according",
    "after",
    "before",
    "despite",
    "following",
    "during",
    "like",
    "unlike",
    "under",
    "since",
    "until",
    "as",
    "in",
    "on",
    "at",
    "for",
    "with",
    "without",
    "by",
    "from",
    "to",
    "through",
    "amid",
    "among",
    "within",
    "over",
    "its",
    "their",
    "his",
    "her",
];

/// Takes out asides between commas that name nothing (`, according to the
/// charter,`), then commas left with nothing between them or at the start.
fn commas(all: &[Token], skip: &mut [bool], aside: &mut [bool]) {
    let kept: Vec<usize> = (0..all.len()).filter(|&i| !skip[i]).collect();
    let is_comma = |i: usize| all[i].tok == Tok::Punct && all[i].text == ",";
    let mut k = 0;
    while k < kept.len() {
        let i = kept[k];
        if !is_comma(i) {
            k += 1;
            continue;
        }
        // The next comma within ten tokens, with no name or other
        // punctuation between.
        let close = (k + 1..kept.len().min(k + 12)).find(|&m| {
            let j = kept[m];
            all[j].tok == Tok::Punct
        });
        if let Some(m) = close.filter(|&m| is_comma(kept[m]) && m > k + 1) {
            let inner = &kept[k + 1..m];
            let names = inner.iter().any(|&j| matches!(all[j].tok, Tok::Mention(_)));
            let opens = ADVERBIAL_OPENERS.contains(&all[inner[0]].text.as_str());
            // `X, under its Secretary General, P, …`: a title of the
            // owner's whose holder is named right after it (ranks may come
            // first) is no adverbial.
            let titled = inner.iter().any(|&j| {
                all[j].tok == Tok::Word && matches!(all[j].text.as_str(), "its" | "their")
            }) && kept[m + 1..kept.len().min(m + 5)]
                .iter()
                .take_while(|&&j| all[j].tok != Tok::Punct)
                .any(|&j| matches!(all[j].tok, Tok::Mention(_)));
            if !names && opens && !titled {
                for &j in &kept[k..m] {
                    skip[j] = true;
                    aside[j] = true;
                }
                k = m;
                continue;
            }
        }
        k += 1;
    }
    // `Tajikistan has had, since 1994, only one president`: two commas
    // that held only skipped material set off an aside, and go with it;
    // a sentence that starts with a comma loses it.
    let mut prev: Option<usize> = None;
    for i in 0..skip.len() {
        if skip[i] {
            continue;
        }
        match prev {
            Some(p) if is_comma(i) && is_comma(p) => {
                skip[i] = true;
                if p + 1 < i {
                    skip[p] = true;
                    prev = (0..p).rev().find(|&j| !skip[j]);
                }
            }
            None if is_comma(i) => skip[i] = true,
            _ => prev = Some(i),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(s: &str) -> Vec<String> {
        let v = View::new(s, 0..s.len(), &[]);
        v.index.iter().map(|&i| v.all[i].text.clone()).collect()
    }

    #[test]
    fn asides_dates_and_adverbs_are_left_out() {
        assert_eq!(
            view(
                "It (the bloc) later joined, in March 2001, the group -- a minister of war -- too."
            ),
            ["it", "joined", "the", "group", "."]
        );
        assert_eq!(
            view("It has had, since 1994, one head."),
            ["it", "has", "had", "one", "head", "."]
        );
        assert_eq!(
            view("He was born on 5 October 1952 in Osh."),
            ["he", "was", "born", "in", "osh", "."]
        );
        assert_eq!(view("By contrast, it left."), ["it", "left", "."]);
        assert_eq!(
            view("It is, according to the charter of 2002, the top body."),
            ["it", "is", ",", "the", "top", "body", "."]
        );
    }

    #[test]
    fn possessives_are_words_of_their_own() {
        assert_eq!(
            view("the CSTO’s Joint Staff"),
            ["the", "csto", "'s", "joint", "staff"]
        );
        assert_eq!(view("didn't join"), ["didn't", "join"]);
    }
}
