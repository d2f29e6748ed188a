"""gazet as a spaCy pipeline component.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("gazet")  # found through the package's entry point
    >>> doc = nlp("Kazakhstan is a member of the CSTO.")
    >>> [(e.text, e.label_, e.kb_id_) for e in doc.ents]
    [('Kazakhstan', 'LOC', 'kazakhstan'), ('CSTO', 'ORG', 'csto')]
    >>> [(r["head"], r["relation"], r["tail"]) for r in doc._.relations]
    [('kazakhstan', 'member_of', 'csto')]

gazet finds names by characters, spaCy counts tokens. Each span is placed
with ``Doc.char_span`` and the component's ``alignment_mode``: ``expand``
(the default) takes the tokens the span touches, ``contract`` the tokens
inside it, ``strict`` only spans that fall on token edges. A span that
cannot be placed is counted in ``doc.user_data["gazet_unaligned"]``.

The flat spans become ``doc.ents`` (``ent.kb_id_`` is the entity id; an
entity already there, from a trained NER, stays where it meets none of
ours, and where it does, ours wins unless ``overwrite_ents=False``); with ``overlaps=True`` every span, nested ones too, also goes to
``doc.spans[spans_key]``. The relations go to ``doc._.relations``, as
dicts with code-point offsets.
"""

from typing import Dict, Iterable, Iterator, List, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import Annotator

ALIGNMENT_MODES = ("strict", "contract", "expand")

if not Doc.has_extension("relations"):
    Doc.set_extension("relations", default=None)


@Language.factory(
    "gazet",
    default_config={
        "gazetteers": [],
        "rules": [],
        "patterns": True,
        "default_gazetteers": True,
        "overlaps": False,
        "acronyms": True,
        "spans_key": "gazet",
        "alignment_mode": "expand",
        "overwrite_ents": True,
        "n_threads": 0,
        "schema": None,
    },
)
class GazetComponent:
    """The component ``nlp.add_pipe("gazet", config={...})`` makes; spaCy
    reads its configuration from the arguments of ``__init__``."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        gazetteers: List[str],
        rules: List[str],
        patterns: bool,
        default_gazetteers: bool,
        overlaps: bool,
        acronyms: bool,
        spans_key: str,
        alignment_mode: str,
        overwrite_ents: bool,
        n_threads: int,
        schema: Optional[str],
    ) -> None:
        if alignment_mode not in ALIGNMENT_MODES:
            raise ValueError(
                f"gazet: alignment_mode {alignment_mode!r} is none of {', '.join(ALIGNMENT_MODES)}"
            )
        self.name = name
        self.annotator = Annotator(
            gazetteers=gazetteers,
            rules=rules,
            patterns=patterns,
            default_gazetteers=default_gazetteers,
            overlaps=overlaps,
            acronyms=acronyms,
            schema=schema,
        )
        self.overlaps = overlaps
        self.spans_key = spans_key
        self.alignment_mode = alignment_mode
        self.overwrite_ents = overwrite_ents
        self.n_threads = n_threads

    def __call__(self, doc: Doc) -> Doc:
        return self._set(doc, self.annotator.annotate(doc.text))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Annotates a batch of docs at a time on ``n_threads`` threads."""
        batch: List[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, docs: List[Doc]) -> Iterator[Doc]:
        results = self.annotator.pipe(
            (d.text for d in docs), n_threads=self.n_threads, batch_size=len(docs)
        )
        for doc, result in zip(docs, results):
            yield self._set(doc, result)

    def _set(self, doc: Doc, result: Dict) -> Doc:
        flat: List[Span] = []
        every: List[Span] = []
        unaligned = 0
        for s in result["spans"]:
            span = doc.char_span(
                s["start"],
                s["end"],
                label=s["label"],
                kb_id=s["entity"],
                alignment_mode=self.alignment_mode,
            )
            if span is None or len(span) == 0:
                unaligned += 1
                continue
            every.append(span)
            if not s.get("nested", False):
                flat.append(span)
        doc.ents = _merge(list(doc.ents), filter_spans(flat), self.overwrite_ents)
        if self.overlaps:
            doc.spans[self.spans_key] = every
        doc._.relations = result["relations"]
        doc.user_data["gazet_unaligned"] = unaligned
        return doc


def _merge(theirs: List[Span], ours: List[Span], ours_win: bool) -> List[Span]:
    """The entities already on the doc (a trained NER's) and ours, as
    spaCy's EntityRuler merges them: where two meet, ours win with
    ``overwrite_ents``, theirs without; the others stay."""
    first, second = (ours, theirs) if ours_win else (theirs, ours)
    taken = {i for e in first for i in range(e.start, e.end)}
    kept = [e for e in second if not any(i in taken for i in range(e.start, e.end))]
    return sorted(first + kept, key=lambda e: e.start)
