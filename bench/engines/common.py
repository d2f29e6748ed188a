"""What every Python peer shares: arguments, reading, the word-boundary
filter, leftmost-longest selection, the process pool and the result line.

An engine module defines build(aliases) -> matcher and find(matcher, text)
-> [(start, end)] in code points, then calls main(build, find).
"""

import argparse
import json
import multiprocessing as mp
import sys
import time

_MATCHER = None
_FIND = None


def safe_lower(text):
    """Lower case with one character in, one character out, so offsets on
    the lowered text are offsets on the original ('İ'.lower() is two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(lc if len(lc := c.lower()) == 1 else c for c in text)


def whole_word(text, s, e):
    return (s == 0 or not text[s - 1].isalnum()) and (e == len(text) or not text[e].isalnum())


def leftmost_longest(spans):
    """Non-overlapping spans: the earliest start wins, then the longest."""
    spans.sort(key=lambda m: (m[0], -m[1]))
    out, last = [], -1
    for s, e in spans:
        if s >= last:
            out.append((s, e))
            last = e
    return out


def byte_to_char(text):
    """A function from UTF-8 byte offsets of text to code-point offsets."""
    if text.isascii():
        return lambda b: b
    starts, extra, acc, pos = [], [], 0, 0
    for i, c in enumerate(text):
        n = len(c.encode("utf-8"))
        if n > 1:
            acc += n - 1
            starts.append(pos + n)
            extra.append(acc)
        pos += n
    import bisect

    def conv(b):
        k = bisect.bisect_right(starts, b)
        return b - (extra[k - 1] if k else 0)

    return conv


def _scan(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    spans = _FIND(_MATCHER, text)
    return path, len(text.encode("utf-8")), spans


def main(name, build, find):
    global _MATCHER, _FIND
    ap = argparse.ArgumentParser()
    ap.add_argument("--aliases", required=True)
    ap.add_argument("--files", required=True, help="a file listing the input files, one a line")
    ap.add_argument("--threads", default="1", help="thread counts to scan with, comma-separated; one build serves all")
    ap.add_argument("--spans", help="write each file's spans here as JSON lines")
    args = ap.parse_args()
    with open(args.aliases, encoding="utf-8") as f:
        aliases = f.read().split("\n")
    aliases = [a for a in aliases if a]
    with open(args.files) as f:
        files = [l for l in f.read().split("\n") if l]
    t0 = time.perf_counter()
    _MATCHER = build(aliases)
    _FIND = find
    build_s = time.perf_counter() - t0
    for threads in [int(t) for t in args.threads.split(",")]:
        scan(name, files, threads, build_s, args.spans)


def scan(name, files, threads, build_s, spans_path):
    t1 = time.perf_counter()
    total_bytes = matches = 0
    out = open(spans_path, "w") if spans_path else None
    if threads <= 1:
        results = map(_scan, files)
        pool = None
    else:
        # Forked after the build, so that the workers share the matcher
        # instead of building it again.
        pool = mp.get_context("fork").Pool(threads)
        results = pool.imap(_scan, files, chunksize=1)
    for path, nbytes, spans in results:
        total_bytes += nbytes
        matches += len(spans)
        if out:
            out.write(json.dumps({"path": path, "spans": spans}) + "\n")
    seconds = time.perf_counter() - t1
    if pool:
        pool.close()
        pool.join()
    if out:
        out.close()
    print(json.dumps({
        "engine": name,
        "threads": threads,
        "build_s": round(build_s, 4),
        "files": len(files),
        "bytes": total_bytes,
        "seconds": round(seconds, 4),
        "matches": matches,
    }))
    sys.stdout.flush()
