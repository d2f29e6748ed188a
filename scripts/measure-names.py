#!/usr/bin/env python3
"""Measures gazet's names on text it was not written for (issue 16).

  (a) span precision/recall/F1 on the corpus splits, by scripts/score-splits.sh
      (dev = the original corpus, tuning, sealed);
  (b) out-of-domain text that any Debian machine has or can fetch:
      - the copyright files, Debian changelogs, upstream changelogs and NEWS
        of the base packages (Priority required, important, standard) under
        /usr/share/doc;
      - the Lee news corpus (300 stories) that the gensim wheel ships as
        test data (gensim==4.4.0, fetched once with pip download);
      and reports on it: spans inside e-mail addresses, URLs, paths and
      time-zone ids (target 0), acronym spans and the evidence gazet gives
      for each (target: none without evidence), and a fixed sample of 200
      proposed names with a person's verdicts from
      docs/ood-judgements.tsv (target precision >= 0.9);
  (c) throughput beside a baseline binary built from a git revision
      (default: the commit before this work), both on the same files in the
      same run, best of several runs each (target: at most 10% slower).

Usage (from the repository root):

    python3 scripts/measure-names.py              # print the report
    python3 scripts/measure-names.py --write      # also put it in docs/corpus-notes.md
    python3 scripts/measure-names.py --baseline REV --runs 5

The gathered text is left in target/ood/; the sample to judge in
target/ood/to-judge.tsv (copy verdicts into docs/ood-judgements.tsv:
`ok` or `wrong`, judged by reading the context, never by running gazet).
"""
import argparse
import gzip
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OOD = os.path.join(ROOT, "target", "ood")
JUDGEMENTS = os.path.join(ROOT, "docs", "ood-judgements.tsv")
# Not corpus/NOTES.md: a folder walk takes *.md, so a note there would be
# annotated as a document of the corpus.
NOTES = os.path.join(ROOT, "docs", "corpus-notes.md")
BASELINE = "5d45725"
GENSIM = "gensim==4.4.0"
SAMPLE = 200
BEGIN = "<!-- measure-names: begin -->"
END = "<!-- measure-names: end -->"


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, cwd=ROOT, **kw)


def gazet_binary():
    run(["cargo", "build", "--release", "--locked", "-q"])
    return os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "gazet")


def baseline_binary(rev):
    """gazet as it was at `rev`, built once into target/baseline-REV."""
    rev = run(["git", "rev-parse", "--short", rev], capture_output=True, text=True).stdout.strip()
    out = os.path.join(ROOT, "target", "baseline-" + rev)
    binary = os.path.join(out, "release", "gazet")
    if os.path.exists(binary):
        return rev, binary
    src = os.path.join(ROOT, "target", "baseline-src-" + rev)
    if not os.path.isdir(src):
        run(["git", "worktree", "add", "--detach", src, rev], stdout=subprocess.DEVNULL)
    subprocess.run(["cargo", "build", "--release", "--locked", "-q"], check=True, cwd=src,
                   env={**os.environ, "CARGO_TARGET_DIR": out})
    run(["git", "worktree", "remove", "--force", src])
    return rev, binary


def gather():
    """The out-of-domain files, written once into target/ood/{tech,lee}."""
    tech = os.path.join(OOD, "tech")
    lee = os.path.join(OOD, "lee")
    if not os.path.isdir(tech):
        os.makedirs(tech + ".tmp", exist_ok=True)
        q = subprocess.run(["dpkg-query", "-W", "-f", "${Package}\t${Priority}\n"],
                           capture_output=True, text=True, check=True).stdout
        packages = sorted({line.split("\t")[0].split(":")[0] for line in q.splitlines()
                           if line.endswith(("\trequired", "\timportant", "\tstandard"))})
        for p in packages:
            d = os.path.join("/usr/share/doc", p)
            for f in ["copyright", "changelog.Debian.gz", "changelog.gz", "NEWS.gz"]:
                path = os.path.join(d, f)
                if not os.path.isfile(path):
                    continue
                opener = gzip.open if f.endswith(".gz") else open
                with opener(path, "rb") as fh:
                    data = fh.read()
                name = "%s--%s.txt" % (p, f.replace(".gz", ""))
                with open(os.path.join(tech + ".tmp", name), "wb") as out:
                    out.write(data.decode("utf-8", "replace").encode("utf-8"))
        os.rename(tech + ".tmp", tech)
    if not os.path.isdir(lee):
        wheels = os.path.join(OOD, "wheel")
        if not os.path.isdir(wheels) or not any(n.endswith(".whl") for n in os.listdir(wheels)):
            # The data file is the same in every platform's wheel: take this one's.
            run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                 "-d", wheels, GENSIM])
        wheel = next(os.path.join(wheels, n) for n in sorted(os.listdir(wheels)) if n.endswith(".whl"))
        with zipfile.ZipFile(wheel) as z:
            stories = z.read("gensim/test/test_data/lee_background.cor").decode("utf-8", "replace")
        os.makedirs(lee + ".tmp", exist_ok=True)
        for i, story in enumerate(s for s in stories.splitlines() if s.strip()):
            with open(os.path.join(lee + ".tmp", "lee-%03d.txt" % (i + 1)), "w") as out:
                out.write(story.strip() + "\n")
        os.rename(lee + ".tmp", lee)
    return tech, lee


def annotate(binary, folder, out):
    run([binary, "annotate", folder, "-q", "-o", out])
    docs = []
    with open(out) as fh:
        for line in fh:
            docs.append(json.loads(line))
    return docs


def text_of(doc, root):
    """The text of an annotated document, read only from inside `root`: a
    path or id in the JSON is data, and never leads elsewhere."""
    base = os.path.realpath(os.path.join(ROOT, root))
    path = os.path.realpath(os.path.join(ROOT, doc.get("path") or os.path.join(root, doc["doc"])))
    if os.path.commonpath([base, path]) != base or not os.path.isfile(path):
        raise SystemExit("measure-names: %r is not a file in %s" % (doc.get("path") or doc["doc"], root))
    with open(path, encoding="utf-8", errors="replace") as fh:
        return fh.read()


# An independent check of the zones: the white-space token around a span.
TECH_TOKEN = re.compile(
    r"""^[(<\["']*(?:\S+@\S+\.\S+|[a-z][a-z0-9+.-]*://\S+|www\.\S+|~?/\S*|\.\.?/\S+|"""
    r"""(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)/[A-Z]\S*)$""")


def token_around(text, start, end):
    a = start
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    b = end
    while b < len(text) and not text[b].isspace():
        b += 1
    return text[a:b]


def is_acronym(s):
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and len(letters) <= 5 and all(c.isupper() for c in letters)


def load_judgements():
    out = {}
    if os.path.exists(JUDGEMENTS):
        with open(JUDGEMENTS, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or not line.strip():
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 5 and parts[4] in ("ok", "wrong"):
                    out[tuple(parts[:4])] = parts[4]
    return out


def ood_report(binary, tech, lee):
    lines = []
    proposals = []
    acronyms = []
    for name, folder in [("technical files", tech), ("Lee news stories", lee)]:
        out = os.path.join(OOD, os.path.basename(folder) + ".jsonl")
        docs = annotate(binary, folder, out)
        spans = zone = 0
        for d in docs:
            text = text_of(d, folder)
            for s in d["spans"]:
                spans += 1
                token = token_around(text, s["start"], s["end"])
                if TECH_TOKEN.match(token):
                    zone += 1
                if s["source"] == "pattern":
                    proposals.append((name, d["doc"], s, text))
                if s["source"] != "pattern" and is_acronym(s["text"]):
                    acronyms.append((name, d["doc"], s, text))
        size = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))
        lines.append("| %s | %d | %.1f MB | %d | %d |" % (
            name, len(docs), size / 1e6, spans, zone))
    table = ["| set | files | size | spans | spans in e-mail/URL/path/tz tokens |",
             "|---|---:|---:|---:|---:|"] + lines
    # Acronyms and their evidence.
    # An acronym the document defines is a span of source `acronym`.
    for a in acronyms:
        if a[2]["source"] == "acronym":
            a[2]["reason"] = "defined_in_document"
    no_evidence = [a for a in acronyms if not a[2].get("reason")]
    by_reason = {}
    for a in acronyms:
        r = a[2].get("reason") or "none"
        by_reason[r] = by_reason.get(r, 0) + 1
    acr = ["", "Acronym spans: %d (%s); without evidence: %d." % (
        len(acronyms), ", ".join("%s %d" % kv for kv in sorted(by_reason.items())) or "none",
        len(no_evidence))]
    for name, doc, s, text in acronyms[:20]:
        acr.append("- `%s` → %s (%s) in %s" % (s["text"], s["entity"], s.get("reason") or "no evidence", doc))
    # The sample of proposed names.
    keyed = []
    for name, doc, s, text in proposals:
        key = (doc, str(s["start"]), str(s["end"]), " ".join(s["text"].split()))
        ctx = " ".join(text[max(0, s["start"] - 60):s["end"] + 60].split())
        keyed.append((hashlib.sha1("\t".join(key).encode()).hexdigest(), key, s, ctx))
    keyed.sort()
    sample = keyed[:SAMPLE]
    judged = load_judgements()
    with open(os.path.join(OOD, "to-judge.tsv"), "w", encoding="utf-8") as fh:
        fh.write("# doc\tstart\tend\ttext\tverdict\tlabel\trule\tcontext\n")
        for _, key, s, ctx in sample:
            fh.write("\t".join(list(key) + [judged.get(key, ""), s["label"], s.get("rule") or "", ctx]) + "\n")
    verdicts = [judged[k] for _, k, _, _ in sample if k in judged]
    ok = verdicts.count("ok")
    prec = ok / len(verdicts) if verdicts else float("nan")
    rules = {}
    for _, _, s, _ in proposals:
        rules[s.get("rule")] = rules.get(s.get("rule"), 0) + 1
    prop = ["", "Proposed names: %d in all (%s)." % (
        len(proposals), ", ".join("%s %d" % kv for kv in sorted(rules.items(), key=lambda kv: -kv[1]))),
        "Sample of %d (the first by a hash of doc, offsets and text): %d judged by a person, "
        "%d ok, precision %.3f; %d not yet judged." % (
            len(sample), len(verdicts), ok, prec, len(sample) - len(verdicts))]
    return table + acr + prop


def scores():
    out = subprocess.run(["bash", "scripts/score-splits.sh"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    rows = ["| split | docs | strict span P | R | F1 | relations P | R | F1 |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    split = None
    cur = {}
    for line in out.splitlines() + ["== end"]:
        if line.startswith("== "):
            if split:
                rows.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    split, cur.get("docs", "?"), *cur.get("strict", ["?"] * 3), *cur.get("rel", ["?"] * 3)))
            split = line[3:].strip()
            cur = {}
            continue
        m = re.match(r"(\d+) documents? scored", line)
        if m:
            cur["docs"] = m.group(1)
        nums = re.findall(r"\d\.\d{3}", line)
        if line.startswith("strict") and len(nums) >= 3:
            cur["strict"] = nums[:3]
        # The relations table's first row, `all`, follows its header.
        if line.startswith("relations"):
            cur["in_rel"] = True
        elif cur.get("in_rel") and line.split()[:1] == ["all"] and len(nums) >= 3:
            cur["rel"] = nums[:3]
            cur["in_rel"] = False
    return rows


def throughput(binary, base, files, runs):
    def best(b):
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run([b, "annotate", *files, "-q", "-o", os.devnull, "--no-cache"],
                           check=True, cwd=ROOT)
            times.append(time.perf_counter() - t)
        return min(times)
    # Alternate, so that both see the same machine.
    a, b = [], []
    for _ in range(2):
        a.append(best(base))
        b.append(best(binary))
    return min(a), min(b)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true", help="put the report in docs/corpus-notes.md")
    ap.add_argument("--baseline", default=BASELINE, help="git revision to compare speed with")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--binary", help="measure this gazet binary instead of building one (b only)")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary) if args.binary else gazet_binary()
    tech, lee = gather()
    report = ["## Names on text gazet was not written for (`scripts/measure-names.py`)", "",
              "Measured %s on %s." % (time.strftime("%Y-%m-%d"), subprocess.run(
                  ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                  text=True).stdout.strip()), "",
              "### (a) The corpus splits", ""]
    if not args.binary:
        report += scores()
    report += ["", "### (b) Out of the domain", ""]
    report += ood_report(binary, tech, lee)
    if not args.skip_speed:
        rev, base = baseline_binary(args.baseline)
        files = [tech, lee, "corpus"]
        t0, t1 = throughput(binary, base, files, args.runs)
        report += ["", "### (c) Throughput", "",
                   "annotate on target/ood and corpus/ (%.1f MB), no cache, best of %d runs "
                   "each, alternating: baseline %s %.2f s, now %.2f s: %.2f× the baseline's time." % (
                       sum(os.path.getsize(os.path.join(dp, f)) for folder in files
                           for dp, _, fs in os.walk(os.path.join(ROOT, folder)) for f in fs) / 1e6,
                       args.runs * 2, rev, t0, t1, t1 / t0)]
    text = "\n".join(report) + "\n"
    print(text)
    if args.write:
        old = open(NOTES, encoding="utf-8").read() if os.path.exists(NOTES) else ""
        if BEGIN in old and END in old:
            new = old[:old.index(BEGIN)] + BEGIN + "\n" + text + END + old[old.index(END) + len(END):]
        else:
            new = old + ("\n" if old else "") + BEGIN + "\n" + text + END + "\n"
        with open(NOTES + ".tmp", "w", encoding="utf-8") as fh:
            fh.write(new)
        os.replace(NOTES + ".tmp", NOTES)


if __name__ == "__main__":
    main()
