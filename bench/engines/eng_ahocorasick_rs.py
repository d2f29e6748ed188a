"""ahocorasick-rs: MatchKind.LeftmostLongest over the lower-cased text,
then the word-boundary filter. The automaton picks its non-overlapping
matches before the filter sees them, so a match dropped for a boundary
can hide a good one under it (semantics of the library, kept as is)."""

import ahocorasick_rs
from common import main, safe_lower, whole_word


def build(aliases):
    keys = list(dict.fromkeys(safe_lower(a) for a in aliases))
    return ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


def find(ac, text):
    low = safe_lower(text)
    return [(s, e) for _, s, e in ac.find_matches_as_indexes(low) if whole_word(low, s, e)]


if __name__ == "__main__":
    main("ahocorasick-rs", build, find)
