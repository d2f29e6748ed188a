"""pyahocorasick: every occurrence of the lower-cased aliases, then the
word-boundary filter and leftmost-longest selection."""

import ahocorasick
from common import leftmost_longest, main, safe_lower, whole_word


def build(aliases):
    a = ahocorasick.Automaton()
    for alias in aliases:
        key = safe_lower(alias)
        a.add_word(key, len(key))
    a.make_automaton()
    return a


def find(a, text):
    low = safe_lower(text)
    spans = []
    for end, n in a.iter(low):
        s, e = end + 1 - n, end + 1
        if whole_word(low, s, e):
            spans.append((s, e))
    return leftmost_longest(spans)


if __name__ == "__main__":
    main("pyahocorasick", build, find)
