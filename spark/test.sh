#!/usr/bin/env bash
# The Spark recipe's test, on a real (one-machine) cluster: starts a Spark
# standalone master and one worker on 127.0.0.1, so that executors are JVMs
# of their own, submits spark/gazet_spark.py to spark://127.0.0.1:7077 and
# checks its output against a plain local gazet run. Stops the master and
# the worker it started, and only those. Installs what it needs: Java
# (Debian's openjdk-17-jre-headless, if there is no java), and pyspark,
# pyarrow and the gazet wheel in spark/.venv. See spark/README.md.
#
#   GAZET_SPARK_SMALL=N   small files for the overhead figure (default 5000)
#   GAZET_SPARK_BIG=MB    the one big document's size (default 100; 0 skips it)
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
venv=spark/.venv
work=spark/.work
small=${GAZET_SPARK_SMALL:-5000}
big=${GAZET_SPARK_BIG:-100}

step() { printf '== %s (%ds, load %s)\n' "$*" $((SECONDS - started)) "$(cut -d' ' -f1 /proc/loadavg)"; }

if ! command -v java >/dev/null; then
    step "installing Java"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

# The stamp names the requirements the venv was made from, so a change of
# pin rebuilds it and an unchanged one costs nothing.
if ! cmp -s spark/requirements.txt "$venv/requirements.txt"; then
    step "installing pyspark and pyarrow into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q -r spark/requirements.txt
    cp spark/requirements.txt "$venv/requirements.txt"
fi

step "building gazet and its wheel"
target="$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
gazet="$target/release/gazet"
cargo build --release --locked -q
rm -rf "$target/spark-wheels"
CARGO_TARGET_DIR="$target" "$venv/bin/maturin" build --quiet --release --locked \
    -m python/Cargo.toml -o "$target/spark-wheels" -i "$venv/bin/python"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps \
    "$target"/spark-wheels/gazet-*.whl

rm -rf "$work"
mkdir -p "$work"
root="$PWD/$work"
# Executors run the venv's Python too; Spark binds to loopback only. The
# venv's bin comes first, as `source spark/.venv/bin/activate` puts it.
export PATH="$PWD/$venv/bin:$PATH"
export PYSPARK_PYTHON="$PWD/$venv/bin/python" PYSPARK_DRIVER_PYTHON="$PWD/$venv/bin/python"
export SPARK_LOCAL_IP=127.0.0.1 SPARK_HOME
SPARK_HOME="$("$venv/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')"
export GAZET_CACHE_DIR="$root/cache"
check() { "$venv/bin/python" spark/check.py "$@"; }
cat >"$work/log4j2.properties" <<'EOF'
rootLogger.level = warn
rootLogger.appenderRef.console.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
EOF

# ---------------------------------------------------------------- the cluster
master_pid="" worker_pid=""
stop_cluster() {
    # Only the two JVMs this script started (the worker ends its executors).
    for pid in $worker_pid $master_pid; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
trap stop_cluster EXIT
trap "exit 130" INT TERM
wait_for() { # LOG PATTERN WHAT
    for _ in $(seq 120); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 1
    done
    echo "FAILED: $3 did not start; its log:" >&2
    tail -20 "$1" >&2
    exit 1
}
step "starting a standalone master and a worker on 127.0.0.1"
if (exec 3<>/dev/tcp/127.0.0.1/7077) 2>/dev/null; then
    echo "FAILED: port 7077 is taken; stop what listens there first" >&2
    exit 1
fi
# The daemons log at INFO (Spark's default), which says when they are up.
"$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port 7077 --webui-port 0 >"$work/master.log" 2>&1 &
master_pid=$!
wait_for "$work/master.log" "I have been elected leader" "the master"
"$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.worker.Worker \
    spark://127.0.0.1:7077 --host 127.0.0.1 --cores 2 --memory 4g --webui-port 0 \
    --work-dir "$root/worker" >"$work/worker.log" 2>&1 &
worker_pid=$!
wait_for "$work/worker.log" "Successfully registered with master" "the worker"

# The documented command, submitted to the cluster, with executors of a
# 1 GB heap, the 100 MB document's too.
submit() {
    spark-submit --master spark://127.0.0.1:7077 \
        --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false \
        --conf spark.executor.memory=1g --conf spark.task.maxFailures=2 \
        --driver-java-options "-Dlog4j2.configurationFile=$root/log4j2.properties" \
        spark/gazet_spark.py "$@"
}

# Runs a command that must exit with $1, its output in $2 (spark-submit
# passes the Python driver's stderr to its stdout).
expect() {
    local want=$1 log=$2 code=0
    shift 2
    "$@" >"$log" 2>&1 || code=$?
    if [ "$code" != "$want" ]; then
        echo "FAILED: exit code $code, expected $want: $*" >&2
        grep -v '^\s*$' "$log" | tail -20 >&2
        exit 1
    fi
}
passed=0
pass() { passed=$((passed + 1)); }

step "1. the shipped corpus/ in-process: Parquet equal to gazet annotate corpus/, the typed schema"
expect 0 "$work/corpus.log" submit corpus/ "$work/spark-corpus"
"$gazet" annotate corpus/ -q -o "$work/local-corpus.jsonl"
check compare "$work/local-corpus.jsonl" "$work/spark-corpus"
check schema "$work/spark-corpus"
[ -e "$work/spark-corpus/_SUCCESS" ]
n=$(wc -l <"$work/local-corpus.jsonl")
grep -q "^gazet_spark: $n documents in, $n annotated, 0 failed$" "$work/corpus.log"
pass

step "2. 300 made documents, bad files, a -g gazetteer, file:// URIs, 7 partitions, JSON Lines: error rows"
check corpus corpus "$work/gen" 300
# Input, output and gazetteer as Hadoop URIs (file://), as hdfs:// or
# s3a:// ones would be given.
expect 1 "$work/gen.log" submit "file://$root/gen" "file://$root/spark-gen" --format json \
    --partitions 7 -- -g "file://$root/gen.tsv"
expect 1 "$work/local-gen.log" "$gazet" annotate "$root/gen" -q -g "$work/gen.tsv" -o "$work/local-gen.jsonl"
check compare "$work/local-gen.jsonl" "$work/spark-gen"
check errors "$root/gen" "$work/local-gen.log" >"$work/local-gen.errors"
check errors "$root/gen" "$work/gen.log" | sed 's#file:##' >"$work/spark-gen.errors"
diff -u "$work/local-gen.errors" "$work/spark-gen.errors"
[ "$(check count "$work/spark-gen")" = "314 rows, 3 errors" ]
grep -q '"error":".*bad/twice.txt: document id \\"bad/twice\\" is also produced by' "$work"/spark-gen/part-*
grep -q '"entity":"zorbland_accord"' "$work"/spark-gen/part-*
pass

step "3. JSON Lines records, lines that are no records, 5 partitions"
check records "$work/gen" "$work/records.jsonl"
expect 1 "$work/jsonl.log" submit "$work/records.jsonl" "$work/spark-jsonl" --partitions 5
expect 1 "$work/local-jsonl.log" "$gazet" annotate - -q -o "$work/local-jsonl.jsonl" <"$work/records.jsonl"
check compare "$work/local-jsonl.jsonl" "$work/spark-jsonl"
grep -q '^gazet: record "lone-surrogate": not valid Unicode text' "$work/jsonl.log"
grep -q '^gazet: input line 309: not an {"id", "text"} record: no string field "text"$' "$work/jsonl.log"
[ "$(check count "$work/spark-jsonl")" = "311 rows, 3 errors" ]
pass

step "4. a big document streamed in chunks, as gazet annotate --stream-above streams it"
check big "$work/big/one.txt" 3
cp corpus/central-asia-security.txt "$work/big/"
expect 0 "$work/big.log" submit "$root/big" "$work/spark-big" --stream-above 1000000 --chunk-size 262144
"$gazet" annotate "$root/big" -q --stream-above 1000000 --chunk-size 262144 -o "$work/local-big.jsonl"
check compare "$work/local-big.jsonl" "$work/spark-big"
pass

step "5. --subprocess: the binary named by a local:// URI, already on every node"
expect 0 "$work/sub.log" submit corpus/ "$work/spark-sub" --subprocess --gazet "local://$gazet" --format json
check compare "$work/local-corpus.jsonl" "$work/spark-sub"
pass

step "6. --subprocess with a binary that cannot start on the executors: the job fails"
# Runs on the driver (whose check passes), and exits 1 on the executors as
# a binary built against a newer glibc does.
cat >"$work/gazet-broken" <<EOF
#!/bin/sh
case "\$PWD" in
    "$root/worker"*) echo "gazet: /lib/x86_64-linux-gnu/libc.so.6: version 'GLIBC_2.99' not found" >&2; exit 1 ;;
esac
exec "$gazet" "\$@"
EOF
chmod +x "$work/gazet-broken"
expect 2 "$work/broken.log" submit corpus/ "$work/spark-broken" --subprocess --gazet "$work/gazet-broken"
grep -q "^gazet_spark: the job failed: .*gazet exited with code 1, having written 0 and refused 0 of" "$work/broken.log"
[ ! -e "$work/spark-broken/_SUCCESS" ]
pass

step "7. a gazetteer gazet refuses: exit 2 before any job, no output; a partition over --timeout fails the job"
printf 'zorb\tBOGUS\torganization\tZorb Land\n' >"$work/broken.tsv"
expect 2 "$work/refused.log" submit corpus/ "$work/spark-refused" -- -g "$work/broken.tsv"
grep -q "^gazet_spark: .*broken.tsv:1: unknown label \`BOGUS\`" "$work/refused.log"
[ ! -e "$work/spark-refused" ]
expect 2 "$work/timeout.log" submit corpus/ "$work/spark-timeout" --timeout 0.001
grep -q "^gazet_spark: the job failed: .*ran over the timeout of 0.001 s (--timeout)" "$work/timeout.log"
[ ! -e "$work/spark-timeout/_SUCCESS" ]
pass

step "8. --wheel: the package imported from a shipped wheel where it is not installed"
# Python without site-packages has neither gazet nor pyspark: what an
# executor without the wheel has.
cp "$target"/spark-wheels/gazet-*.whl "$work/"
"$venv/bin/python" -S - "$(ls "$root"/gazet-*.whl)" <<'EOF'
import sys
sys.path.insert(0, "spark")
import gazet_spark
gazet = gazet_spark.import_gazet(("local", sys.argv[1]))
assert gazet.__file__.startswith(sys.argv[1] + ".unpacked/"), gazet.__file__
spans = gazet.Annotator(cache=False).annotate("The CSTO met in Bishkek.")["spans"]
assert [s["entity"] for s in spans] == ["csto", "bishkek"], spans
print(f"wheel: imported from {gazet.__file__}")
EOF
pass

# Runs local gazet and Spark on one folder, compares their outputs (with
# check.py's COMPARE) and prints Spark's time against gazet's, with the
# load average before and after, and the peak memory of local gazet and
# of the worker's executor (its JVM and Python workers): WHAT NAME COMPARE
# (the folder $work/NAME).
against_local() {
    local what=$1 name=$2 compare=$3 t0 t1 t2 load0 local_rss sampler
    load0=$(cut -d' ' -f1 /proc/loadavg)
    t0=$(date +%s.%N)
    local_rss=$(python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)' \
        "$gazet" annotate "$root/$name" -q -o "$work/local-$name.jsonl")
    t1=$(date +%s.%N)
    rm -f "$work/$name.rss" "$work/$name.rss.stop"
    check peak-rss "$worker_pid" "$work/$name.rss" &
    sampler=$!
    expect 0 "$work/$name.log" submit "$root/$name" "$work/spark-$name" --progress 5
    t2=$(date +%s.%N)
    touch "$work/$name.rss.stop"
    wait "$sampler"
    check "$compare" "$work/local-$name.jsonl" "$work/spark-$name"
    python3 - "$what" "$load0" "$local_rss" "$(cat "$work/$name.rss")" "$t0" "$t1" "$t2" <<'EOF' | tee "$work/$name.figure"
import sys
what, load0, local_rss, spark_rss = sys.argv[1:5]
t0, t1, t2 = map(float, sys.argv[5:])
load = open("/proc/loadavg").read().split()[0]
print(f"{what}: local gazet {t1 - t0:.1f} s, Spark on the cluster {t2 - t1:.1f} s "
      f"(its start-up included): {(t2 - t1) / (t1 - t0):.1f}x, load average {load0} -> {load}; "
      f"peak memory: local gazet {local_rss} MB, the executor (JVM and Python) {spark_rss} MB")
EOF
}

step "9. $small small files: Spark on the cluster against local gazet"
check many "$work/many" "$small"
against_local "$small small files" many compare
grep -q "^gazet_spark: [0-9]* of [0-9]* tasks done, [0-9]* documents annotated" "$work/many.log"
pass

if [ "$big" -gt 0 ]; then
    step "10. one document of $big MB: Spark on the cluster against local streamed gazet"
    check big "$work/huge/one.txt" "$big"
    # Over gazet's --stream-above (32 MiB), so both stream it in chunks;
    # Spark writes a row per chunk, and no row holds the whole annotation.
    against_local "one $big MB document, streamed" huge compare-big
    pass
fi

step "passed"
echo "spark: $passed passed, 0 failed"
