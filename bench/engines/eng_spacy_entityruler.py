"""spaCy EntityRuler (phrase patterns, phrase_matcher_attr="LOWER") on
spacy.blank("en"): doc.ents, which the ruler makes non-overlapping itself."""

import spacy
from common import main


def build(aliases):
    nlp = spacy.blank("en")
    nlp.max_length = 10**9
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([{"label": "GAZ", "pattern": a} for a in aliases])
    return nlp


def find(nlp, text):
    return [(e.start_char, e.end_char) for e in nlp(text).ents]


if __name__ == "__main__":
    main("spacy-entityruler", build, find)
