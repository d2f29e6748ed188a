"""gazet inside spaCy: the `gazet` component (python/, built with maturin)
on spacy.blank("en"), with the aliases as its only gazetteer and no rules
or name patterns: the EntityRuler's job, done by gazet's matcher, placed on
spaCy's tokens with char_span(alignment_mode="expand")."""

import os
import tempfile

import spacy
from common import main


def build(aliases):
    folder = tempfile.mkdtemp(prefix="gazet-spacy-")
    path = os.path.join(folder, "aliases.tsv")
    with open(path, "w", encoding="utf-8") as f:
        for i, alias in enumerate(aliases):
            # gazet refuses a name with no letter or digit, or with a tab.
            if "\t" in alias or not any(c.isalnum() for c in alias):
                continue
            f.write(f"a{i}\tORG\torganization\t{alias}\n")
    nlp = spacy.blank("en")
    nlp.max_length = 10**9
    nlp.add_pipe(
        "gazet",
        config={
            "gazetteers": [path],
            "default_gazetteers": False,
            "rules": [],
            "patterns": False,
            "n_threads": 1,
        },
    )
    return nlp


def find(nlp, text):
    return [(e.start_char, e.end_char) for e in nlp(text).ents]


if __name__ == "__main__":
    main("gazet-spacy", build, find)
