"""gazet: gazetteer-based entity annotation and relation extraction.

    >>> import gazet
    >>> annotator = gazet.Annotator()
    >>> a = annotator.annotate("Kazakhstan is a member of the CSTO.")
    >>> [(s["start"], s["end"], s["label"], s["entity"]) for s in a["spans"]]
    [(0, 10, 'LOC', 'kazakhstan'), (30, 34, 'ORG', 'csto')]
    >>> [(r["head"], r["relation"], r["tail"]) for r in a["relations"]]
    [('kazakhstan', 'member_of', 'csto')]

An `Annotator` is built once (gazetteers, relation rules and name patterns
compiled) and is safe to share between threads; the work on text runs
without the GIL. Offsets are code points, that is Python `str` indices.
The spaCy component is in `gazet.spacy` (`nlp.add_pipe("gazet")`).
"""

import json
import os
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from ._gazet import NativeAnnotator, __version__

__all__ = ["Annotator", "__version__"]

Paths = Sequence[Union[str, "os.PathLike[str]"]]


def _paths(value: Union[bool, Paths, None]) -> List[str]:
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, (str, os.PathLike)):
        return [os.fspath(value)]
    return [os.fspath(p) for p in value]


class Annotator:
    """Finds the names of a text and the relations between them.

    gazetteers: extra gazetteer files, added to the embedded ones unless
        ``default_gazetteers=False``, named as ``-g`` names them: gazet TSV,
        another tool's file (spaCy ``patterns.jsonl``, GATE ``lists.def``,
        RegexNER, FlashText), ``"list:ORG:names.txt"`` for a plain list,
        ``"world"`` for the embedded world gazetteer.
    rules: extra relation-rule files; ``default_rules=False`` drops the
        embedded ones.
    patterns: ``True`` for the embedded name patterns, ``False`` for none,
        or pattern files to use beside the embedded ones.
    overlaps: also report the names nested in others (marked ``nested``).
    acronyms: learn the acronyms a text defines (``Long Form (LF)``).
    lone_acronyms: keep a gazetteer acronym with nothing near it to back it.
    cache: read and write the compiled-gazetteer cache.
    schema: a schema file declaring labels, kinds and relation types of
        your own (see the README, "Schema"), as ``--schema`` reads it. The
        schema is the process's: it applies to every annotator built after.

    A bad file raises ``OSError`` (cannot be read) or ``ValueError`` (its
    content, with ``file:line``).
    """

    def __init__(
        self,
        gazetteers: Paths = (),
        rules: Paths = (),
        patterns: Union[bool, Paths] = True,
        *,
        default_gazetteers: bool = True,
        default_rules: bool = True,
        overlaps: bool = False,
        acronyms: bool = True,
        lone_acronyms: bool = False,
        cache: bool = True,
        schema: Union[str, "os.PathLike[str]", None] = None,
    ) -> None:
        self._native = NativeAnnotator(
            gazetteers=_paths(gazetteers),
            rules=_paths(rules),
            patterns=_paths(patterns),
            default_gazetteers=default_gazetteers,
            default_rules=default_rules,
            default_patterns=patterns is not False,
            overlaps=overlaps,
            acronyms=acronyms,
            lone_acronyms=lone_acronyms,
            use_cache=cache,
            schema=None if schema is None else os.fspath(schema),
        )

    def annotate(self, text: str, doc: str = "doc") -> Dict:
        """The annotation of one text: ``{"doc", "spans", "relations"}``,
        as gazet's JSON Lines output has it (without ``path``)."""
        return json.loads(self._native.annotate_json(text, doc))

    def pipe(
        self,
        texts: Iterable[str],
        n_threads: int = 0,
        batch_size: int = 256,
    ) -> Iterator[Dict]:
        """The annotations of many texts, in order. Each batch of
        ``batch_size`` texts is spread over ``n_threads`` threads (0: one per
        core) with the GIL released. Documents are named ``0``, ``1``, ..."""
        docs = ((str(n), text) for n, text in enumerate(texts))
        yield from self.annotate_many(docs, n_threads, batch_size)

    def annotate_many(
        self,
        docs: Iterable[Tuple[str, str]],
        n_threads: int = 0,
        batch_size: int = 256,
        raw: bool = False,
    ) -> Iterator[Union[Dict, str]]:
        """The annotations of many ``(doc id, text)`` pairs, in order, as
        ``pipe`` makes them but under the caller's ids (a file's path, a
        record's key), so that results can be joined back to their input.
        With ``raw=True``, each is its JSON text, for a caller that parses
        it into something else (Arrow, on Spark)."""
        batch: List = []
        for doc, text in docs:
            batch.append((doc, text))
            if len(batch) >= batch_size:
                yield from self._run(batch, n_threads, raw)
                batch = []
        if batch:
            yield from self._run(batch, n_threads, raw)

    def annotate_stream(
        self,
        data: bytes,
        doc: str = "doc",
        path: str = "",
        chunk_size: int = 4 << 20,
        lossy: bool = False,
        n_threads: int = 1,
    ) -> Tuple[Dict, Optional[str]]:
        """One large document, given as its bytes, annotated in chunks of
        about ``chunk_size`` bytes as ``gazet annotate --stream-above``
        streams a file: time grows linearly with the size, whereas one
        ``annotate`` call on the whole text does not. As there, the evidence
        that settles an ambiguous name counts within its chunk.

        Returns the annotation (with ``path``) and a note of what reading
        did (``lossy`` replacements), or ``None``. Raises ``ValueError``,
        with gazet's message, for bytes that are not UTF-8 (unless
        ``lossy``), hold a NUL byte, or start with a UTF-16 byte-order mark.
        """
        whole: Optional[Dict] = None
        note = None
        parts = self.annotate_stream_parts(data, doc, path, chunk_size, lossy, n_threads)
        for _, _, part, part_note in parts:
            note = note or part_note
            if whole is None:
                whole = part
            else:
                whole["spans"] += part["spans"]
                whole["relations"] += part["relations"]
        assert whole is not None  # the last part always comes
        return whole, note

    def annotate_stream_parts(
        self,
        data: bytes,
        doc: str = "doc",
        path: str = "",
        chunk_size: int = 4 << 20,
        lossy: bool = False,
        n_threads: int = 1,
        raw: bool = False,
    ) -> Iterator[Tuple[int, bool, Union[Dict, str], Optional[str]]]:
        """``annotate_stream``, handed over a chunk at a time, for a document
        whose annotation is too big to hold at once: yields ``(index, last,
        part, note)`` for each chunk in order, where ``part`` is the chunk's
        annotation (``{"doc", "path", "spans", "relations"}``; its JSON text
        with ``raw=True``). Spans are in the document's offsets; the
        relations are the document's, merged across chunks, and all in the
        last part (the others have none), so the parts' spans and relations,
        put together, are ``annotate_stream``'s. The chunks are annotated on
        a thread of its own at most one part ahead of the caller. Raises
        ``ValueError`` as ``annotate_stream`` does, from the part where the
        bad bytes are."""
        parts = self._native.stream_parts_json(data, doc, path, chunk_size, lossy, n_threads)
        for line, note, index, last in parts:
            yield index, last, line if raw else json.loads(line), note

    def _run(self, batch: List, n_threads: int, raw: bool = False) -> Iterator[Union[Dict, str]]:
        lines = self._native.annotate_many_json(batch, n_threads)
        yield from lines if raw else map(json.loads, lines)

    def entities(self) -> List[Dict[str, str]]:
        """Every entity of the gazetteers: ``{"id", "label", "kind", "name"}``."""
        return [
            {"id": i, "label": label, "kind": kind, "name": name}
            for i, label, kind, name in self._native.entities()
        ]
