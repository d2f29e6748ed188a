"""spaCy PhraseMatcher(attr="LOWER") on spacy.blank("en"): token-level
matches, then leftmost-longest selection."""

import spacy
from common import leftmost_longest, main
from spacy.matcher import PhraseMatcher


def build(aliases):
    nlp = spacy.blank("en")
    nlp.max_length = 10**9
    m = PhraseMatcher(nlp.vocab, attr="LOWER")
    m.add("GAZ", list(nlp.tokenizer.pipe(aliases, batch_size=10_000)))
    return nlp, m


def find(nm, text):
    nlp, m = nm
    doc = nlp.make_doc(text)
    return leftmost_longest([(s.start_char, s.end_char) for s in m(doc, as_spans=True)])


if __name__ == "__main__":
    main("spacy-phrasematcher", build, find)
