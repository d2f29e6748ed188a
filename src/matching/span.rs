//! Spans: the mentions chosen among the candidates, and their output form.
//!
//! Flat selection is leftmost-longest, as the guidelines ask ("take the
//! longest name"): among overlapping candidates the one that starts first
//! wins, and of those the longest. Candidates covering the same text are one
//! mention with all their entities as candidates for the next step.

use crate::matching::matcher::{Candidate, MAX_DEPTH};
use crate::model::span::{Reason, SpanSource};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
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
/// `keep_nested`, the others are kept too, marked `nested`, while fewer
/// than [`MAX_DEPTH`] kept names cover their start: the output then stays
/// linear in the text whatever the gazetteer nests.
pub fn select(mentions: Vec<Mention>, keep_nested: bool) -> Vec<Mention> {
    let mut out = Vec::with_capacity(mentions.len());
    let mut end = 0;
    // The ends of the names kept that may still cover what comes next;
    // mentions come by start, so those covering a start are those ending
    // after it.
    let mut open: BinaryHeap<Reverse<usize>> = BinaryHeap::new();
    for mut m in mentions {
        while open.peek().is_some_and(|&Reverse(e)| e <= m.range.start) {
            open.pop();
        }
        if m.range.start >= end {
            end = m.range.end;
        } else if keep_nested && open.len() < MAX_DEPTH {
            m.nested = true;
        } else {
            continue;
        }
        open.push(Reverse(m.range.end));
        out.push(m);
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
    fn nested_names_stop_at_the_depth_bound() {
        // Aliases `A`, `A A`, ... over a text of 40 words `A`: every start
        // has a name of every length that fits.
        let words = 40;
        let mut all = Vec::new();
        for start in 0..words {
            for len in 1..=words - start {
                all.push(m(2 * start..2 * (start + len) - 1, len));
            }
        }
        let kept = select(merge(all), true);
        assert_eq!(
            kept[0].range,
            0..2 * words - 1,
            "the flat name is the longest"
        );
        assert_eq!(kept.iter().filter(|m| !m.nested).count(), 1);
        for at in 0..2 * words {
            let over = kept.iter().filter(|m| m.range.contains(&at)).count();
            assert!(over <= MAX_DEPTH, "{over} names over byte {at}");
        }
        let shallow = select(merge(vec![m(0..3, 0), m(0..1, 1), m(2..3, 2)]), true);
        assert_eq!(shallow.len(), 3, "shallow nesting is kept whole");
    }

    #[test]
    fn same_text_merges_into_one_ambiguous_mention() {
        let ms = merge(vec![m(0..4, 7), m(0..4, 3)]);
        assert_eq!(ms.len(), 1);
        assert_eq!(ms[0].entities().collect::<Vec<_>>(), [3, 7]);
        assert!(ms[0].is_ambiguous());
    }
}
