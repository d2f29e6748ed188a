#!/usr/bin/env python3
"""Annotate a corpus too big for one machine with gazet on Apache Spark.

By default the executors run gazet in-process: the `gazet` Python package
(the wheel built from python/) annotates Arrow batches of documents in
`mapInArrow`, with one annotator built per executor process. The result is
a typed DataFrame of the published schema `output_schema()` (a row per
document: doc, path, part, last, spans, relations, warning, error),
written as Parquet (default) or JSON Lines. A document gazet refuses is a
row with its error. Documents over --stream-above are annotated in chunks,
as `gazet annotate` streams a large file, and are rows of a few MB each.
`--subprocess` is the fallback for executors without the wheel: each
partition is piped through one `gazet annotate - -q` process.

    spark-submit spark/gazet_spark.py corpus/ out/ [--format json] \\
        [--partitions N] [-- -g my.tsv --rules my.rules ...]

Exit codes follow gazet's: 0 all documents annotated; 1 some documents
failed (each is an error row) and the others were written; 2 bad usage, a
configuration gazet refuses, a failed job, or documents unaccounted for.
See spark/README.md.
"""

import argparse
import codecs
import functools
import json
import os
import re
import subprocess
import sys
import threading
import urllib.parse
import zipfile

# ---------------------------------------------------------------- the schema

@functools.lru_cache(maxsize=None)
def output_schema():
    """The published schema of the output DataFrame (spark/README.md shows
    it), written out so that every run, and every reader of its files,
    sees the same columns and types: nothing is inferred. Fields gazet
    leaves out of its JSON (`candidates`, `reason`, `flags`, `rule`,
    `nested` of a span) are null.

    A row is one part of a document: a document read whole is one row
    (part 0, last), a streamed one rows of at most ROW_ITEMS spans or
    relation evidence entries, spans in the document's offsets, its
    relations after its spans, so that its rows' spans and relations, put
    together, are its annotation. One row per big document would not be
    bounded in memory: the JVM holds a row whole, and a 100 MB document's
    spans and relations take 700 MB as JSON."""
    from pyspark.sql.types import (ArrayType, BooleanType, IntegerType, LongType, StringType,
                                   StructField, StructType)

    def struct(*fields):
        return StructType([StructField(name, kind, True) for name, kind in fields])

    text = StringType()
    offsets = struct(("start", LongType()), ("end", LongType()))
    anchor = struct(("start", LongType()), ("end", LongType()), ("label", text))
    span = struct(("start", LongType()), ("end", LongType()), ("text", text), ("label", text),
                  ("entity", text), ("name", text), ("kind", text), ("source", text),
                  ("alias", text), ("candidates", ArrayType(text)), ("reason", text),
                  ("flags", ArrayType(text)), ("rule", text), ("nested", BooleanType()))
    evidence = struct(("sentence", offsets), ("trigger", offsets), ("head", anchor),
                      ("tail", anchor), ("rule", text))
    relation = struct(("relation", text), ("head", text), ("tail", text), ("head_name", text),
                      ("tail_name", text), ("sentence", offsets), ("trigger", offsets),
                      ("rule", text), ("evidence", ArrayType(evidence)))
    return struct(("doc", text), ("path", text), ("part", IntegerType()), ("last", BooleanType()),
                  ("spans", ArrayType(span)), ("relations", ArrayType(relation)),
                  ("warning", text), ("error", text))


@functools.lru_cache(maxsize=None)
def arrow_schemas():
    """The output schema in Arrow, and the part of it gazet's JSON fills
    (doc, spans, relations), which pyarrow's JSON reader parses into."""
    import pyarrow as pa
    from pyspark.sql.pandas.types import to_arrow_schema
    schema = to_arrow_schema(output_schema())
    return schema, pa.schema([schema.field(name) for name in ("doc", "spans", "relations")])


# ---------------------------------------------------------------- arguments

# gazet flags whose value is a file: the recipe ships the file to the
# executors and points the flag at the executor's copy.
FILE_FLAGS = ("-g", "--gazetteer", "--rules", "--patterns")
# gazet flags that make no sense per partition: the recipe reads and writes
# the files itself (so file selection, decoding and streaming are flags of
# the recipe).
REFUSED_FLAGS = ("-o", "--output", "--table", "--brat", "--conll", "--glob", "--lossy",
                 "--max-file-size", "--stream-above", "--chunk-size", "--with-text")

# A document travels whole from the file system to the executor's Python:
# in a binaryFile row (2 GiB at most), an Arrow batch and Python bytes. Only
# the annotation is chunked. The limit keeps an executor's memory bounded.
DEFAULT_MAX_FILE_SIZE = 1 << 30
# gazet annotate's defaults.
DEFAULT_STREAM_ABOVE = 32 << 20
DEFAULT_CHUNK_SIZE = 4 << 20
# A chunk's annotation goes to Arrow through pyarrow's JSON reader, whose
# blocks are at most 2 GiB; a chunk's JSON is about 5 times its text.
MAX_CHUNK_SIZE = 256 << 20
# A hung or pathological partition fails its task after an hour.
DEFAULT_TIMEOUT = 3600

# How gazet names a stdin record it rejected: "<stdin>:LINE: message".
STDIN_ERROR = re.compile(r"^gazet: <stdin>:(\d+): (.*)$")
# The line of a failed job's message that says what went wrong on the
# executor, under Spark's Java trace.
PYTHON_ERROR = re.compile(r"^[A-Za-z.]*(Error|Exception): ")


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Annotate a folder of documents (or JSON Lines records) with gazet on Spark.",
        epilog="Arguments after -- are gazet annotate's, e.g. -- -g my.tsv --overlaps",
    )
    p.add_argument("input", help="a folder of documents, or JSON Lines {\"id\", \"text\"} records "
                   "(a file or folder; any Hadoop path: file:, hdfs:, s3a:)")
    p.add_argument("output", help="output folder (must not exist)")
    p.add_argument("--format", choices=("parquet", "json"), default="parquet",
                   help="parquet (default) or json (JSON Lines, one object per document)")
    p.add_argument("--subprocess", action="store_true",
                   help="pipe each partition through the gazet binary (--gazet) instead of the "
                        "gazet Python package: for executors without the wheel")
    p.add_argument("--gazet", help="the gazet binary for --subprocess, built for the executors "
                   "(a local path, or any Hadoop URI; local:// for one already on every node)")
    p.add_argument("--wheel", help="the gazet wheel, if the executors' Python lacks the package: "
                   "shipped and imported from the executor's copy (path or URI)")
    p.add_argument("--cache-dir", help="where executors keep gazet's compiled-gazetteer cache "
                   "(default: GAZET_CACHE_DIR, else ~/.cache/gazet of the executor's user)")
    p.add_argument("--partitions", type=int,
                   help="repartition the documents into N partitions (a shuffle); "
                        "default: as Spark splits the input")
    p.add_argument("--jsonl", action="store_true",
                   help="INPUT holds JSON Lines records (implied by a name ending in .jsonl)")
    p.add_argument("--glob", action="append", default=[],
                   help="file names to take from a folder (repeatable; default *.txt, *.md)")
    p.add_argument("--lossy", action="store_true",
                   help="replace invalid UTF-8 with U+FFFD instead of refusing the file, as gazet --lossy")
    p.add_argument("--max-file-size", type=int, default=DEFAULT_MAX_FILE_SIZE,
                   help="refuse files larger than this many bytes (default 1 GiB, at most 2 GiB)")
    p.add_argument("--stream-above", type=int, default=DEFAULT_STREAM_ABOVE,
                   help="annotate documents larger than this many bytes in chunks (default 32 MiB)")
    p.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE,
                   help="about how many bytes a chunk of a streamed document holds (default 4 MiB)")
    p.add_argument("--stream-threads", type=int, default=0,
                   help="threads that annotate the chunks of a streamed document (default: "
                        "spark.executor.cores, else every core the executor sees)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                   help="fail a task whose partition takes longer than this many seconds "
                        "(default 3600; 0: no limit)")
    p.add_argument("--progress", type=float, default=30,
                   help="print the job's progress every this many seconds (default 30; 0: never)")
    p.add_argument("--master", help="Spark master when not run by spark-submit (e.g. local[2])")
    args, rest = p.parse_known_args(argv)
    if rest and rest[0] == "--":
        rest = rest[1:]
    for flag in rest:
        if flag.split("=", 1)[0] in REFUSED_FLAGS:
            p.error(f"gazet flag {flag} is not for a Spark run (see --help)")
    if any(f.startswith("-g") and len(f) > 2 for f in rest):
        p.error("write -g apart from its file (-g FILE, not -gFILE): the file is shipped")
    if args.partitions is not None and args.partitions < 1:
        p.error("--partitions must be at least 1")
    if args.subprocess and not args.gazet:
        p.error("--subprocess needs --gazet BINARY")
    if not 0 < args.max_file_size < (2 << 30) - 1:
        p.error("--max-file-size must be between 1 byte and 2 GiB (Spark's binaryFile limit)")
    if not 0 < args.chunk_size <= MAX_CHUNK_SIZE:
        p.error("--chunk-size must be between 1 byte and 256 MiB")
    if args.timeout < 0 or args.progress < 0 or args.stream_threads < 0:
        p.error("--timeout, --progress and --stream-threads cannot be negative")
    args.gazet_flags = rest
    args.jsonl = args.jsonl or args.input.rstrip("/").endswith(".jsonl")
    return args


def annotator_options(flags):
    """gazet annotate's flags as `gazet.Annotator` arguments, for the
    in-process path, and the files they name by kind (gazetteers, rules,
    patterns), to be shipped. A flag the package has no equivalent for is a
    UsageError (it may still work with --subprocess)."""
    p = argparse.ArgumentParser(prog="gazet flags", add_help=False, exit_on_error=False)
    for flag in ("-g", "--gazetteer"):
        p.add_argument(flag, dest="gazetteers", action="append", default=[])
    p.add_argument("--rules", action="append", default=[])
    p.add_argument("--patterns", action="append", default=[])
    for flag in ("--no-default-gazetteers", "--no-default-rules", "--no-patterns", "--no-cache",
                 "--overlaps", "--no-acronyms", "--lone-acronyms", "-q", "--quiet"):
        p.add_argument(flag, action="store_true")
    p.add_argument("-j", "--threads", type=int)
    try:
        o, unknown = p.parse_known_args(flags)
    except (argparse.ArgumentError, SystemExit) as e:
        raise UsageError(f"gazet flags {' '.join(map(str, flags))}: {e}") from None
    if unknown:
        raise UsageError(f"gazet flag {unknown[0]} has no in-process equivalent; "
                         "try --subprocess")
    if o.no_patterns and o.patterns:
        raise UsageError("--no-patterns and --patterns contradict each other")
    options = {
        "patterns": not o.no_patterns,
        "default_gazetteers": not o.no_default_gazetteers,
        "default_rules": not o.no_default_rules,
        "overlaps": o.overlaps, "acronyms": not o.no_acronyms,
        "lone_acronyms": o.lone_acronyms, "cache": not o.no_cache,
    }
    files = {"gazetteers": o.gazetteers, "rules": o.rules, "patterns": o.patterns}
    return options, files, o.threads


class UsageError(Exception):
    pass


# ---------------------------------------------------------------- shipping files

def ship(sc, uri):
    """Makes a file reachable on every executor and returns how to find it
    there: ("shipped", base name) for a file sent with SparkContext.addFile
    (a local path, hdfs://, s3a://, any Hadoop URI), or ("local", path) for
    local://PATH, a file already at PATH on every node, which Spark does
    not ship. gazet's embedded `world` gazetteer is no file: ("name", world)."""
    if uri == "world":
        return ("name", uri)
    if uri.startswith("local:"):
        return ("local", urllib.parse.urlparse(uri).path)
    sc.addFile(uri)
    return ("shipped", os.path.basename(urllib.parse.urlparse(uri).path or uri))


def resolve(marker):
    """The local path of a shipped file, on an executor or on the driver
    (which keeps a copy of every added file)."""
    kind, where = marker
    if kind in ("local", "name"):
        return where
    from pyspark import SparkFiles
    return SparkFiles.get(where)


def ship_flag_files(sc, flags):
    """The gazet flags with each file they name shipped, and replaced by
    its marker (see `ship`). Two files may not share a base name: shipped
    files land in one folder."""
    shipped, names = [], {}
    i = 0
    while i < len(flags):
        name, eq, value = flags[i].partition("=")
        if name in FILE_FLAGS and (eq or i + 1 < len(flags)):
            if not eq:
                i += 1
                value = flags[i]
            shipped += [name, ship_unique(sc, value, names)]
        else:
            shipped.append(flags[i])
        i += 1
    return shipped


def ship_unique(sc, uri, names):
    """`ship`, refusing a second file of the same base name (`names`: the
    markers so far): shipped files land in one folder."""
    marker = ship(sc, uri)
    if names.setdefault(marker, uri) != uri:
        raise UsageError(f"{uri} and {names[marker]} would be shipped under one name; rename one")
    return marker


def resolved(flags):
    """Shipped flags with every marker replaced by its local path."""
    return [resolve(f) if isinstance(f, tuple) else f for f in flags]


# ---------------------------------------------------------------- on the executors

# One annotator per executor process and configuration: building one
# compiles the gazetteers (or reads them from gazet's cache), which costs
# far more than annotating a small document. Python workers are reused
# across tasks (spark.python.worker.reuse), so this lives as long as they do.
_ANNOTATORS = {}


def import_gazet(wheel):
    """The gazet package: the installed one, else the shipped wheel, unpacked
    once per executor into its SparkFiles folder (a wheel is a zip; an
    abi3 wheel's native module imports from a plain folder)."""
    try:
        import gazet
        return gazet
    except ImportError:
        if wheel is None:
            raise
    path = resolve(wheel)
    target = path + ".unpacked"
    if not os.path.isdir(target):
        partial = f"{target}.{os.getpid()}"
        with zipfile.ZipFile(path) as z:
            z.extractall(partial)
        try:
            os.rename(partial, target)
        except OSError:
            pass  # another worker of this executor unpacked it first
    sys.path.insert(0, target)
    import gazet
    return gazet


def cached_annotator(config):
    """The executor process's annotator for `config`, built on first use."""
    key = json.dumps([config["options"], config["files"], config["cache_dir"]], sort_keys=True)
    if key not in _ANNOTATORS:
        gazet = import_gazet(config["wheel"])
        if config["cache_dir"]:
            os.environ["GAZET_CACHE_DIR"] = config["cache_dir"]
        options = dict(config["options"])
        files = {kind: [resolve(m) for m in markers] for kind, markers in config["files"].items()}
        patterns = files.pop("patterns")
        if patterns:
            options["patterns"] = patterns  # beside the embedded ones
        _ANNOTATORS[key] = gazet.Annotator(**options, **files)
    return _ANNOTATORS[key]


def error_row(doc, path, message):
    """The row of a refused document: its error, no annotation."""
    return {"doc": doc, "path": path, "part": 0, "last": True, "spans": None, "relations": None,
            "warning": None, "error": message}


def empty_row(doc, path):
    """The row of an empty document: no spans, no relations."""
    return {"doc": doc, "path": path, "part": 0, "last": True, "spans": [], "relations": [],
            "warning": None, "error": None}


class Tally:
    """What the executors tell the driver, through one accumulator (this is
    its pyspark AccumulatorParam): the documents they took in, how many
    were refused, and the first `NOTES` errors and warnings, to print.
    Spark applies a task's update once, and only for a task that
    succeeded, so the count is exact however often tasks are retried."""

    NOTES = 1000

    @staticmethod
    def new():
        return {"documents": 0, "failed": 0, "notes": []}

    def zero(self, value):
        return Tally.new()

    def addInPlace(self, value1, value2):
        value1["documents"] += value2["documents"]
        value1["failed"] += value2["failed"]
        value1["notes"] = (value1["notes"] + value2["notes"])[:Tally.NOTES]
        return value1


def count_rows(tally, rows):
    """Adds whole-document rows (dicts of `output_schema()`) to the tally."""
    for r in rows:
        tally["documents"] += 1
        if r["error"] is not None:
            tally["failed"] += 1
        note = r["error"] or r["warning"]
        if note and len(tally["notes"]) < Tally.NOTES:
            tally["notes"].append(note)


class Deadline:
    """The per-partition timeout (--timeout). Checked between batches and
    between the chunks of a streamed document, where it fails the task
    with a message; a watchdog ends the Python worker if one call into
    gazet runs on far past it, since native code cannot be interrupted."""

    def __init__(self, seconds):
        import time
        self.seconds, self.where = seconds, None  # the partition's first file
        self.start = time.monotonic()
        self.timer = None
        if seconds:
            self.timer = threading.Timer(seconds + max(60, seconds / 10), self.expire)
            self.timer.daemon = True
            self.timer.start()

    def check(self, doing):
        import time
        if self.seconds and time.monotonic() - self.start > self.seconds:
            raise TimeoutError(f"gazet_spark: the partition from {self.where} ran over the timeout "
                               f"of {self.seconds} s (--timeout), {doing}")

    def expire(self):
        print(f"gazet_spark: the partition from {self.where} ran far over the timeout of "
              f"{self.seconds} s (--timeout) inside gazet; ending the Python worker",
              file=sys.stderr, flush=True)
        os._exit(3)

    def cancel(self):
        if self.timer:
            self.timer.cancel()


# Whole documents are annotated and converted in groups of at most this
# much text: the group's JSON (about 5 times the text) is held at once.
GROUP_BYTES = 16 << 20


def annotate_batches(config, batches):
    """The mapInArrow function of the in-process path (bound to `config`
    with functools.partial, so that Spark pickles a reference to it and
    executors import this module, whose `_ANNOTATORS` then outlives the
    task). Arrow batches of (path, content), or (line, n) of JSON Lines,
    in; Arrow batches of `output_schema()` out, at least one row per
    document in. A document gazet refuses becomes an error row; a document
    left without its rows fails the task instead of going missing quietly.
    gazet's JSON goes straight into Arrow (pyarrow's JSON reader), never
    through Python objects."""
    annotator = cached_annotator(config)
    tally = Tally.new()
    deadline = Deadline(config["timeout"])
    try:
        for batch in batches:
            rows = batch.to_pylist()
            if rows and deadline.where is None:
                deadline.where = local(rows[0].get("path", config["input"]))
            whole, done = documents_in(rows, config)
            count_rows(tally, done)
            if done:
                yield arrow_batch(done)
            group, size = [], 0
            for doc in whole:
                if doc[2] is STREAM:
                    yield from streamed(annotator, doc, config, tally, deadline)
                    continue
                group.append(doc)
                size += len(doc[2])
                if size >= GROUP_BYTES:
                    yield annotated(annotator, group, config, tally)
                    group, size = [], 0
                    deadline.check("between documents")
            if group:
                yield annotated(annotator, group, config, tally)
            deadline.check("between batches")
    finally:
        deadline.cancel()
    config["tally"].add(tally)


# What `text_of` says of a document to annotate in chunks.
STREAM = object()
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def documents_in(rows, config):
    """The input rows as (doc, path, text or STREAM, warning, content) to
    annotate, and the rows of those decided already (refused, or lines
    that are no records)."""
    whole, done = [], []
    for row in rows:
        if "line" in row:
            record = parse_record(config["input"], row["line"], row["n"])
            if not record:
                continue  # a blank line, which gazet skips
            doc, path, text, error = record[0]
            if error:
                done.append(error_row(doc, path, error))
            else:
                whole.append((doc, path, text, None, None))
            continue
        path = row["path"]
        doc = doc_id(path[len(config["root"]):])
        text, note = text_of(row, config)
        if text is None:
            done.append(error_row(doc, path, note))
        else:
            whole.append((doc, path, text, note, row["content"] if text is STREAM else None))
    return whole, done


def text_of(row, config):
    """(text, warning or None) of a file's bytes, (None, error) if gazet
    would refuse it, or (STREAM, None) for one over --stream-above. gazet
    streams no UTF-16 file; the recipe decodes such a file whole."""
    content = row["content"] or b""
    if len(content) > config["stream_above"] and content[:2] not in UTF16_BOMS:
        error = refusal(local(row["path"]), content, config["lossy"])
        return (None, error) if error else (STREAM, None)
    return decode(local(row["path"]), content, config["lossy"])


def annotated(annotator, group, config, tally):
    """One Arrow batch of the annotations of (doc, path, text, warning, _)
    documents read whole."""
    import pyarrow as pa
    lines = list(annotator.annotate_many(((d[0], d[2]) for d in group),
                                         n_threads=config["threads"], batch_size=len(group),
                                         raw=True))
    table = json_table(lines)
    if table.num_rows != len(group):
        raise RuntimeError(f"gazet_spark: {len(group)} documents in, {table.num_rows} annotations out")
    warnings = [d[3] for d in group]
    tally["documents"] += len(group)
    tally["notes"] += [w for w in warnings if w][:Tally.NOTES - len(tally["notes"])]
    n = len(group)
    return assemble(*(table.column(c).combine_chunks() for c in ("doc", "spans", "relations")),
                    pa.array([d[1] for d in group], pa.string()),
                    pa.array([0] * n, pa.int32()), pa.array([True] * n, pa.bool_()),
                    pa.array(warnings, pa.string()))


# A row of a streamed document holds at most this many spans, or relation
# evidence entries (a few MB): the JVM makes each row one buffer, grown by
# doubling, and a 100 MB document has 100,000 spans a chunk and 150 MB of
# relations as JSON (every statement of a relation is its evidence).
ROW_ITEMS = 16384


def streamed(annotator, doc, config, tally, deadline):
    """A document over --stream-above, annotated in chunks: Arrow batches
    of its rows (parts), each of at most ROW_ITEMS spans or relation
    evidence entries, spans in document order, the relations after the
    last chunk's spans, the last row marked. The chunks are annotated on
    `stream_threads` threads (by default all of the executor's cores): a
    big document is the job's slowest task."""
    import pyarrow as pa
    name, path, _, _, content = doc
    chunks = annotator.annotate_stream_parts(content, doc=name, path=local(path),
                                             chunk_size=config["chunk_size"],
                                             lossy=config["lossy"],
                                             n_threads=config["stream_threads"], raw=True)
    last, part = False, 0
    try:
        # Its bytes were checked before (`refusal`): an error here is no
        # refusal of the document but a failure, which fails the task.
        for index, last, line, note in chunks:
            table = json_table([line])
            docs = table.column("doc").combine_chunks()
            rows = pieces(table.column("spans").combine_chunks(),
                          table.column("relations").combine_chunks(), last)
            for k, (spans, relations) in enumerate(rows):
                final = last and k == len(rows) - 1
                warning = f"warning: {local(path)}: {note}" if note and final else None
                yield assemble(docs, spans, relations, pa.array([path], pa.string()),
                               pa.array([part], pa.int32()), pa.array([final], pa.bool_()),
                               pa.array([warning], pa.string()))
                part += 1
            if last:
                count_rows(tally, [{"error": None, "warning": warning}])
                break
            deadline.check(f"at chunk {index + 1} of {local(path)}")
    finally:
        chunks.close()  # stops the annotating thread if the task failed
    if not last:
        raise RuntimeError(f"gazet_spark: {local(path)}: the streamed document ended before its last part")


def pieces(spans, relations, last):
    """A chunk's spans and (for the last chunk) relations, each a one-row
    list array, as (spans, relations) of rows of at most ROW_ITEMS spans
    or evidence entries (a relation with more has a row of its own)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def one_row(values, start, length, kind):
        piece = values.slice(start, length)
        return pa.ListArray.from_arrays(pa.array([0, len(piece)], pa.int32()), piece, type=kind)

    no_spans, no_relations = pa.array([[]], spans.type), pa.array([[]], relations.type)
    values = spans.flatten()
    rows = [(one_row(values, k, ROW_ITEMS, spans.type), no_relations)
            for k in range(0, len(values), ROW_ITEMS)]
    if last:
        values = relations.flatten()
        sizes = pc.fill_null(pc.list_value_length(values.field("evidence")), 0).to_pylist()
        start, held = 0, 0
        for i, size in enumerate(sizes + [None]):
            if i == len(sizes) or (i > start and held + size > ROW_ITEMS):
                if i > start:
                    rows.append((no_spans, one_row(values, start, i - start, relations.type)))
                start, held = i, 0
            if size is not None:
                held += size
    return rows or [(no_spans, no_relations)]


def json_table(lines):
    """gazet's JSON lines as an Arrow table of doc, spans, relations."""
    import pyarrow as pa
    import pyarrow.json as pj
    _, annotation = arrow_schemas()
    data = "\n".join(lines).encode("utf-8")
    return pj.read_json(
        pa.BufferReader(data),
        # One block for the whole buffer: a line may not straddle blocks.
        read_options=pj.ReadOptions(use_threads=False, block_size=max(len(data) + 1, 1 << 16)),
        parse_options=pj.ParseOptions(explicit_schema=annotation,
                                      unexpected_field_behavior="ignore"),
    )


def assemble(docs, spans, relations, paths, parts, lasts, warnings):
    """A record batch of `output_schema()` from gazet's doc, spans and
    relations and the columns the recipe knows."""
    import pyarrow as pa
    schema, _ = arrow_schemas()
    return pa.RecordBatch.from_arrays(
        [docs, paths, parts, lasts, spans, relations, warnings, pa.nulls(len(docs), pa.string())],
        schema=schema)


def arrow_batch(rows):
    """A record batch of `output_schema()` from rows as dicts."""
    import pyarrow as pa
    schema, _ = arrow_schemas()
    return pa.RecordBatch.from_pylist(rows, schema=schema)


# ---------------------------------------------------------------- documents

def doc_id(relative):
    """gazet's document id: the path relative to the folder given, without
    the file's extension (as Rust's Path::with_extension("")), / separators."""
    parts = relative.split("/")
    dot = parts[-1].rfind(".")
    if dot > 0:
        parts[-1] = parts[-1][:dot]
    return "/".join(parts)


def decode(path, data, lossy):
    """(text, warning) as gazet reads these bytes, or (None, error): a UTF-16
    byte-order mark decodes UTF-16, a NUL byte means binary, and otherwise
    the bytes must be UTF-8 (a UTF-8 BOM stays as U+FEFF). The messages are
    gazet's."""
    if data[:2] in UTF16_BOMS:
        codec = "utf-16-le" if data[:2] == b"\xff\xfe" else "utf-16-be"
        try:
            text = data[2:].decode(codec)
        except UnicodeDecodeError:
            text = None
        if text is None or "\0" in text:
            # gazet's wording for a broken UTF-16 file.
            return None, f"{path}:1: not valid UTF-8 (byte offset 0); the file was skipped"
        return text, f"warning: {path}: decoded from UTF-16 (byte-order mark removed)"
    nul = data.find(b"\0")
    if nul >= 0:
        return None, binary_error(path, nul)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        if lossy:
            text = data.decode("utf-8", "replace")
            replaced = text.count("\ufffd") - data[:e.start].decode("utf-8").count("\ufffd")
            return text, (f"warning: {path}: not valid UTF-8 from line {line} (byte offset {e.start}): "
                          f"{replaced} invalid sequence(s) replaced by U+FFFD; "
                          "offsets refer to the replaced text")
        return None, utf8_error(path, data, e.start)


def refusal(path, data, lossy):
    """gazet's error for the bytes of a document to be streamed, or None:
    checked before any of its chunks is annotated, so that a document
    gazet refuses has its error row only, as gazet writes nothing of it.
    Decodes a slice at a time, holding no copy of the text."""
    nul = data.find(b"\0")
    if nul >= 0:
        return binary_error(path, nul)
    if lossy:
        return None
    decoder = codecs.getincrementaldecoder("utf-8")()
    view, step = memoryview(data), 4 << 20
    for at in range(0, len(data), step):
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(view[at:at + step], final=at + step >= len(data))
        except UnicodeDecodeError as e:
            return utf8_error(path, data, at - pending + e.start)
    return None


def binary_error(path, nul):
    return f"{path}: looks like a binary file (NUL byte at offset {nul}); the file was skipped"


def utf8_error(path, data, at):
    line = data.count(b"\n", 0, at) + 1
    return f"{path}:{line}: not valid UTF-8 (byte offset {at}); the file was skipped"


def local(uri):
    """A file: URI as the plain path gazet would print."""
    return uri[len("file:"):] if uri.startswith("file:/") else uri


def root_uri(spark, path):
    """The input folder as Spark writes it in the path column (file:/a/b/)."""
    jvm = spark.sparkContext._jvm
    p = jvm.org.apache.hadoop.fs.Path(path)
    fs = p.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    return fs.makeQualified(p).toString().rstrip("/") + "/"


# Hadoop's FileStatus.toString: "LocatedFileStatus{path=URI; isDirectory=false; length=N; ...".
FILE_STATUS = re.compile(r"^\w*\{path=(.*?); isDirectory=(?:true|false); length=(\d+);")


def listing(files):
    """(path, size) of every file the binaryFile DataFrame `files` reads,
    from the listing Spark made when it was loaded: no second listing and
    no job. Spark's scan leaves out empty files, which gazet annotates, so
    the recipe needs the listing itself. Hadoop's FileStatus list reaches
    Python as one string (one py4j call, not one per file); should an
    internal API have moved, a listing-only job (no content read) stands in."""
    try:
        jvm = files.sparkSession.sparkContext._jvm
        location = files._jdf.queryExecution().analyzed().relation().location()
        statuses = jvm.scala.collection.JavaConverters.asJavaIterator(location.allFiles().iterator())
        text = jvm.org.apache.commons.lang3.StringUtils.join(statuses, "\n")
        found = [FILE_STATUS.match(line) for line in text.splitlines()] if text else []
        if all(found):
            return [(m.group(1), int(m.group(2))) for m in found]
    except Exception:  # noqa: BLE001 - an internal API; the job below is the public way
        pass
    sized = {r.path: r.length for r in files.select("path", "length").collect()}
    return [(hadoop_path(u), sized.get(hadoop_path(u), 0)) for u in files.inputFiles()]


def hadoop_path(uri):
    """A URI as Spark's path column writes it: Hadoop's Path.toString, not
    escaped, with file:/ rather than file:///."""
    path = urllib.parse.unquote(uri)
    return "file:/" + path[len("file:///"):] if path.startswith("file:///") else path


def plan_folder(paths, root, limit):
    """What the driver decides from the listing alone, as gazet's walk does:
    which files to read, and the rows of those it need not read: duplicate
    ids (the first in sorted order wins, so a.md before a.txt), files over
    the size limit, and empty files (no spans). Returns (read, rows)."""
    by_id = {}
    for path, size in sorted(paths):
        if not path.startswith(root):
            raise RuntimeError(f"{path} is not under {root}")
        by_id.setdefault(doc_id(path[len(root):]), []).append((path, size))
    read, rows = [], []
    for doc, group in by_id.items():
        first = group[0][0]
        for path, _ in group[1:]:
            rows.append(error_row(doc, path, f"{local(path)}: document id \"{doc}\" is also produced "
                                             f"by {local(first)}; the file was skipped"))
        path, size = group[0]
        if size > limit:
            rows.append(error_row(doc, path, f"{local(path)}: the file is {size} bytes, over the "
                                             f"limit of {limit} (--max-file-size); the file was skipped"))
        elif size == 0:
            rows.append(empty_row(doc, path))
        else:
            read.append(path)
    return read, rows


def folder_documents(spark, args):
    """(DataFrame of path, content to annotate; rows decided on the driver;
    number of files in) for a folder. The driver sees names and sizes,
    never contents."""
    from pyspark.sql.functions import col

    globs = args.glob or ["*.txt", "*.md"]
    files = (spark.read.format("binaryFile")
             .option("recursiveFileLookup", "true")
             .option("pathGlobFilter", globs[0] if len(globs) == 1 else "{" + ",".join(globs) + "}")
             .load(args.input))
    paths = listing(files)
    read, rows = plan_folder(paths, root_uri(spark, args.input), args.max_file_size)
    skipped = sorted(set(p for p, _ in paths) - set(read))
    # length is pushed down to the binaryFile reader: files over the limit
    # and empty ones are not read at all.
    chosen = files.where((col("length") > 0) & (col("length") <= args.max_file_size))
    if skipped:
        chosen = chosen.where(~col("path").isin(skipped))
    return chosen.select("path", "content"), rows, len(paths)


def jsonl_documents(spark, args):
    """(DataFrame of line, n: the input's lines, numbered from 0; no rows
    decided on the driver; no count: the executors count the records).
    Lines become records, or error rows, on the executors. Numbering them
    takes one job that counts each partition's lines, as zipWithIndex
    does; a bad line is named by its number, as gazet names a stdin line."""
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    numbered = spark.sparkContext.textFile(args.input).zipWithIndex()
    schema = StructType([StructField("line", StringType(), True), StructField("n", LongType(), True)])
    return spark.createDataFrame(numbered, schema), [], None


def parse_record(path, line, n):
    """A JSON Lines line as (doc, path, text, None); (doc, path, None,
    error) for a record whose text cannot be annotated, or (None, path,
    None, error) for a line that is no {"id", "text"} record. Blank lines
    are skipped, as gazet skips them."""
    if not line.strip():
        return []
    try:
        r = json.loads(line)
    except ValueError as e:
        why = str(e)
    else:
        if not isinstance(r, dict):
            why = "not a JSON object"
        else:
            bad = [f for f in ("id", "text") if not isinstance(r.get(f), str)]
            if not bad:
                error = unicode_error(r)
                return [(r["id"], path, None if error else r["text"], error)]
            why = f"no string field \"{bad[0]}\""
    return [(None, path, None, f"input line {n + 1}: not an {{\"id\", \"text\"}} record: {why}")]


def unicode_error(record):
    """Why a record's text cannot be annotated, or None. JSON lets a text
    hold a lone surrogate ("\\ud800"), which has no UTF-8 form: the JVM
    would quietly replace it, so it is refused here, as gazet refuses it."""
    for text in (record["id"], record["text"]):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as e:
            return f"record {json.dumps(record['id'])}: not valid Unicode text: {e.reason}"
    return None


# ---------------------------------------------------------------- the subprocess fallback

def executor_command(binary, flags, threads):
    """The gazet command line on an executor, with shipped files found
    where Spark put them."""
    gazet = resolve(binary)
    if not os.access(gazet, os.X_OK):
        os.chmod(gazet, 0o755)
    command = [gazet, "annotate", "-", "-q"] + resolved(flags)
    if not any(str(f).startswith(("-j", "--threads")) for f in flags):
        # gazet takes every core by default; an executor runs one task per
        # spark.task.cpus cores, so more threads would only fight each other.
        command += ["-j", str(threads)]
    return command


def pipe_partition(config, rows):
    """The mapPartitions function of --subprocess: one gazet process per
    partition of (path, content) or (line, n) rows, yielding rows of
    `output_schema()`.

    Not RDD.pipe: that either ignores the exit code or fails the task on
    any non-zero code. gazet exits 1 when it refused some records and wrote
    all the others, which is a result to keep; anything else fails the
    task, and so does an exit 1 that accounts for fewer documents than went
    in (a binary the executor cannot load exits 1 too, having written
    nothing). A failed task fails the job: no _SUCCESS."""
    command = executor_command(config["binary"], config["flags"], config["threads"])
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
    except OSError as e:
        raise RuntimeError(f"gazet cannot start on this executor: {e}") from None
    fed, paths, failures, stderr, rejected = [], {}, [], [], []

    def feed():
        try:
            for doc, path, text, warning in documents_of(rows, config, rejected):
                fed.append((doc, path))
                paths[doc] = (path, warning)
                line = json.dumps({"id": doc, "text": text}, ensure_ascii=False)
                proc.stdin.write(line.encode("utf-8", "surrogatepass") + b"\n")
        except BrokenPipeError:
            pass  # gazet died; its exit code and stderr tell why
        except BaseException as e:  # noqa: BLE001 - re-raised in the task
            failures.append(e)
        finally:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass

    # Both pipes are drained while records are written: gazet writes
    # results before it has read all its input, and a full pipe would
    # otherwise stop it.
    threads = [threading.Thread(target=feed, daemon=True),
               threading.Thread(target=lambda: stderr.extend(proc.stderr), daemon=True)]
    for t in threads:
        t.start()
    written, finished, tally = 0, False, Tally.new()
    try:
        for out in proc.stdout:
            a = json.loads(out)
            written += 1
            row = annotation_row(a, *paths.get(a["doc"], (None, None)))
            count_rows(tally, [row])
            yield row
        finished = True
    finally:
        if not finished:
            proc.kill()  # the task stopped reading: gazet must not outlive it
    code = proc.wait()
    for t in threads:
        t.join()
    if failures:
        raise failures[0]
    text = b"".join(stderr).decode("utf-8", "replace")
    refused = []
    for line in text.splitlines():
        m = STDIN_ERROR.match(line)
        if m and 0 < int(m.group(1)) <= len(fed):
            doc, path = fed[int(m.group(1)) - 1]
            refused.append(error_row(doc, path, f"record {json.dumps(doc)}: {m.group(2)}"))
    if code not in (0, 1) or written + len(refused) != len(fed):
        raise RuntimeError(f"gazet exited with code {code}, having written {written} and refused "
                           f"{len(refused)} of {len(fed)} documents: {text.strip()}")
    count_rows(tally, refused + rejected)
    config["tally"].add(tally)
    yield from refused
    yield from rejected


def documents_of(rows, config, rejected):
    """(doc, path, text, warning) of the rows that decode (read whole:
    stdin records are not streamed); the rows of the others are added to
    `rejected`."""
    whole = dict(config, stream_above=float("inf"))
    for row in rows:
        documents, done = documents_in([row.asDict()], whole)
        rejected += done
        for doc, path, text, warning, _ in documents:
            yield doc, path, text, warning


def annotation_row(a, path, warning):
    """gazet's annotation of a document read whole, as a row of
    `output_schema()`."""
    return {"doc": a["doc"], "path": path, "part": 0, "last": True, "spans": a["spans"],
            "relations": a["relations"], "warning": warning, "error": None}


# ---------------------------------------------------------------- the job

def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("gazet")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        try:
            config = prepare(spark, args)
        except UsageError as e:
            print(f"gazet_spark: {e}", file=sys.stderr)
            return 2
        return run(spark, args, config)
    except Exception as e:  # noqa: BLE001 - a failed job, reported in one line
        # The cause is the executor's Python exception, deep in a Java trace.
        lines = [line.strip() for line in str(e).splitlines()]
        causes = [line for line in lines if PYTHON_ERROR.match(line)] or \
            [line for line in lines if line.startswith("Caused by: ")]
        print(f"gazet_spark: the job failed: {causes[-1] if causes else e}", file=sys.stderr)
        return 2
    finally:
        spark.stop()


def prepare(spark, args):
    """Ships this module, the binary or wheel and the flag files, and
    checks the configuration on the driver before any job: a gazetteer or
    flag gazet refuses stops the run with exit 2 and no output. Returns the
    configuration the executors get."""
    sc = spark.sparkContext
    sc.addPyFile(os.path.abspath(__file__))
    config = {
        "lossy": args.lossy, "stream_above": args.stream_above, "chunk_size": args.chunk_size,
        "cache_dir": args.cache_dir, "threads": int(sc.getConf().get("spark.task.cpus", "1")),
        "wheel": ship(sc, args.wheel) if args.wheel else None,
        "root": "" if args.jsonl else root_uri(spark, args.input),
        "input": args.input, "timeout": args.timeout,
        # 0: the executor's rayon pool, one thread per core it sees.
        "stream_threads": args.stream_threads or int(sc.getConf().get("spark.executor.cores", "0")),
        "tally": sc.accumulator(Tally.new(), Tally()),
    }
    if args.subprocess:
        config["flags"] = ship_flag_files(sc, args.gazet_flags)
        config["binary"] = ship(sc, args.gazet)
        check_binary(resolve(config["binary"]), resolved(config["flags"]))
        return config
    options, files, threads = annotator_options(args.gazet_flags)
    names = {}
    config.update(options=options, threads=threads or config["threads"],
                  files={kind: [ship_unique(sc, f, names) for f in fs] for kind, fs in files.items()})
    check_package(config)
    return config


def check_binary(binary, flags):
    """Runs the binary on the driver with the job's flags and no records."""
    if not os.path.isfile(binary):
        raise UsageError(f"{binary}: no such file")
    if not os.access(binary, os.X_OK):
        os.chmod(binary, 0o755)
    try:
        done = subprocess.run([binary, "annotate", "-", "-q"] + flags, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=600)
    except OSError as e:
        # Built for the executors' platform, which need not be the driver's.
        print(f"gazet_spark: warning: cannot run {binary} here ({e}); flags not checked",
              file=sys.stderr)
        return
    if done.returncode != 0:
        raise UsageError(done.stderr.decode("utf-8", "replace").strip()
                         or f"gazet exited with code {done.returncode}")


def check_package(config):
    """Builds the annotator on the driver, as the executors will."""
    try:
        cached_annotator(config)
    except ImportError as e:
        print(f"gazet_spark: warning: no gazet package on the driver ({e}); flags not checked",
              file=sys.stderr)
    except (OSError, ValueError) as e:
        raise UsageError(str(e)) from None


def run(spark, args, config):
    """Reads, annotates and writes; returns the exit code."""
    prefer_fewer_partitions(spark)
    read = jsonl_documents if args.jsonl else folder_documents
    documents, known, total = read(spark, args)
    if args.partitions:
        documents = documents.repartition(args.partitions)
    annotated = annotate(spark, documents, config)
    if known:
        # Few and small: one part file, not one per core.
        annotated = annotated.unionByName(spark.createDataFrame(known, output_schema()).coalesce(1))
    # Parquet checks the size of the row group it holds first after 100
    # rows, then at intervals it guesses from the rows so far; 100 rows of
    # a streamed document's chunks are gigabytes. Checking from the first
    # row keeps what it holds to about a row group (128 MB).
    writer = annotated.write.mode("errorifexists").option("parquet.page.size.row.check.min", "1")
    with Progress(spark.sparkContext, args.progress, config["tally"]):
        if args.format == "json":
            writer.json(args.output)
        else:
            writer.parquet(args.output)
    return summarize(config["tally"].value, known, total)


def prefer_fewer_partitions(spark):
    """Packs small files into fewer partitions than Spark's default, unless
    the user chose: Spark counts each file as 4 MB (openCostInBytes), so a
    folder of small files makes partitions of about 30 files, and a task
    costs far more than annotating one small file. At 8 KiB a file, Spark
    splits a small input into about one partition per core and a large one
    into partitions of up to maxPartitionBytes (128 MB); a big file still
    gets partitions of its own. And bounds an Arrow batch to a few hundred
    documents, since each is held whole."""
    conf = spark.sparkContext.getConf()
    if not conf.contains("spark.sql.files.openCostInBytes"):
        spark.conf.set("spark.sql.files.openCostInBytes", str(8 << 10))
    if not conf.contains("spark.sql.execution.arrow.maxRecordsPerBatch"):
        spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "256")


def annotate(spark, documents, config):
    """The typed DataFrame of annotations: in-process, or through the binary."""
    schema = output_schema()
    if "binary" not in config:
        return documents.mapInArrow(functools.partial(annotate_batches, config), schema)
    rows = documents.rdd.mapPartitions(functools.partial(pipe_partition, config))
    return spark.createDataFrame(rows, schema)


class Progress:
    """Prints, every `every` seconds while the job runs, how many of its
    tasks are done and how many documents they annotated (what the tasks
    that finished told the driver)."""

    def __init__(self, sc, every, tally):
        self.sc, self.every, self.tally = sc, every, tally
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def __enter__(self):
        if self.every:
            self.thread.start()
        return self

    def __exit__(self, *_):
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join()

    def run(self):
        import time
        start, said = time.monotonic(), None
        while not self.stop.wait(self.every):
            try:
                tracker = self.sc.statusTracker()
                stages = [tracker.getStageInfo(i) for i in tracker.getActiveStageIds()]
                done = sum(st.numCompletedTasks for st in stages if st)
                total = sum(st.numTasks for st in stages if st)
                documents = self.tally.value["documents"]
            except Exception:  # noqa: BLE001 - a report, never a reason to fail
                continue
            now = (done, total, documents)
            if stages and now != said:
                print(f"gazet_spark: {done} of {total} tasks done, {documents} documents annotated "
                      f"({time.monotonic() - start:.0f} s)", file=sys.stderr, flush=True)
                said = now


def summarize(tally, known, total):
    """Prints the errors and warnings as gazet would and the counts, from
    what the executors told the driver; checks that every document of the
    input was accounted for. Returns the exit code."""
    count_rows(tally, known)
    for message in sorted(tally["notes"]):
        print(f"gazet: {message}", file=sys.stderr)
    if len(tally["notes"]) >= Tally.NOTES:
        print("gazet_spark: more errors and warnings are in the output's error and warning columns",
              file=sys.stderr)
    documents, failed = tally["documents"], tally["failed"]
    print(f"gazet_spark: {documents if total is None else total} documents in, "
          f"{documents - failed} annotated, {failed} failed", file=sys.stderr)
    if total is not None and documents != total:
        print(f"gazet_spark: the output accounts for {documents} of {total} documents in",
              file=sys.stderr)
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    # Run as this module, not as __main__, so that the functions the
    # executors run are pickled by reference (see annotate_batches).
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import gazet_spark
    sys.exit(gazet_spark.main())
