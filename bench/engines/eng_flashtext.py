"""FlashText: a case-insensitive KeywordProcessor. Its own word boundaries
(ASCII letters, digits and '_' are word characters) and its own longest
match; nothing is added."""

from common import main
from flashtext import KeywordProcessor


def build(aliases):
    kp = KeywordProcessor(case_sensitive=False)
    for alias in aliases:
        kp.add_keyword(alias)
    return kp


def find(kp, text):
    return [(s, e) for _, s, e in kp.extract_keywords(text, span_info=True)]


if __name__ == "__main__":
    main("flashtext", build, find)
