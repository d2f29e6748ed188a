"""The Python package and its spaCy component against the CLI, on the
shipped corpus: the same spans, ids and relations, whichever way in."""

import json
import os
import subprocess
import threading
from pathlib import Path

import pytest

import gazet

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
GAZET = os.environ.get("GAZET_BIN", str(ROOT / "target" / "release" / "gazet"))


@pytest.fixture(scope="module")
def cli():
    """The CLI's annotation of every corpus document, by id."""
    out = subprocess.run(
        [GAZET, "annotate", *map(str, CORPUS), "-q", "--no-cache"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    docs = [json.loads(line) for line in out.splitlines()]
    return {d["doc"]: d for d in docs}


@pytest.fixture(scope="module")
def annotator():
    return gazet.Annotator(cache=False)


def text_of(doc_id):
    # As gazet reads a file: line ends as they are (no newline translation).
    with open(ROOT / "corpus" / f"{doc_id}.txt", encoding="utf-8", newline="") as f:
        return f.read()


def test_annotate_equals_the_cli_on_the_corpus(cli, annotator):
    assert len(cli) == len(CORPUS) > 10
    for doc_id, want in cli.items():
        got = annotator.annotate(text_of(doc_id), doc=doc_id)
        assert got["doc"] == doc_id
        assert got["spans"] == want["spans"], doc_id
        assert got["relations"] == want["relations"], doc_id


def test_offsets_are_python_string_indices(annotator):
    text = "Жители Бишкека и Tashkent: the Шанхайская организация сотрудничества (ШОС) met in Almaty."
    spans = annotator.annotate(text)["spans"]
    assert spans, "some names are found"
    for s in spans:
        assert text[s["start"]:s["end"]] == s["text"]


def test_pipe_keeps_order_on_any_number_of_threads(cli, annotator):
    ids = sorted(cli)
    texts = [text_of(i) for i in ids]
    for n_threads, batch_size in [(1, 3), (2, 5), (0, 256)]:
        got = list(annotator.pipe(texts, n_threads=n_threads, batch_size=batch_size))
        assert [g["spans"] for g in got] == [cli[i]["spans"] for i in ids], n_threads
        assert [g["doc"] for g in got] == [str(n) for n in range(len(ids))]


def test_one_annotator_serves_many_threads(cli, annotator):
    ids = sorted(cli)
    results = {}

    def work(i):
        results[i] = annotator.annotate(text_of(i), doc=i)

    threads = [threading.Thread(target=work, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i in ids:
        assert results[i]["spans"] == cli[i]["spans"], i


def test_options_reach_the_annotator(tmp_path):
    gaz = tmp_path / "extra.tsv"
    gaz.write_text("zorb\tORG\tagency\tZorb Authority\tZA\n", encoding="utf-8")
    text = "The Zorb Authority met the CSTO. Kazakhstan is a member of the CSTO."
    only = gazet.Annotator([gaz], default_gazetteers=False, patterns=False, cache=False)
    spans = only.annotate(text)["spans"]
    assert [(s["text"], s["entity"]) for s in spans] == [("Zorb Authority", "zorb")]
    both = gazet.Annotator([gaz], cache=False)
    ids = [s["entity"] for s in both.annotate(text)["spans"]]
    assert "zorb" in ids and "csto" in ids and "kazakhstan" in ids
    # Other tools' gazetteers, named as on the command line.
    names = tmp_path / "names.txt"
    names.write_text("Zorb Authority\n", encoding="utf-8")
    listed = gazet.Annotator([f"list:ORG:{names}"], default_gazetteers=False, cache=False)
    assert [s["label"] for s in listed.annotate(text)["spans"]] == ["ORG"]
    patterns = tmp_path / "patterns.jsonl"
    patterns.write_text('{"label": "GPE", "pattern": "Zorbland", "id": "zorbland"}\n', encoding="utf-8")
    spacy_style = gazet.Annotator([patterns], default_gazetteers=False, cache=False)
    spans = spacy_style.annotate("Talks in Zorbland.")["spans"]
    assert [(s["entity"], s["label"]) for s in spans] == [("zorbland", "LOC")]
    no_rules = gazet.Annotator(default_rules=False, cache=False)
    assert no_rules.annotate(text)["relations"] == []
    assert any(e["id"] == "zorb" for e in only.entities())


def test_bad_files_raise_with_file_and_line(tmp_path):
    with pytest.raises(OSError, match="nowhere.tsv"):
        gazet.Annotator([tmp_path / "nowhere.tsv"], cache=False)
    bad = tmp_path / "bad.tsv"
    bad.write_text("x\tXXX\tcity\tX\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.tsv:1: unknown label"):
        gazet.Annotator([bad], cache=False)


def test_a_schema_of_ones_own(tmp_path):
    # The schema is the process's: this one only adds to the default, so
    # the tests after it see the same spans.
    bad = tmp_path / "bad.schema"
    bad.write_text("label GPE\n  kinds: country\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.schema:2: label GPE: kind `country`"):
        gazet.Annotator(schema=bad, cache=False)
    fx = ROOT / "tests" / "fixtures" / "schema"
    mine = gazet.Annotator(
        [fx / "my.tsv"],
        rules=[fx / "my.rules"],
        patterns=False,
        default_gazetteers=False,
        default_rules=False,
        cache=False,
        schema=fx / "my.schema",
    )
    doc = mine.annotate((fx / "doc.txt").read_text(encoding="utf-8"))
    assert ("Strelsau", "GPE", "municipality") in {
        (s["text"], s["label"], s["kind"]) for s in doc["spans"]
    }
    relations = [(r["head"], r["relation"], r["tail"]) for r in doc["relations"]]
    assert relations == [("jane_doe", "works_for", "acme")]


# The spaCy component, on a blank English pipeline.

spacy = pytest.importorskip("spacy")


def test_the_component_sets_ents_with_ids_and_relations(cli):
    nlp = spacy.blank("en")
    nlp.add_pipe("gazet", config={"alignment_mode": "strict"})
    for doc_id, want in cli.items():
        doc = nlp(text_of(doc_id))
        flat = [s for s in want["spans"] if not s.get("nested")]
        got = [(e.start_char, e.end_char, e.label_, e.kb_id_) for e in doc.ents]
        expected = [(s["start"], s["end"], s["label"], s["entity"]) for s in flat]
        # `strict` places only spans on token edges; the rest are counted.
        assert len(got) + doc.user_data["gazet_unaligned"] == len(expected), doc_id
        assert set(got) <= set(expected), doc_id
        assert len(got) >= 0.9 * len(expected), doc_id
        assert doc._.relations == want["relations"], doc_id


def test_expand_alignment_places_every_span():
    nlp = spacy.blank("en")
    nlp.add_pipe("gazet")
    doc = nlp("The CSTO's members met in Bishkek-based offices; Kazakhstan is a member of the CSTO.")
    assert doc.user_data["gazet_unaligned"] == 0
    assert [e.kb_id_ for e in doc.ents] == ["csto", "bishkek", "kazakhstan", "csto"]
    assert [(r["head"], r["relation"], r["tail"]) for r in doc._.relations] == [
        ("kazakhstan", "member_of", "csto")
    ]


def test_overlaps_go_to_a_span_group():
    nlp = spacy.blank("en")
    nlp.add_pipe("gazet", config={"overlaps": True, "spans_key": "names"})
    doc = nlp("The Anti-Terrorist Centre of the CSTO met in Bishkek.")
    group = [(s.text, s.kb_id_) for s in doc.spans["names"]]
    assert ("CSTO", "csto") in group
    assert any(t.startswith("Anti-Terrorist Centre") for t, _ in group)
    assert "CSTO" not in [e.text for e in doc.ents], "nested names stay out of ents"


def test_existing_entities_are_kept_or_overwritten_as_the_entity_ruler_does():
    from spacy.tokens import Span

    for overwrite, label in [(True, "ORG"), (False, "MISC")]:
        nlp = spacy.blank("en")

        @spacy.Language.component(f"fake_ner_{overwrite}")
        def fake_ner(doc):
            doc.ents = [Span(doc, 0, 1, label="MISC"), Span(doc, 3, 4, label="MISC")]
            return doc

        nlp.add_pipe(f"fake_ner_{overwrite}")
        nlp.add_pipe("gazet", config={"overwrite_ents": overwrite})
        doc = nlp("CSTO and some Bishkek")
        assert [(e.text, e.label_) for e in doc.ents][0] == ("CSTO", label)
        assert ("some", "MISC") not in [(e.text, e.label_) for e in doc.ents]
        assert len(doc.ents) == 2


def test_pipe_of_the_component_equals_calling_it(cli):
    nlp = spacy.blank("en")
    nlp.add_pipe("gazet", config={"n_threads": 2})
    texts = [text_of(i) for i in sorted(cli)]
    piped = [[(e.start_char, e.end_char, e.kb_id_) for e in d.ents] for d in nlp.pipe(texts, batch_size=4)]
    called = [[(e.start_char, e.end_char, e.kb_id_) for e in nlp(t).ents] for t in texts]
    assert piped == called


def test_a_bad_alignment_mode_is_refused():
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="alignment_mode"):
        nlp.add_pipe("gazet", config={"alignment_mode": "loose"})


def test_the_examples_in_the_docstrings_run():
    import doctest

    import gazet.spacy

    for module in (gazet, gazet.spacy):
        failed, tried = doctest.testmod(module)
        assert tried > 0 and failed == 0, module.__name__


def test_annotate_many_keeps_the_callers_ids(cli, annotator):
    ids = sorted(cli)
    got = list(annotator.annotate_many(((i, text_of(i)) for i in ids), n_threads=2, batch_size=4))
    assert [g["doc"] for g in got] == ids
    assert [g["spans"] for g in got] == [cli[i]["spans"] for i in ids]


def test_annotate_stream_equals_the_cli_streaming_a_file(tmp_path, annotator):
    # Every corpus document in one file, streamed in chunks of 16 KB by
    # both; offsets are the whole file's.
    text = "\n\n".join(text_of(p.stem) for p in CORPUS)
    path = tmp_path / "big.txt"
    path.write_bytes(text.encode("utf-8"))
    out = subprocess.run(
        [GAZET, "annotate", str(path), "-q", "--no-cache", "--stream-above", "1000",
         "--chunk-size", "16384"],
        check=True, capture_output=True, text=True,
    ).stdout
    want = json.loads(out)
    got, note = annotator.annotate_stream(path.read_bytes(), doc="big", path=str(path),
                                          chunk_size=16384, n_threads=2)
    assert note is None
    assert got == want
    for s in got["spans"][-5:]:
        assert text[s["start"]:s["end"]] == s["text"]


def test_annotate_stream_parts_are_numbered_with_the_relations_last(annotator):
    # annotate_stream puts these parts together, and equals the CLI (above).
    text = "\n\n".join(text_of(p.stem) for p in CORPUS)
    data = text.encode("utf-8")
    parts = list(annotator.annotate_stream_parts(data, doc="big", path="big.txt",
                                                 chunk_size=16384, n_threads=2))
    assert len(parts) > 3
    assert [index for index, _, _, _ in parts] == list(range(len(parts)))
    assert [last for _, last, _, _ in parts] == [False] * (len(parts) - 1) + [True]
    assert all(p["relations"] == [] for _, _, p, _ in parts[:-1])
    assert parts[-1][2]["relations"]
    starts = [s["start"] for _, _, p, _ in parts for s in p["spans"]]
    assert starts == sorted(starts) and starts[-1] > len(text) // 2  # the document's offsets
    _, _, raw, _ = next(iter(annotator.annotate_stream_parts(data, chunk_size=16384, raw=True)))
    assert isinstance(raw, str) and json.loads(raw)["doc"] == "doc"


def test_annotate_stream_parts_stop_with_the_reader_and_raise_at_bad_bytes(annotator):
    data = ("The CSTO met in Bishkek. " * 4000).encode("utf-8")
    parts = annotator.annotate_stream_parts(data, chunk_size=1024)
    next(parts)
    parts.close()  # the work stops; nothing hangs
    bad = data + b"caf\xe9"
    with pytest.raises(ValueError, match="not valid UTF-8"):
        list(annotator.annotate_stream_parts(bad, path="d.txt", chunk_size=1024))


def test_annotate_stream_refuses_what_gazet_refuses(annotator):
    with pytest.raises(ValueError, match="not valid UTF-8"):
        annotator.annotate_stream(b"CSTO in caf\xe9", path="d.txt")
    with pytest.raises(ValueError, match="binary"):
        annotator.annotate_stream(b"CSTO\x00", path="d.txt")
    with pytest.raises(ValueError, match="chunk_size"):
        annotator.annotate_stream(b"CSTO", chunk_size=0)
    got, note = annotator.annotate_stream(b"The CSTO met in caf\xe9 Bishkek.", lossy=True)
    assert note and "U+FFFD" in note
    assert [s["entity"] for s in got["spans"]][:1] == ["csto"]


def test_the_component_takes_a_schema():
    fx = ROOT / "tests" / "fixtures" / "schema"
    nlp = spacy.blank("en")
    nlp.add_pipe(
        "gazet",
        config={
            "schema": str(fx / "my.schema"),
            "gazetteers": [str(fx / "my.tsv")],
            "rules": [str(fx / "my.rules")],
            "default_gazetteers": False,
            "patterns": False,
        },
    )
    doc = nlp((fx / "doc.txt").read_text(encoding="utf-8"))
    assert ("Ruritania", "GPE", "ruritania") in {
        (e.text, e.label_, e.kb_id_) for e in doc.ents
    }
    assert ("jane_doe", "works_for", "acme") in {
        (r["head"], r["relation"], r["tail"]) for r in doc._.relations
    }
