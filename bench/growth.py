#!/usr/bin/env python3
"""Time and memory against input size for inputs that once grew faster
than linearly (issue 13). Run by hand, never part of `cargo test`:

    cargo build --release
    python3 bench/growth.py            # every case
    python3 bench/growth.py staff-list # one case
    python3 bench/growth.py one-document-names one-document  # issue 20

Each case runs gazet on the same kind of input at growing sizes and prints
the wall time, the peak RSS and the time per input unit. Linear work keeps
the last column about flat as the size grows; the sizes double, so a
quadratic step shows as a column that doubles from row to row.
"""

import glob
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GAZET = os.environ.get("GAZET", os.path.join(ROOT, "target", "release", "gazet"))

FIRST = ["Anna", "Boris", "Chen", "Dana", "Emil", "Farida", "Gulnara", "Hasan",
         "Irina", "Jamshid", "Karim", "Lola", "Marat", "Nodira", "Oleg", "Parviz"]
LAST = ["Abdullaev", "Baitursynov", "Chernova", "Dzhumabaev", "Ergashev",
        "Fayzullin", "Gafurov", "Husainov", "Ismoilov", "Juraev", "Kasymov",
        "Latipova", "Mirzoev", "Nurmatov", "Omarova", "Petrosyan"]


def staff_list(dir, n):
    """`Dr. X Y spoke.` n times, 256 names in turn: the name patterns and
    their links to the other mentions (`known_in_document`)."""
    lines = []
    for i in range(n):
        first = FIRST[i % len(FIRST)]
        last = LAST[(i // len(FIRST)) % len(LAST)]
        lines.append(f"Dr. {first} {last} spoke.")
    path = os.path.join(dir, "staff.txt")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return [GAZET, "annotate", path, "-q", "-o", os.path.join(dir, "out.jsonl"), "--no-cache"], os.path.getsize(path)


def eval_nested(dir, n):
    """`eval` of n nested gold spans against n nested predictions, every
    other one a character short: one group of overlapping spans."""
    length = 2 * n + 10
    text = "x" * length
    for sub in ("texts", "gold", "pred"):
        os.makedirs(os.path.join(dir, sub))
    with open(os.path.join(dir, "texts", "d.txt"), "w") as f:
        f.write(text)
    for sub, short in (("gold", lambda i: 0), ("pred", lambda i: i % 2)):
        with open(os.path.join(dir, sub, "d.gold.tsv"), "w") as f:
            for i in range(n):
                start, end = i, length - i - short(i)
                f.write(f"span\t{start}\t{end}\tORG\t\t{text[start:end]}\n")
    return [GAZET, "eval", os.path.join(dir, "pred"), os.path.join(dir, "gold"),
            "--docs", os.path.join(dir, "texts")], n


def per_document(dir, n):
    """`-o DIR/` for n small documents: one file each, each made durable."""
    os.makedirs(os.path.join(dir, "in"))
    for i in range(n):
        with open(os.path.join(dir, "in", f"d{i:05}.txt"), "w") as f:
            f.write("The CSTO met in Bishkek, Kyrgyzstan. Russia is a member.\n")
    return [GAZET, "annotate", os.path.join(dir, "in"), "-q", "-o", os.path.join(dir, "out") + "/"], n


def nested_aliases(dir, n):
    """300 aliases nested in one another (`Zorb`, `Zorb Zorb`, ...) over n
    words `Zorb`: every word starts a name of every length (was 15 GB and
    393 s at 20,000 words)."""
    gazetteer = os.path.join(dir, "nested.tsv")
    with open(gazetteer, "w") as f:
        for i in range(1, 301):
            f.write(f"z{i}\tORG\torganization\t{' '.join(['Zorb'] * i)}\n")
    path = os.path.join(dir, "zorb.txt")
    with open(path, "w") as f:
        f.write(" ".join(["Zorb"] * n) + "\n")
    return [GAZET, "annotate", path, "-g", gazetteer, "--overlaps", "-q", "--no-cache",
            "-o", os.path.join(dir, "out.jsonl")], os.path.getsize(path)


def one_document(dir, n, flags=()):
    """One document of about n MB, the development corpus repeated (issue
    20): each stage must grow linearly with it. Streaming is off, so the
    document is annotated whole."""
    unit = "\n\n".join(open(p, encoding="utf-8").read()
                       for p in sorted(glob.glob(os.path.join(ROOT, "corpus", "*.txt"))))
    path = os.path.join(dir, "one.txt")
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(max(1, n * 1_000_000 // (len(unit) + 2))):
            f.write(unit + "\n\n")
    return [GAZET, "annotate", path, "-q", "-j", "1", "--stream-above", str(1 << 40),
            "-o", os.path.join(dir, "out.jsonl"), *flags], os.path.getsize(path)


def brat(dir, n):
    """`--brat DIR` for n small documents: two files each, each made
    durable."""
    os.makedirs(os.path.join(dir, "in"))
    for i in range(n):
        with open(os.path.join(dir, "in", f"d{i:05}.txt"), "w") as f:
            f.write("The CSTO met in Bishkek, Kyrgyzstan. Russia is a member.\n")
    return [GAZET, "annotate", os.path.join(dir, "in"), "-q", "-o", os.path.join(dir, "out.jsonl"),
            "--brat", os.path.join(dir, "brat")], n


CASES = {
    "staff-list": (staff_list, [2000, 4000, 8000, 16000, 32000], "KB", 1024),
    "eval-nested": (eval_nested, [250, 500, 1000, 2000, 4000], "spans", 1),
    "per-document": (per_document, [500, 1000, 2000, 4000], "docs", 1),
    "nested-aliases": (nested_aliases, [20000, 40000, 80000, 160000], "KB", 1024),
    "brat": (brat, [500, 1000, 2000, 4000], "docs", 1),
    # The name patterns alone (was 0.6, 4.2, 14.6 CPU s at 2, 8, 16 MB).
    "one-document-names": (lambda d, n: one_document(d, n, ["--no-default-rules"]),
                           [2, 4, 8, 16], "MB", 1_000_000),
    # The default pipeline: still quadratic in the relation stage (issue 20).
    "one-document": (one_document, [1, 2, 4, 8], "MB", 1_000_000),
}


def cpu():
    """CPU seconds of the finished children: on a shared machine, a fairer
    measure of work than the wall clock."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(cmd):
    start = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    cpu_before = cpu()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)}: exit {proc.returncode}\n{proc.stderr}")
    # ru_maxrss of the children is the largest so far: only a rise is news.
    return took, cpu() - cpu_before, max(peak, before) / 1024


def main(names):
    for name in names or CASES:
        make, sizes, unit, per = CASES[name]
        print(f"\n{name} (load average {os.getloadavg()[0]:.1f})\n{'size':>10} {unit:>8} {'seconds':>9} "
              f"{'CPU s':>8} {'peak MB':>8} {'ms per ' + unit:>10} {'CPU ms per':>10}")
        for n in sizes:
            with tempfile.TemporaryDirectory() as dir:
                cmd, amount = make(dir, n)
                took, used, peak = run(cmd)
                units = amount / per
                print(f"{n:>10} {units:>8.1f} {took:>9.2f} {used:>8.2f} {peak:>8.0f} "
                      f"{1000 * took / units:>10.2f} {1000 * used / units:>10.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
