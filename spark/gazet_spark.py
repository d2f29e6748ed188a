#!/usr/bin/env python3
"""Annotate a corpus too big for one machine with gazet on Apache Spark.

Each document becomes a JSON Lines record {"id", "text"}; every partition of
records is piped through one `gazet annotate - -q` process on an executor,
and the annotations are saved as JSON Lines partitions (part-*) in OUTPUT.
The union of the partitions equals what a local `gazet annotate INPUT` gives,
except that stdin records have no "path" field. See spark/README.md.

    spark-submit spark/gazet_spark.py corpus/ out/ --gazet target/release/gazet \\
        [--partitions N] [-- -g extra.tsv --rules my.rules ...]

Exit codes follow gazet's: 0 all documents annotated; 1 some documents
failed (each is named on stderr) and the others were written; 2 bad usage,
or the job failed (for instance gazet refused its flags).
"""

import argparse
import json
from operator import add
import os
import re
import subprocess
import sys
import threading
import urllib.parse

# gazet flags whose value is a file: the recipe ships the file to the
# executors and points the flag at the executor's copy.
FILE_FLAGS = ("-g", "--gazetteer", "--rules")
# gazet flags that make no sense per partition: the recipe writes the output
# itself, and reads the files itself (so file selection and decoding are
# flags of the recipe).
REFUSED_FLAGS = ("-o", "--output", "--table", "--brat", "--glob", "--lossy", "--max-file-size",
                 "--stream-above", "--chunk-size")

# A document travels whole, as one record: in Spark's binaryFile rows
# (2 GiB at most), in Python as bytes, text and JSON, and in gazet, which
# streams large files but not stdin records. Unlike gazet's own (none),
# the recipe's default limit keeps an executor's memory bounded.
DEFAULT_MAX_FILE_SIZE = 256 << 20

# How gazet names a stdin record it rejected: "<stdin>:LINE: message".
STDIN_ERROR = re.compile(r"^gazet: <stdin>:(\d+): (.*)$")

# The line of a failed job's message that says what went wrong on the
# executor, under Spark's Java trace.
PYTHON_ERROR = re.compile(r"^[A-Za-z]*(Error|Exception): ")


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Annotate a folder of documents (or JSON Lines records) with gazet on Spark.",
        epilog="Arguments after -- are passed to `gazet annotate`, e.g. -- -g extra.tsv --overlaps",
    )
    p.add_argument("input", help="a folder of documents, or JSON Lines {\"id\", \"text\"} records "
                   "(a file or folder; any Hadoop path: file:, hdfs:, s3a:)")
    p.add_argument("output", help="output folder for the JSON Lines partitions (must not exist)")
    p.add_argument("--gazet", required=True, help="the gazet binary, built for the executors' platform")
    p.add_argument("--partitions", type=int,
                   help="repartition the records into N partitions (one gazet process each); "
                        "default: as Spark splits the input, with no shuffle")
    p.add_argument("--jsonl", action="store_true",
                   help="INPUT holds JSON Lines records (implied by a name ending in .jsonl)")
    p.add_argument("--glob", action="append", default=[],
                   help="file names to take from a folder (repeatable; default *.txt, *.md)")
    p.add_argument("--lossy", action="store_true",
                   help="replace invalid UTF-8 with U+FFFD instead of skipping the file, as gazet --lossy")
    p.add_argument("--max-file-size", type=int, default=DEFAULT_MAX_FILE_SIZE,
                   help="skip files larger than this many bytes (default 256 MiB)")
    p.add_argument("--no-verify", action="store_true",
                   help="skip reading the output back to check that every document is in it once")
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
    args.gazet_flags = rest
    args.jsonl = args.jsonl or args.input.rstrip("/").endswith(".jsonl")
    return args


def ship_flag_files(sc, flags):
    """Adds the files named by gazet's flags to the job (with a SparkContext),
    and returns the flags with each such file replaced by a marker that the
    executor resolves: ("shipped", name, local path)."""
    shipped = []
    i = 0
    while i < len(flags):
        flag = flags[i]
        name, eq, value = flag.partition("=")
        if name in FILE_FLAGS and eq:
            shipped += [name, ship(sc, value)]
        elif flag in FILE_FLAGS and i + 1 < len(flags):
            shipped += [flag, ship(sc, flags[i + 1])]
            i += 1
        else:
            shipped.append(flag)
        i += 1
    return shipped


def ship(sc, path):
    if sc is not None:
        sc.addFile(path)
    return ("shipped", os.path.basename(path), path)


class UsageError(Exception):
    pass


def executor_command(binary, flags, threads):
    """The gazet command line on an executor, with shipped files found in the
    executor's SparkFiles folder."""
    from pyspark import SparkFiles

    gazet = SparkFiles.get(binary)
    if not os.access(gazet, os.X_OK):
        os.chmod(gazet, 0o755)
    resolved = [SparkFiles.get(f[1]) if isinstance(f, tuple) else f for f in flags]
    if not any(str(f).startswith(("-j", "--threads")) for f in flags):
        # gazet takes every core by default; an executor runs one task per
        # spark.task.cpus cores, so more threads would only fight each other.
        resolved += ["-j", str(threads)]
    return [gazet, "annotate", "-", "-q"] + resolved


def annotate_partition(command, messages):
    """Returns the function that pipes one partition of (id, line) records
    through one gazet process and yields its output lines.

    Not RDD.pipe: that either ignores the exit code or fails the task on
    any non-zero code. gazet exits 1 when it rejected some records and wrote
    all the others, which is a result to keep; 2 means it refused its
    configuration, which must fail the job rather than leave an empty
    output behind."""

    def run(records):
        proc = subprocess.Popen(command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        ids = []
        errors = []
        stderr = []

        def feed():
            try:
                for rid, line in records:
                    ids.append(rid)
                    proc.stdin.write(line.encode("utf-8") + b"\n")
            except BrokenPipeError:
                pass  # gazet died; its exit code and stderr tell why
            except BaseException as e:  # noqa: BLE001 - re-raised in the task
                errors.append(e)
            finally:
                try:
                    proc.stdin.close()
                except BrokenPipeError:
                    pass

        # Both pipes are drained while records are written: gazet writes
        # results before it has read all its input, and a full stdout or
        # stderr pipe would otherwise stop it.
        threads = [threading.Thread(target=feed, daemon=True),
                   threading.Thread(target=lambda: stderr.extend(proc.stderr), daemon=True)]
        for t in threads:
            t.start()
        read_all = False
        try:
            for out in proc.stdout:
                yield out.rstrip(b"\n").decode("utf-8")
            read_all = True
        finally:
            if not read_all:
                # The task stopped reading (cancelled, or failed further on):
                # gazet must not outlive it.
                proc.kill()
        code = proc.wait()
        for t in threads:
            t.join()
        if errors:
            raise errors[0]
        text = b"".join(stderr).decode("utf-8", "replace")
        if code not in (0, 1):
            raise RuntimeError(f"gazet exited with code {code}: {text.strip()}")
        for line in text.splitlines():
            m = STDIN_ERROR.match(line)
            if m and 0 < int(m.group(1)) <= len(ids):
                doc = ids[int(m.group(1)) - 1]
                messages.add([(doc, f"record {json.dumps(doc)}: {m.group(2)}")])
            elif line.strip():
                # A warning, or an error gazet could not tie to a record:
                # shown by the driver, not lost in an executor's log.
                messages.add([(None, line.removeprefix("gazet: "))])

    return run


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
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
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
        return None, f"{path}: looks like a binary file (NUL byte at offset {nul}); the file was skipped"
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
        return None, f"{path}:{line}: not valid UTF-8 (byte offset {e.start}); the file was skipped"


def root_uri(spark, path):
    """The input folder as Spark writes it in the path column (file:/a/b)."""
    jvm = spark.sparkContext._jvm
    p = jvm.org.apache.hadoop.fs.Path(path)
    fs = p.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    return fs.makeQualified(p).toString().rstrip("/") + "/"


def folder_records(spark, args, messages):
    """(id, JSON line) records for the files of a folder, and the ids to
    expect in the output. The driver sees file names and sizes, never
    contents."""
    root = root_uri(spark, args.input)
    globs = args.glob or ["*.txt", "*.md"]

    def files():
        return (spark.read.format("binaryFile")
                .option("recursiveFileLookup", "true")
                .option("pathGlobFilter", globs[0] if len(globs) == 1 else "{" + ",".join(globs) + "}")
                .load(args.input))

    def relative(path):
        if not path.startswith(root):
            raise RuntimeError(f"{path} is not under {root}")
        return path[len(root):]

    # The listing: names and sizes only, for which Spark reads no content.
    # They are small, so they take as many partitions as there are cores,
    # not one a file split. Spark's file sources leave out empty files,
    # which gazet annotates (no spans); the index behind the source still
    # names them.
    cores = spark.sparkContext.defaultParallelism
    sized = (files().select("path", "length").rdd.map(lambda r: (r.path, r.length))
             .coalesce(cores).cache())
    named = spark.sparkContext.parallelize([hadoop_path(u) for u in files().inputFiles()], cores)
    empty = named.subtract(sized.keys(), cores).map(lambda path: (path, 0))
    listing = sized.union(empty).map(
        lambda f: (doc_id(relative(f[0])), (relative(f[0]).encode("utf-8"), f[0], f[1]))).cache()

    # gazet keeps the first of two files with one id in its walk order (a.md
    # before a.txt) and refuses files over the size limit: so must we. Only
    # the ids with such a file reach the driver.
    limit = args.max_file_size
    awkward = (listing.groupByKey(cores).mapValues(sorted)
               .filter(lambda kv: len(kv[1]) > 1 or any(size > limit for _, _, size in kv[1]))
               .collect())
    skipped = set()
    for doc, group in awkward:
        first = group[0][1]
        for _, path, _ in group[1:]:
            skipped.add(path)
            messages.add([(doc, f"{local(path)}: document id \"{doc}\" is also produced by "
                                f"{local(first)}; the file was skipped")])
        for _, path, size in group:
            if size > limit:
                messages.add([(doc, f"{local(path)}: the file is {size} bytes, over the limit of "
                                    f"{limit} (--max-file-size); the file was skipped")])
    skip = spark.sparkContext.broadcast(skipped)
    lossy = args.lossy

    def record(path, data):
        text, message = decode(local(path), data, lossy)
        doc = doc_id(relative(path))
        if message:
            messages.add([(doc, message)])
        if text is None:
            return []
        return [(doc, json.dumps({"id": doc, "text": text}, ensure_ascii=False))]

    from pyspark.sql.functions import col
    contents = files().where(col("length") <= limit).rdd.map(
        lambda r: (r.path, bytes(r.content)))
    records = (contents.union(empty.map(lambda f: (f[0], b"")))
               .filter(lambda f: f[0] not in skip.value)
               .flatMap(lambda f: record(*f)))
    expected = listing.filter(lambda kv: kv[1][2] <= limit and kv[1][1] not in skip.value).keys()
    return records, expected


def hadoop_path(uri):
    """A URI as Spark's path column writes it: Hadoop's Path.toString, not
    escaped, with file:/ rather than file:///."""
    path = urllib.parse.unquote(uri)
    return "file:/" + path[len("file:///"):] if path.startswith("file:///") else path


def local(uri):
    """A file: URI as the plain path gazet would print."""
    return uri[len("file:"):] if uri.startswith("file:/") else uri


def jsonl_records(spark, args, messages):
    """(id, line) records from JSON Lines input, passed to gazet unchanged. A
    line that is no record is reported by its position in the input."""

    def record(numbered):
        line, n = numbered
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
                    return [(r["id"], line)]
                why = f"no string field \"{bad[0]}\""
        messages.add([(None, f"input line {n + 1}: not an {{\"id\", \"text\"}} record: {why}")])
        return []

    records = spark.sparkContext.textFile(args.input).zipWithIndex().flatMap(record)
    return records, records.keys()


# ---------------------------------------------------------------- the job

def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession
    from pyspark.accumulators import AccumulatorParam

    class Messages(AccumulatorParam):
        """(doc id, message) pairs of errors and warnings; a retried task
        adds its pairs again, hence a set."""

        def zero(self, value):
            return set()

        def addInPlace(self, a, b):
            a.update(b)
            return a

    try:
        preflight(args)
    except UsageError as e:
        print(f"gazet_spark: {e}", file=sys.stderr)
        return 2
    builder = SparkSession.builder.appName("gazet")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    try:
        return run(spark, args, sc.accumulator(set(), Messages()))
    except Exception as e:  # noqa: BLE001 - a failed job, reported in one line
        # The cause is the executor's Python exception, deep in a Java trace.
        causes = [line for line in str(e).splitlines() if PYTHON_ERROR.match(line)]
        print(f"gazet_spark: the job failed: {causes[0] if causes else e}", file=sys.stderr)
        return 2
    finally:
        spark.stop()


def preflight(args):
    """Runs the binary on the driver with the job's flags and no records, so
    that a flag or file gazet refuses stops the run before any job starts."""
    if not os.path.isfile(args.gazet) or not os.access(args.gazet, os.X_OK):
        raise UsageError(f"{args.gazet}: not an executable file")
    names = {os.path.basename(args.gazet): args.gazet}
    for flag in ship_flag_files(None, args.gazet_flags):
        if isinstance(flag, tuple):
            _, name, path = flag
            if not os.path.isfile(path):
                raise UsageError(f"{path}: no such file")
            # Shipped files land in one folder on each executor.
            if names.setdefault(name, path) != path:
                raise UsageError(f"{path} and {names[name]} would be shipped under one name; "
                                 "rename one")
    command = [args.gazet, "annotate", "-", "-q"] + [
        f[2] if isinstance(f, tuple) else f for f in ship_flag_files(None, args.gazet_flags)]
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=600)
    except OSError as e:
        # Built for the executors' platform, which need not be the driver's.
        print(f"gazet_spark: warning: cannot run {args.gazet} here ({e}); flags not checked",
              file=sys.stderr)
        return
    if done.returncode != 0:
        raise UsageError(done.stderr.decode("utf-8", "replace").strip()
                         or f"gazet exited with code {done.returncode}")


def run(spark, args, messages):
    sc = spark.sparkContext
    sc.addFile(args.gazet)
    flags = ship_flag_files(sc, args.gazet_flags)
    binary = os.path.basename(args.gazet)
    threads = int(sc.getConf().get("spark.task.cpus", "1"))
    read = jsonl_records if args.jsonl else folder_records
    records, expected = read(spark, args, messages)
    if args.partitions:
        records = records.repartition(args.partitions)
    annotate = annotate_partition(lambda: executor_command(binary, flags, threads), messages)
    records.mapPartitions(annotate).saveAsTextFile(args.output)
    reported = sorted(messages.value, key=lambda m: m[1])
    for _, message in reported:
        print(f"gazet: {message}", file=sys.stderr)
    errors = [doc for doc, message in reported if not message.startswith("warning: ")]
    if args.no_verify:
        return 1 if errors else 0
    return max(1 if errors else 0, verify(sc, args.output, expected, set(errors), len(errors)))


def verify(sc, output, expected, failed, failures):
    """Reads the output back and checks that each expected document is in it
    as many times as it was in the input, unless it was reported as failed.
    One job; only totals and the first differences reach the driver."""
    cores = sc.defaultParallelism
    written = (sc.textFile(output).map(lambda line: (json.loads(line)["doc"], 1))
               .reduceByKey(add, cores))
    wanted = expected.map(lambda d: (d, 1)).reduceByKey(add, cores)
    excused = sc.broadcast(failed)

    def tally(kv):
        doc, (want, got) = kv
        want, got = want or 0, got or 0
        wrong = [(doc, want, got)] if want != got and doc not in excused.value else []
        return want, got, wrong

    def merge(a, b):
        return a[0] + b[0], a[1] + b[1], (a[2] + b[2])[:10]

    total_in, total_out, wrong = wanted.fullOuterJoin(written, cores).map(tally).fold((0, 0, []), merge)
    print(f"gazet_spark: {total_in} documents in, {total_out} annotated, {failures} failed",
          file=sys.stderr)
    for doc, want, got in wrong:
        print(f"gazet_spark: document {json.dumps(doc)} is in the input {want} times and in the "
              f"output {got} times, with no error reported", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
