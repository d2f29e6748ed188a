//! Byte ranges of a text, sorted by start, with the furthest end reached
//! up to each: which of them overlap or hold a given range is found by
//! binary search instead of by a scan of all of them. A scan per match
//! (or per mention) made a long document's annotation quadratic.

use std::ops::Range;

/// Ranges by start, for overlap and containment queries.
pub struct RangeIndex {
    ranges: Vec<Range<usize>>,
    /// `reach[i]`: the largest end among `ranges[..=i]`.
    reach: Vec<usize>,
}

impl RangeIndex {
    /// Indexes `ranges`, in any order; they may overlap.
    pub fn new(ranges: impl IntoIterator<Item = Range<usize>>) -> RangeIndex {
        let mut ranges: Vec<Range<usize>> = ranges.into_iter().collect();
        ranges.sort_unstable_by_key(|r| (r.start, r.end));
        let reach = ranges
            .iter()
            .scan(0, |end, r| {
                *end = (*end).max(r.end);
                Some(*end)
            })
            .collect();
        RangeIndex { ranges, reach }
    }

    /// The ranges that share at least one byte with `r`.
    pub fn overlapping<'a>(
        &'a self,
        r: &'a Range<usize>,
    ) -> impl Iterator<Item = &'a Range<usize>> {
        let below = self.ranges.partition_point(|s| s.start < r.end);
        // Back from the last range starting before `r` ends, while one of
        // the ranges so far still reaches past `r`'s start.
        (0..below)
            .rev()
            .take_while(move |&i| self.reach[i] > r.start)
            .map(move |i| &self.ranges[i])
            .filter(move |s| r.start < s.end)
    }

    /// Whether one of the ranges holds `r` (starts at or before it and ends
    /// at or after it).
    pub fn holds(&self, r: &Range<usize>) -> bool {
        let k = self.ranges.partition_point(|s| s.start <= r.start);
        k > 0 && self.reach[k - 1] >= r.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_overlapping(all: &[Range<usize>], r: &Range<usize>) -> Vec<Range<usize>> {
        let mut v: Vec<_> = all
            .iter()
            .filter(|s| s.start < r.end && r.start < s.end)
            .cloned()
            .collect();
        v.sort_by_key(|s| (s.start, s.end));
        v
    }

    #[test]
    fn agrees_with_a_scan() {
        let all = vec![0..4, 2..3, 3..10, 5..6, 12..12, 12..15, 20..30, 21..22];
        let index = RangeIndex::new(all.clone());
        for a in 0..32 {
            for b in a..32 {
                let r = a..b;
                let mut got: Vec<_> = index.overlapping(&r).cloned().collect();
                got.sort_by_key(|s| (s.start, s.end));
                assert_eq!(got, scan_overlapping(&all, &r), "{r:?}");
                let held = all.iter().any(|s| s.start <= r.start && r.end <= s.end);
                assert_eq!(index.holds(&r), held, "{r:?}");
            }
        }
    }

    #[test]
    fn empty_index() {
        let index = RangeIndex::new(Vec::new());
        assert_eq!(index.overlapping(&(0..5)).count(), 0);
        assert!(!index.holds(&(0..0)));
    }
}
