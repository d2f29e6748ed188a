#!/usr/bin/env python3
"""Helpers of spark/test.sh.

    check.py corpus SOURCE DEST N    write N documents made from SOURCE's into DEST,
                                     with the awkward names, encodings and bad files
                                     a real folder has
    check.py records FOLDER DEST     the documents of a made folder as JSON Lines
                                     records, plus records gazet must reject
    check.py compare LOCAL SPARK     compare a local gazet output file with a Spark
                                     output folder; exit 1 with the first difference
    check.py errors ROOT LOG...      the "gazet: " lines of each log, with ROOT
                                     made relative, for diffing
"""

import difflib
import json
import os
import sys
from pathlib import Path

# A made-up entity the shipped gazetteers do not know: it is found only if
# the -g file reached the executors.
EXTRA_GAZETTEER = "zorbland_accord\tORG\torganization\tZorbland Accord\tZA Pact\n"
EXTRA_SENTENCE = "\n\nThe Zorbland Accord (ZA) was signed in Almaty; the ZA Pact binds Kazakhstan.\n"


def make_corpus(source, dest, n):
    dest = Path(dest)
    docs = sorted(p for p in Path(source).iterdir() if p.suffix in (".txt", ".md"))
    texts = [p.read_text(encoding="utf-8") for p in docs]
    for i in range(n):
        paragraphs = texts[i % len(texts)].split("\n\n")
        # A different slice of the paragraphs each time, so that no two
        # documents are the same and acronym definitions sometimes fall out.
        cut = i % max(1, len(paragraphs))
        text = "\n\n".join(paragraphs[cut:] + paragraphs[:cut])
        if i % 5 == 0:
            text += EXTRA_SENTENCE
        ext = ".md" if i % 11 == 0 else ".txt"
        write(dest / f"batch{i % 7}" / f"part{i % 3}" / f"doc-{i:04d}{ext}", text.encode("utf-8"))
    paper = texts[0]
    for name, data in [
        ("names/with space.txt", paper.encode("utf-8")),
        ("names/Алматы-ü.txt", paper.encode("utf-8")),
        ("names/percent%20sign.txt", paper.encode("utf-8")),
        ("names/dotted.name.v2.txt", paper.encode("utf-8")),
        ("enc/crlf.txt", paper.replace("\n", "\r\n").encode("utf-8")),
        ("enc/bom.txt", b"\xef\xbb\xbf" + paper.encode("utf-8")),
        ("enc/utf16le.txt", b"\xff\xfe" + paper.encode("utf-16-le")),
        ("enc/utf16be.txt", b"\xfe\xff" + paper.encode("utf-16-be")),
        ("enc/empty.txt", b""),
        ("enc/astral.txt", ("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 before Kazakhstan, then 😀 CSTO.\n" + paper).encode("utf-8")),
        # gazet refuses these three and annotates the rest.
        ("bad/latin1.txt", "CSTO in Bishkek\nAlmaty caf\u00e9".encode("latin-1")),
        ("bad/binary.txt", b"CSTO\x00\x01\x02"),
        ("bad/twice.md", b"CSTO met in Bishkek."),
        ("bad/twice.txt", b"SCO met in Astana."),
        # Not a document: the walk takes *.txt and *.md only.
        ("bad/skip.json", b"{}"),
    ]:
        write(dest / name, data)


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def make_records(folder, dest):
    """Records of the folder's readable UTF-8 documents, ids as gazet gives."""
    folder = Path(folder)
    with open(dest, "w", encoding="utf-8", newline="\n") as out:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".txt", ".md") or "bad" in path.parts:
                continue
            rel = path.relative_to(folder).with_suffix("").as_posix()
            try:
                text = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                continue  # the UTF-16 files; the folder runs cover them
            out.write(json.dumps({"id": rel, "text": text}) + "\n")
        out.write('{"id": "no-text"}\n')
        out.write("not json\n")
        # Python reads a lone surrogate; gazet (serde_json) refuses it.
        out.write('{"id": "lone-surrogate", "text": "\\ud800 CSTO"}\n')


def read_jsonl(paths):
    records = {}
    problems = []
    for path in paths:
        with open(path, encoding="utf-8", newline="") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                r = json.loads(line)
                if r["doc"] in records:
                    problems.append(f"{path}:{n}: document {r['doc']!r} written twice")
                records[r["doc"]] = r
    return records, problems


def compare(local, spark):
    parts = sorted(p for p in Path(spark).iterdir() if p.name.startswith("part-"))
    if not parts:
        return fail(f"{spark}: no part-* files")
    want, problems = read_jsonl([local])
    got, more = read_jsonl(parts)
    problems += more
    for r in want.values():
        # Folder runs name the file read; stdin records have no file.
        r.pop("path", None)
    for doc in sorted(got):
        if "path" in got[doc]:
            problems.append(f"Spark's {doc!r} has a path field; stdin records have none")
    for doc in sorted(set(want) - set(got)):
        problems.append(f"document {doc!r} is in the local run only")
    for doc in sorted(set(got) - set(want)):
        problems.append(f"document {doc!r} is in Spark's output only")
    differing = sorted(d for d in set(want) & set(got) if want[d] != got[d])
    if differing:
        doc = differing[0]
        diff = difflib.unified_diff(pretty(want[doc]).splitlines(), pretty(got[doc]).splitlines(),
                                    "local", "spark", lineterm="", n=2)
        problems.append(f"{len(differing)} documents differ; the first, {doc!r}:\n" + "\n".join(diff))
    if problems:
        return fail("\n".join(problems))
    print(f"same: {len(want)} documents, local {local} = Spark {spark} ({len(parts)} partitions)")
    return 0


def pretty(record):
    return json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False)


def errors(root, logs):
    root = os.path.abspath(root)
    lines = []
    for log in logs:
        with open(log, encoding="utf-8", errors="replace") as f:
            lines += [line.rstrip("\n").replace(root + "/", Path(root).name + "/")
                      for line in f if line.startswith("gazet: ")]
    print("\n".join(sorted(lines)))
    return 0


def fail(message):
    print(f"check.py: MISMATCH\n{message}", file=sys.stderr)
    return 1


def main(argv):
    command, args = argv[0], argv[1:]
    if command == "corpus":
        make_corpus(args[0], args[1], int(args[2]))
        Path(args[1]).with_suffix(".tsv").write_text(EXTRA_GAZETTEER, encoding="utf-8")
        return 0
    if command == "records":
        make_records(args[0], args[1])
        return 0
    if command == "compare":
        return compare(args[0], args[1])
    if command == "errors":
        return errors(args[0], args[1:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
