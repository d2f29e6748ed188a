//! CoNLL-style BIO: one `token<TAB>tag` line per token, a blank line between
//! sentences, `-DOCSTART-` and the document id before each document, for
//! sequence-labelling tools (seqeval, conlleval, flair, spaCy's converters). Shown with
//! spaces; in the file one tab separates token and tag:
//!
//! ```text
//! -DOCSTART- paper  O
//!
//! Kazakhstan  B-LOC
//! ’s          O
//! role        O
//! in          O
//! the         O
//! CSTO        B-ORG
//! .           O
//! ```
//!
//! Tokenisation:
//!
//! - **Sentences** are those of the sentence splitter, which never cut a name.
//! - **Tokens** are the words of Unicode word segmentation (UAX #29, from the
//!   `unicode-segmentation` crate): a word is a run of letters, digits and
//!   the marks and joiners between them (`Kazakhstan’s`, `3.5`, `Şanlıurfa`),
//!   and every other character that is not white space is a token of its
//!   own (`(`, `-`, `«`). White space separates tokens and is dropped.
//! - **A span boundary inside a token splits the token**, so that the tags
//!   describe the spans exactly: `Kazakhstan’s` with the span `Kazakhstan`
//!   gives `Kazakhstan B-LOC` and `’s O`.
//! - Only the flat spans are written; BIO cannot hold nested ones.
//!
//! [`read`] is the way back. The tags are tied to the text again by
//! [`spans`], which finds each token in the text in order, skipping white
//! space; so BIO of a known text turns back into the same spans, with code
//! point offsets. A token that is not the next thing in the text is an
//! error naming it. An `I-X` that does not continue an `X` starts a new span
//! (as conlleval reads IOB1).

use crate::error::LineError;
use crate::model::annotation::Annotation;
use crate::model::span::Span;
use crate::text::offsets::char_bounds;
use crate::text::sentence;
use std::fmt::Write as _;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// The line that starts a document.
pub const DOCSTART: &str = "-DOCSTART-";

/// The tokens of `text[range]` as byte ranges, split at every offset in
/// `cuts` (sorted byte offsets) that falls inside one.
pub fn tokens(text: &str, range: Range<usize>, cuts: &[usize]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let Some(part) = text.get(range.clone()) else {
        return out;
    };
    for (at, word) in part.split_word_bound_indices() {
        let start = range.start + at;
        let end = start + word.len();
        if word.chars().all(char::is_whitespace) {
            continue;
        }
        // A segment that is not a word (punctuation runs such as `--` or
        // `…`) is one token per character.
        let pieces: Vec<Range<usize>> = if word.chars().any(char::is_alphanumeric) {
            std::iter::once(start..end).collect()
        } else {
            word.char_indices()
                .filter(|(_, c)| !c.is_whitespace())
                .map(|(i, c)| start + i..start + i + c.len_utf8())
                .collect()
        };
        for piece in pieces {
            let lo = cuts.partition_point(|&c| c <= piece.start);
            let hi = cuts.partition_point(|&c| c < piece.end);
            let mut from = piece.start;
            for &cut in &cuts[lo..hi] {
                out.push(from..cut);
                from = cut;
            }
            out.push(from..piece.end);
        }
    }
    out
}

/// One document as BIO lines, `-DOCSTART-` first. `text` is the document
/// the annotation was made on; spans whose offsets do not fit it are left
/// out.
pub fn write(annotation: &Annotation, text: &str) -> String {
    let bytes = char_bounds(text);
    let to_bytes = |s: &Span| -> Option<Range<usize>> {
        let (&a, &b) = bytes.get(s.start).zip(bytes.get(s.end))?;
        (a < b && text.get(a..b) == Some(s.text.as_str())).then_some(a..b)
    };
    let spans: Vec<(Range<usize>, &Span)> = annotation
        .spans
        .iter()
        .filter(|s| !s.nested)
        .filter_map(|s| Some((to_bytes(s)?, s)))
        .collect();
    let protected: Vec<Range<usize>> = spans.iter().map(|(r, _)| r.clone()).collect();
    let mut cuts: Vec<usize> = protected.iter().flat_map(|r| [r.start, r.end]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = docstart(&annotation.doc);
    for sentence in sentence::split(text, &protected) {
        for token in tokens(text, sentence, &cuts) {
            let at = spans.partition_point(|(r, _)| r.end <= token.start);
            let tag = match spans.get(at) {
                Some((r, s)) if r.start <= token.start && token.end <= r.end => {
                    let bio = if r.start == token.start { 'B' } else { 'I' };
                    format!("{bio}-{}", s.label)
                }
                _ => "O".to_owned(),
            };
            // Writing to a String cannot fail.
            let _ = writeln!(out, "{}\t{tag}", &text[token]);
        }
        out.push('\n');
    }
    out
}

/// The line that starts a document, with its id after one space
/// (`-DOCSTART- d1<TAB>O`), so that a file of many documents says which is
/// which. Readers that split on white space still find the tag `O` last;
/// the id is escaped as a TSV cell, so no tab or line break gets in.
fn docstart(doc: &str) -> String {
    if doc.is_empty() {
        return format!("{DOCSTART}\tO\n\n");
    }
    format!("{DOCSTART} {}\tO\n\n", crate::formats::tsv::escape(doc))
}

/// The document id of a `-DOCSTART-` line as [`write`] gives it; `None`
/// for one without (`-DOCSTART-<TAB>O`, CoNLL-2003's `-DOCSTART- -X- -X- O`).
fn docstart_id(line: &str) -> Option<String> {
    let rest = line.strip_prefix(DOCSTART)?.strip_prefix(' ')?;
    let (id, _tag) = rest.rsplit_once('\t')?;
    Some(crate::formats::tsv::unescape(id).into_owned())
}

/// One token and its tag, with the line it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tagged {
    /// The token, as in the text.
    pub token: String,
    /// Its BIO tag (`O`, `B-LOC`, `I-LOC`...).
    pub tag: String,
    /// The 1-based line it was read from.
    pub line: usize,
}

/// The sentences of one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConllDoc {
    /// The id its `-DOCSTART-` line gives, if any.
    pub id: Option<String>,
    /// Each sentence's tagged tokens.
    pub sentences: Vec<Vec<Tagged>>,
}

/// Reads BIO lines: `token<TAB>tag` (or columns separated by spaces, the
/// tag last, as CoNLL-2003 has them), blank lines between sentences,
/// `-DOCSTART-` lines between documents (with the document's id, as gazet
/// writes them, or without). Text before the first `-DOCSTART-` is a
/// document too.
pub fn read(file: &str, content: &str) -> Result<Vec<ConllDoc>, Vec<LineError>> {
    let mut docs: Vec<ConllDoc> = Vec::new();
    let mut sentence: Vec<Tagged> = Vec::new();
    let mut errors = Vec::new();
    let mut current: Option<ConllDoc> = None;
    for (n, raw) in content.lines().enumerate() {
        let line = n + 1;
        // Trailing white space (an editor's, a `\r`) is no part of a tag.
        let raw = raw.trim_end();
        if raw.is_empty() {
            if !sentence.is_empty() {
                current
                    .get_or_insert_with(ConllDoc::default)
                    .sentences
                    .push(std::mem::take(&mut sentence));
            }
            continue;
        }
        if raw.starts_with(DOCSTART) {
            if !sentence.is_empty() {
                current
                    .get_or_insert_with(ConllDoc::default)
                    .sentences
                    .push(std::mem::take(&mut sentence));
            }
            docs.extend(current.take());
            current = Some(ConllDoc {
                id: docstart_id(raw),
                ..ConllDoc::default()
            });
            continue;
        }
        let split = raw.rsplit_once('\t').or_else(|| raw.rsplit_once(' '));
        let Some((token, tag)) = split else {
            errors.push(LineError::new(
                file,
                line,
                ConllLineError::NotTokenTag(raw.to_owned()),
            ));
            continue;
        };
        // With more columns (CoNLL-2003's POS and chunk), the token is the first.
        let token = token.split(['\t', ' ']).next().unwrap_or(token);
        let ok = tag == "O" || (tag.len() > 2 && (tag.starts_with("B-") || tag.starts_with("I-")));
        if !ok {
            errors.push(LineError::new(
                file,
                line,
                ConllLineError::NotTag(tag.to_owned()),
            ));
            continue;
        }
        sentence.push(Tagged {
            token: token.to_owned(),
            tag: tag.to_owned(),
            line,
        });
    }
    if !sentence.is_empty() {
        current
            .get_or_insert_with(ConllDoc::default)
            .sentences
            .push(sentence);
    }
    docs.extend(current);
    if errors.is_empty() {
        Ok(docs)
    } else {
        Err(errors)
    }
}

/// A span recovered from BIO tags: `[start, end)` in code points of the
/// text, and its label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggedSpan {
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    /// The label of the tags.
    pub label: String,
}

/// What is wrong with a line of a CoNLL file; a [`LineError`] gives it its
/// file and line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConllLineError {
    /// A line that is neither blank, `-DOCSTART-` nor a token and its tag.
    #[error("{0:?} is not `token<TAB>tag`")]
    NotTokenTag(String),
    /// A tag that is not BIO.
    #[error("tag {0:?} is not O, B-LABEL or I-LABEL")]
    NotTag(String),
}

/// Where a CoNLL document's tokens part from its text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConllError {
    /// A token that is not the next text of the document.
    #[error("line {line}: token {token:?} is not the next text of the document ({found:?})")]
    NotNext {
        /// The token's line in the CoNLL file.
        line: usize,
        /// The token.
        token: String,
        /// The next 20 characters of the text, as found.
        found: String,
    },
}

/// Finds the tokens of `doc` in `text`, in order, and turns their tags into
/// spans. Fails at the first token that is not the next thing in the text
/// (after white space), naming its line.
pub fn spans(doc: &ConllDoc, text: &str) -> Result<Vec<TaggedSpan>, ConllError> {
    let mut out: Vec<TaggedSpan> = Vec::new();
    let mut at = 0; // byte offset in text
    let mut chars = 0; // code points before `at`
    let mut open: Option<usize> = None; // index in `out` of the span being extended
    for sentence in &doc.sentences {
        for t in sentence {
            let skipped = text[at..]
                .char_indices()
                .find(|(_, c)| !c.is_whitespace())
                .map_or(text.len() - at, |(i, _)| i);
            chars += text[at..at + skipped].chars().count();
            at += skipped;
            if !text[at..].starts_with(t.token.as_str()) || t.token.is_empty() {
                let found: String = text[at..].chars().take(20).collect();
                return Err(ConllError::NotNext {
                    line: t.line,
                    token: t.token.clone(),
                    found,
                });
            }
            let start = chars;
            chars += t.token.chars().count();
            at += t.token.len();
            match t.tag.split_once('-') {
                Some(("I", label)) if open.is_some_and(|i| out[i].label == label) => {
                    if let Some(i) = open {
                        out[i].end = chars;
                    }
                }
                Some((_, label)) => {
                    out.push(TaggedSpan {
                        start,
                        end: chars,
                        label: label.to_owned(),
                    });
                    open = Some(out.len() - 1);
                }
                None => open = None,
            }
        }
        // A span never continues into the next sentence.
        open = None;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Annotator, Document, Gazetteer};

    fn annotator() -> Annotator {
        let g = Gazetteer::builder()
            .default_gazetteers(false)
            .add_source(
                "t.tsv",
                "kz\tLOC\tcountry\tKazakhstan\n\
                 csto\tORG\talliance\tCollective Security Treaty Organization\tCSTO\n\
                 bishkek\tLOC\tcity\tBishkek\n\
                 crrf\tORG\tforce\tCollective Rapid Reaction Forces\n",
            )
            .build()
            .unwrap();
        Annotator::builder().build(g).unwrap()
    }

    fn lines(text: &str) -> String {
        let a = annotator().annotate(&Document::new("d", text));
        write(&a, text)
    }

    #[test]
    fn tokens_split_words_punctuation_and_span_boundaries() {
        for (text, cuts, want) in [
            ("CSTO met.", vec![], vec!["CSTO", "met", "."]),
            (
                "Kazakhstan’s role",
                vec![0, 10],
                vec!["Kazakhstan", "’s", "role"],
            ),
            (
                "state-of-the-art",
                vec![],
                vec!["state", "-", "of", "-", "the", "-", "art"],
            ),
            (
                "(CSTO) -- 3.5 «x»",
                vec![],
                vec!["(", "CSTO", ")", "-", "-", "3.5", "«", "x", "»"],
            ),
            ("İş\tŞanlıurfa\n", vec![], vec!["İş", "Şanlıurfa"]),
            ("", vec![], vec![]),
        ] {
            let got: Vec<&str> = tokens(text, 0..text.len(), &cuts)
                .into_iter()
                .map(|r| &text[r])
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn writes_bio() {
        let text = "Kazakhstan’s role in the Collective Security Treaty Organization (CSTO).\n\nBishkek hosts it.";
        let want = "-DOCSTART- d\tO\n\nKazakhstan\tB-LOC\n’s\tO\nrole\tO\nin\tO\nthe\tO\n\
                    Collective\tB-ORG\nSecurity\tI-ORG\nTreaty\tI-ORG\nOrganization\tI-ORG\n\
                    (\tO\nCSTO\tB-ORG\n)\tO\n.\tO\n\nBishkek\tB-LOC\nhosts\tO\nit\tO\n.\tO\n\n";
        assert_eq!(lines(text), want);
        assert_eq!(lines(""), "-DOCSTART- d\tO\n\n");
    }

    #[test]
    fn docstart_lines_carry_the_document_id() {
        for (doc, line, back) in [
            ("d1", "-DOCSTART- d1\tO", Some("d1")),
            ("sub/a b", "-DOCSTART- sub/a b\tO", Some("sub/a b")),
            ("a\tb\nc", "-DOCSTART- a\\tb\\nc\tO", Some("a\tb\nc")),
            ("", "-DOCSTART-\tO", None),
        ] {
            assert_eq!(docstart(doc), format!("{line}\n\n"), "{doc:?}");
            let read = read("t", &docstart(doc)).expect("reads");
            assert_eq!(read[0].id.as_deref(), back, "{doc:?}");
        }
        let conll2003 = read("t", "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\n").expect("reads");
        assert_eq!(conll2003[0].id, None);
    }

    #[test]
    fn round_trips_to_the_flat_spans() {
        for text in [
            "Kazakhstan’s role in the CSTO.",
            "The Collective Rapid\nReaction Forces met in Bishkek; CSTO and CSTO.",
            "No names here.",
            "CSTO",
            include_str!("../../corpus/central-asia-security.txt"),
        ] {
            let a = annotator().annotate(&Document::new("d", text));
            let bio = write(&a, text);
            let docs = read("t.conll", &bio).unwrap();
            assert_eq!(docs.len(), 1);
            let got = spans(&docs[0], text).unwrap();
            let want: Vec<TaggedSpan> = a
                .spans
                .iter()
                .filter(|s| !s.nested)
                .map(|s| TaggedSpan {
                    start: s.start,
                    end: s.end,
                    label: s.label.to_string(),
                })
                .collect();
            assert_eq!(got, want, "{text:.40}");
        }
    }

    #[test]
    fn the_whole_paper_round_trips_with_the_embedded_gazetteers() {
        let text = include_str!("../../corpus/central-asia-security.txt");
        let a = Annotator::builder()
            .build(Gazetteer::embedded().unwrap())
            .unwrap()
            .annotate(&Document::new("paper", text));
        let docs = read("p.conll", &write(&a, text)).unwrap();
        let got = spans(&docs[0], text).unwrap();
        assert_eq!(got.len(), a.spans.len());
        assert!(
            got.iter()
                .zip(&a.spans)
                .all(|(g, s)| (g.start, g.end, g.label.as_str())
                    == (s.start, s.end, s.label.as_str()))
        );
    }

    #[test]
    fn reads_conll_variants_and_reports_bad_lines() {
        let two = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\n\
                   -DOCSTART- -X- -X- O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n";
        let docs = read("c.txt", two).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences[0][0].token, "EU");
        assert_eq!(
            spans(&docs[1], "Peter Blackburn").unwrap(),
            [TaggedSpan {
                start: 0,
                end: 15,
                label: "PER".into()
            }]
        );
        // Without -DOCSTART-, an I- after O starts a span (IOB1).
        let docs = read("c.txt", "a\tO\nb\tI-LOC\nc\tI-LOC\nd\tI-ORG\n").unwrap();
        assert_eq!(
            spans(&docs[0], "a b c d").unwrap(),
            [
                TaggedSpan {
                    start: 2,
                    end: 5,
                    label: "LOC".into()
                },
                TaggedSpan {
                    start: 6,
                    end: 7,
                    label: "ORG".into()
                }
            ]
        );
        let docs = read("c.txt", "Bishkek\tB-LOC \r\n").unwrap();
        assert_eq!(docs[0].sentences[0][0].tag, "B-LOC");
        for (bad, line) in [("x\tB-\n", 1), ("ok\tO\nnotag\n", 2), ("x\tE-LOC\n", 1)] {
            let errors = read("b.conll", bad).unwrap_err();
            assert_eq!(errors[0].line, line, "{bad:?}");
        }
        let docs = read("c.txt", "Bishkek\tB-LOC\n").unwrap();
        let err = spans(&docs[0], "Almaty").unwrap_err().to_string();
        assert!(err.contains("line 1") && err.contains("Bishkek"), "{err}");
    }
}
