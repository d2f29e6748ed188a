//! Offsets converted between units, in this one place: inside, gazet
//! works in byte offsets of the original text; what it writes and reads
//! (spans, relation evidence, brat, CoNLL, the HTML report) counts Unicode
//! code points; messages count lines. Bytes become code points
//! ([`CodePoints`]) only where the annotator hands an annotation out, and
//! where `explain` prints its trace.

use std::ops::Range;

/// The 1-based line number of byte `offset`.
pub fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Byte offset → code point offset, for the starts and ends of some
/// ranges (counted in one pass over the text).
pub struct CodePoints(Vec<(usize, usize)>);

impl CodePoints {
    pub fn new<'a>(text: &str, ranges: impl Iterator<Item = &'a Range<usize>>) -> CodePoints {
        let mut positions: Vec<(usize, usize)> =
            ranges.flat_map(|r| [(r.start, 0), (r.end, 0)]).collect();
        code_points(text, &mut positions);
        CodePoints(positions)
    }

    /// The code point offset of `byte`, one of the ranges' ends.
    pub fn at(&self, byte: usize) -> usize {
        let i = self.0.partition_point(|p| p.0 < byte);
        self.0.get(i).map_or(0, |p| p.1)
    }
}

/// Converts byte offsets into code point offsets for sorted `positions`, in
/// one pass over the text.
fn code_points(text: &str, positions: &mut [(usize, usize)]) {
    // positions: (byte offset, slot for the code point offset)
    positions.sort_unstable_by_key(|p| p.0);
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut count = 0;
    for p in positions.iter_mut() {
        let upto = p.0.min(bytes.len());
        if upto > at {
            count += bytes[at..upto]
                .iter()
                .filter(|&&b| (b & 0xC0) != 0x80)
                .count();
            at = upto;
        }
        p.1 = count;
    }
}

/// Code point → byte offset: the byte offset of every code point of `text`,
/// and its length last, so that `bounds[start]..bounds[end]` slices a span
/// given in code points.
pub fn char_bounds(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points_count_characters() {
        let t = "İş Kazakhstan";
        let mut p = vec![(t.find('K').unwrap(), 0), (0, 0), (t.len(), 0)];
        code_points(t, &mut p);
        assert_eq!(p, [(0, 0), (5, 3), (t.len(), 13)]);
    }
}
