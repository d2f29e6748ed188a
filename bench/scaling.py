#!/usr/bin/env python3
"""Throughput and peak memory of gazet against its thread count (issue 17).
Run by hand, never part of `cargo test`:

    cargo build --release
    python3 bench/scaling.py              # writes bench/SCALING.md
    python3 bench/scaling.py --copies 20  # a quicker, smaller run

Two jobs run on the development corpus (`corpus/*.txt`) copied N times:

- **spans only**: the gazetteers alone (`--no-patterns --no-default-rules`);
- **default**: `gazet annotate` as shipped (names and relations).

Each runs at 1, 2, 4, ... threads, up to 8 per core, three times; the
median is kept. Throughput is the input size over the time in gazet's
summary line (reading, matching, output; the gazetteer's load excluded).
Efficiency at j threads is the throughput over j times that at one
thread, reported only up to the number of cores (beyond them threads
share cores and efficiency says nothing). Peak RSS comes from `wait4`;
the per-thread increment is the rise from 1 thread to the most, over the
threads added.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GAZET = os.environ.get("GAZET", os.path.join(ROOT, "target", "release", "gazet"))
SUMMARY = re.compile(r"([\d.]+) MB in ([\d.]+) s")

JOBS = [
    ("spans only", ["--no-patterns", "--no-default-rules"]),
    ("default", []),
]


def corpus_copies(dest, copies):
    texts = [f for f in sorted(os.listdir(os.path.join(ROOT, "corpus"))) if f.endswith(".txt")]
    for i in range(copies):
        folder = os.path.join(dest, f"copy{i:04}")
        os.makedirs(folder)
        for t in texts:
            shutil.copy(os.path.join(ROOT, "corpus", t), folder)
    return len(texts) * copies


def run_once(folder, threads, flags):
    """The input MB and the seconds of gazet's summary line."""
    cmd = [GAZET, "annotate", folder, "-j", str(threads), "--no-cache", "-o", os.devnull] + flags
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {proc.returncode}\n{proc.stderr}")
    m = SUMMARY.search(proc.stderr)
    if not m:
        sys.exit(f"no summary line in: {proc.stderr}")
    return float(m.group(1)), float(m.group(2))


def peak_rss_mib(folder, threads, flags):
    """Peak RSS of one run, from wait4 on that process alone."""
    cmd = [GAZET, "annotate", folder, "-j", str(threads), "--no-cache", "-q", "-o", os.devnull] + flags
    pid = os.spawnv(os.P_NOWAIT, cmd[0], cmd)
    _, status, usage = os.wait4(pid, 0)
    if status != 0:
        sys.exit(f"{' '.join(cmd)}: status {status}")
    return usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--copies", type=int, default=100, help="copies of the corpus (default 100)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--max-threads", type=int, default=None,
                    help="the highest thread count (default 8 per core)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "SCALING.md"))
    args = ap.parse_args()
    cores = os.cpu_count() or 1
    counts = [1]
    while counts[-1] * 2 <= (args.max_threads or 8 * cores):
        counts.append(counts[-1] * 2)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        docs = corpus_copies(tmp, args.copies)
        for job, flags in JOBS:
            base = None
            rss = {}
            for j in counts:
                runs = [run_once(tmp, j, flags) for _ in range(args.runs)]
                mb = runs[0][0]
                secs = statistics.median(r[1] for r in runs)
                rate = mb / secs if secs > 0 else float("inf")
                base = base or rate
                eff = rate / (j * base) if j <= cores else None
                rss[j] = statistics.median(peak_rss_mib(tmp, j, flags) for _ in range(args.runs))
                rows.append((job, j, mb, secs, rate, eff, rss[j]))
                print(f"{job:>10} -j {j:<3} {rate:7.2f} MB/s  eff {eff if eff is None else round(eff, 2)}  {rss[j]:6.1f} MiB", flush=True)
            top = counts[-1]
            inc = (rss[top] - rss[1]) / (top - 1) if top > 1 else 0.0
            rows.append((job, "increment", None, None, None, None, inc))
    version = subprocess.run([GAZET, "--version"], capture_output=True, text=True).stdout.strip()
    with open(args.out, "w") as f:
        f.write("# Scaling with threads\n\n")
        f.write(f"Written by `python3 bench/scaling.py --copies {args.copies}` ({version}, "
                f"{cores} cores, {docs} documents, medians of {args.runs} runs). "
                "See the script's header for what each column means.\n\n")
        f.write("| job | threads | MB | seconds | MB/s | efficiency | peak RSS MiB |\n")
        f.write("|---|---:|---:|---:|---:|---:|---:|\n")
        for job, j, mb, secs, rate, eff, rss in rows:
            if j == "increment":
                f.write(f"| {job} | per thread added | | | | | {rss:.1f} |\n")
                continue
            e = "–" if eff is None else f"{eff:.2f}"
            f.write(f"| {job} | {j} | {mb:.2f} | {secs:.3f} | {rate:.2f} | {e} | {rss:.1f} |\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
