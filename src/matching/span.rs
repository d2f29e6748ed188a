//! Spans: the mentions chosen among the candidates, and their output form.
//!
//! Flat selection is leftmost-longest, as the guidelines ask ("take the
//! longest name"): among overlapping candidates the one that starts first
//! wins, and of those the longest. Candidates covering the same text are one
//! mention with all their entities as candidates for the next step.

use crate::matching::matcher::Candidate;
use crate::model::span::{Reason, SpanSource};
use std::ops::Range;

/// A chosen mention before entity resolution, in byte offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub range: Range<usize>,
    /// Candidate (entity, alias index) pairs, in gazetteer order.
    pub names: Vec<(usize, usize)>,
    pub source: SpanSource,
    pub reason: Option<Reason>,
    pub nested: bool,
    pub dehyphenated: bool,
    /// Found through the transliteration view (a Cyrillic name).
    pub transliterated: bool,
}

impl Mention {
    pub fn from_candidate(c: Candidate, dehyphenated: bool) -> Mention {
        Mention {
            range: c.range,
            names: c.names,
            source: SpanSource::Gazetteer,
            reason: None,
            nested: false,
            dehyphenated,
            transliterated: false,
        }
    }

    /// A gazetteer mention of one entity (its first alias), for tests.
    #[cfg(test)]
    pub(crate) fn of(range: Range<usize>, entity: usize) -> Mention {
        Mention {
            range,
            names: vec![(entity, 0)],
            source: SpanSource::Gazetteer,
            reason: None,
            nested: false,
            dehyphenated: false,
            transliterated: false,
        }
    }

    pub fn entities(&self) -> impl Iterator<Item = usize> + '_ {
        // The names of one entity are always adjacent (sorted by `merge`,
        // then only moved as a group).
        let mut last = None;
        self.names.iter().filter_map(move |&(e, _)| {
            if last == Some(e) {
                return None;
            }
            last = Some(e);
            Some(e)
        })
    }

    pub fn is_ambiguous(&self) -> bool {
        self.entities().nth(1).is_some()
    }
}

/// Merges candidates over the same text and sorts them by start, longest
/// first.
pub fn merge(mut mentions: Vec<Mention>) -> Vec<Mention> {
    mentions.sort_by(|a, b| {
        (a.range.start, std::cmp::Reverse(a.range.end))
            .cmp(&(b.range.start, std::cmp::Reverse(b.range.end)))
    });
    let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
    for m in mentions {
        match out.last_mut() {
            Some(last) if last.range == m.range => {
                for n in m.names {
                    if !last.names.contains(&n) {
                        last.names.push(n);
                    }
                }
                last.dehyphenated &= m.dehyphenated;
            }
            _ => out.push(m),
        }
    }
    for m in &mut out {
        m.names.sort_unstable();
    }
    out
}

/// Leftmost-longest flat selection over merged, sorted mentions. With
/// `keep_nested`, the others are kept too, marked `nested`.
pub fn select(mentions: Vec<Mention>, keep_nested: bool) -> Vec<Mention> {
    let mut out = Vec::with_capacity(mentions.len());
    let mut end = 0;
    for mut m in mentions {
        if m.range.start >= end {
            end = m.range.end;
            out.push(m);
        } else if keep_nested {
            m.nested = true;
            out.push(m);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(r: Range<usize>, e: usize) -> Mention {
        Mention::of(r, e)
    }

    #[test]
    fn leftmost_longest_flat_and_nested() {
        // "Anti-Terrorist Centre of the CSTO" (0..33) contains "CSTO" (29..33);
        // "Centre of the CSTO in Bishkek" would overlap and start later.
        let ms = merge(vec![m(29..33, 1), m(0..33, 0), m(15..45, 2), m(37..44, 3)]);
        let flat = select(ms.clone(), false);
        let got: Vec<_> = flat.iter().map(|m| m.range.clone()).collect();
        assert_eq!(got, [0..33, 37..44]);
        let all = select(ms, true);
        assert_eq!(all.iter().filter(|m| m.nested).count(), 2);
    }

    #[test]
    fn same_text_merges_into_one_ambiguous_mention() {
        let ms = merge(vec![m(0..4, 7), m(0..4, 3)]);
        assert_eq!(ms.len(), 1);
        assert_eq!(ms[0].entities().collect::<Vec<_>>(), [3, 7]);
        assert!(ms[0].is_ambiguous());
    }
}
