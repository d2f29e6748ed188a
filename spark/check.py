#!/usr/bin/env python3
"""Helpers of spark/test.sh.

    check.py corpus SOURCE DEST N    write N documents made from SOURCE's into DEST,
                                     with the awkward names, encodings and bad files
                                     a real folder has
    check.py records FOLDER DEST     the documents of a made folder as JSON Lines
                                     records, plus records gazet must reject
    check.py compare LOCAL SPARK     compare a local gazet output file with a Spark
                                     output folder (Parquet or JSON Lines); exit 1
                                     with the first difference
    check.py compare-big LOCAL SPARK the same for big streamed documents, in Arrow
    check.py errors ROOT LOG...      the "gazet: " lines of each log, with ROOT
                                     made relative, for diffing
    check.py schema SPARK            check a Parquet output's schema against
                                     gazet_spark.output_schema()
    check.py count SPARK             print "ROWS rows, ERRORS errors" of an output
    check.py peak-rss PID OUT        keep in OUT the peak memory (MB) of PID's
                                     descendants, until OUT.stop exists
    check.py many DEST N             write N small documents (a paragraph each)
    check.py big DEST MB             write one document of about MB megabytes
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


def read_output(folder):
    """The rows of a Spark output folder (Parquet or JSON Lines), as gazet
    writes its JSON: null fields left out. Returns (rows, part files)."""
    parts = sorted(p for p in Path(folder).iterdir() if p.name.startswith("part-"))
    if any(p.suffix == ".parquet" for p in parts):
        import pyarrow.parquet as pq
        rows = [r for p in parts for r in pq.read_table(p).to_pylist()]
    else:
        rows = [json.loads(line) for p in parts
                for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [without_nulls(r) for r in rows], parts


def without_nulls(value):
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def documents(rows, problems):
    """The documents of output rows: each document's parts (a row per
    chunk of a streamed one) put together, checked to be numbered 0, 1, ...
    with only the last marked so. Refused documents are left out: they
    are compared through the error lines."""
    parts = {}
    for r in rows:
        if "error" not in r:
            parts.setdefault(r["doc"], []).append(r)
    got = {}
    for doc, rs in parts.items():
        rs.sort(key=lambda r: r["part"])
        if [r["part"] for r in rs] != list(range(len(rs))) or \
                [r["last"] for r in rs] != [False] * (len(rs) - 1) + [True]:
            problems.append(f"document {doc!r}: parts {[(r['part'], r['last']) for r in rs]}")
        whole = {k: v for k, v in rs[0].items() if k not in ("part", "last", "warning")}
        whole["spans"] = [s for r in rs for s in r["spans"]]
        whole["relations"] = [x for r in rs for x in r["relations"]]
        got[doc] = whole
    return got


def compare(local, spark):
    rows, parts = read_output(spark)
    if not parts:
        return fail(f"{spark}: no part-* files")
    want, problems = read_jsonl([local])
    got = documents(rows, problems)
    for r in list(want.values()) + list(got.values()):
        # Spark names the file as Hadoop does (file:/...), or the input of a
        # record; the local run names the file as given, or nothing.
        r.pop("path", None)
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


def compare_big(local, spark):
    """`compare` for big streamed documents, in Arrow rather than Python
    objects (a 100 MB document's JSON line is over 500 MB): the Spark rows
    of each document, parts 0, 1, ... in order, put together, have the
    local run's spans and relations."""
    import pyarrow as pa
    import pyarrow.json as pj
    import pyarrow.parquet as pq
    sys.path.insert(0, str(Path(__file__).parent))
    from gazet_spark import arrow_schemas
    _, annotation = arrow_schemas()
    want = pj.read_json(local, read_options=pj.ReadOptions(block_size=os.path.getsize(local) + 1),
                        parse_options=pj.ParseOptions(explicit_schema=annotation,
                                                      unexpected_field_behavior="ignore"))
    want = want.combine_chunks()
    table = pq.read_table(spark).combine_chunks()
    docs, parts, lasts = (table.column(c).to_pylist() for c in ("doc", "part", "last"))
    problems, spans = [], 0
    if sorted(set(docs)) != sorted(want.column("doc").to_pylist()):
        problems.append(f"the documents differ: {sorted(set(docs))}")
    for k, doc in enumerate(want.column("doc").to_pylist()):
        mine = sorted((i for i in range(len(docs)) if docs[i] == doc), key=lambda i: parts[i])
        if [parts[i] for i in mine] != list(range(len(mine))) or \
                [lasts[i] for i in mine] != [False] * (len(mine) - 1) + [True]:
            problems.append(f"document {doc!r}: parts {[(parts[i], lasts[i]) for i in mine]}")
            continue
        for column in ("spans", "relations"):
            local_values = want.column(column).chunk(0)[k].values
            spark_values = pa.concat_arrays([table.column(column).chunk(0)[i].values for i in mine])
            if not spark_values.equals(local_values):
                problems.append(f"document {doc!r}: {column} differ "
                                f"({len(local_values)} locally, {len(spark_values)} on Spark)")
        spans += len(want.column("spans").chunk(0)[k].values)
    if problems:
        return fail("\n".join(problems))
    print(f"same: {want.num_rows} documents, {spans} spans, local {local} = Spark {spark} "
          f"({len(docs)} rows)")
    return 0


def schema(spark):
    """The Parquet files' schema is the published one (names, types,
    nesting; nullability aside)."""
    import pyarrow.parquet as pq
    sys.path.insert(0, str(Path(__file__).parent))
    from gazet_spark import output_schema
    from pyspark.sql.pandas.types import to_arrow_schema
    want = to_arrow_schema(output_schema())
    parts = sorted(p for p in Path(spark).iterdir() if p.suffix == ".parquet")
    for part in parts:
        got = pq.read_schema(part).remove_metadata()
        if not got.equals(want, check_metadata=False) and str(got) != str(want):
            return fail(f"{part}: schema\n{got}\nis not\n{want}")
    print(f"schema: {len(parts)} Parquet files of the published schema ({len(want)} columns)")
    return 0


def count(spark):
    rows, _ = read_output(spark)
    print(f"{len(rows)} rows, {sum(1 for r in rows if 'error' in r)} errors")
    return 0


def make_many(dest, n):
    """n documents of one paragraph of the corpus each, in 10 folders."""
    paragraphs = [p for f in sorted(Path("corpus").glob("*.txt"))
                  for p in f.read_text(encoding="utf-8").split("\n\n") if len(p) > 200]
    for i in range(n):
        write(Path(dest) / f"f{i % 10}" / f"doc-{i:05d}.txt",
              paragraphs[i % len(paragraphs)].encode("utf-8"))


def make_big(dest, megabytes):
    """One document of about `megabytes` MB: the corpus over and over."""
    unit = "\n\n".join(f.read_text(encoding="utf-8") for f in sorted(Path("corpus").glob("*.txt")))
    Path(dest).parent.mkdir(parents=True, exist_ok=True)
    with open(dest, "w", encoding="utf-8", newline="\n") as f:
        for _ in range(megabytes * 1_000_000 // (len(unit) + 2) + 1):
            f.write(unit + "\n\n")


def peak_rss(pid, out):
    """Until OUT.stop exists (or PID is gone), samples the resident memory
    of PID's descendants (for the worker: its executors' JVMs and their
    Python workers), and keeps the largest sum in OUT, in MB."""
    import time
    peak = 0
    Path(out).write_text("0\n")
    while not os.path.exists(out + ".stop") and os.path.exists(f"/proc/{pid}"):
        children = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        total, todo = 0, list(children.get(int(pid), []))
        while todo:
            p = todo.pop()
            todo += children.get(p, [])
            try:
                status = Path(f"/proc/{p}/status").read_text()
            except OSError:
                continue
            total += sum(int(line.split()[1]) for line in status.splitlines()
                         if line.startswith("VmRSS:"))
        if total > peak:
            peak = total
            Path(out).write_text(f"{peak // 1024}\n")
        time.sleep(0.5)
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
    if command == "compare-big":
        return compare_big(args[0], args[1])
    if command == "errors":
        return errors(args[0], args[1:])
    if command == "schema":
        return schema(args[0])
    if command == "count":
        return count(args[0])
    if command == "peak-rss":
        return peak_rss(args[0], args[1])
    if command == "many":
        make_many(args[0], int(args[1]))
        return 0
    if command == "big":
        make_big(args[0], int(args[1]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
