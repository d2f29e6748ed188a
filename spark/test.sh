#!/usr/bin/env bash
# The Spark recipe's test: runs spark/gazet_spark.py with spark-submit in
# local mode and checks its output equals a plain local gazet run.
# Installs what it needs: Java (Debian's openjdk-17-jre-headless, if there
# is no java) and pyspark in spark/.venv. See spark/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
venv=spark/.venv
work=spark/.work
gazet="${CARGO_TARGET_DIR:-target}/release/gazet"

step() { printf '== %s (%ds)\n' "$*" $((SECONDS - started)); }

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
    step "installing pyspark into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q -r spark/requirements.txt
    cp spark/requirements.txt "$venv/requirements.txt"
fi

step "building gazet"
cargo build --release --locked -q

rm -rf "$work"
mkdir -p "$work"
root="$PWD/$work"
# Executors run the venv's Python too; Spark binds to loopback only.
export PYSPARK_PYTHON="$PWD/$venv/bin/python" PYSPARK_DRIVER_PYTHON="$PWD/$venv/bin/python"
export SPARK_LOCAL_IP=127.0.0.1
check() { "$venv/bin/python" spark/check.py "$@"; }
# spark-submit logs at INFO by default; warnings are enough here.
cat >"$work/log4j2.properties" <<'EOF'
rootLogger.level = warn
rootLogger.appenderRef.console.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
EOF

# The documented cluster command, with local[2] as the cluster; $files, if
# set, is passed as spark-submit --files.
submit() {
    "$venv/bin/spark-submit" --master 'local[2]' \
        --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false \
        --driver-java-options "-Dlog4j2.configurationFile=$root/log4j2.properties" \
        ${files:+--files "$files"} \
        spark/gazet_spark.py --gazet "$gazet" "$@"
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

step "1. the shipped corpus/, Spark's own partitioning, spark-submit --files"
files=$gazet expect 0 "$work/corpus.log" submit corpus/ "$work/spark-corpus"
"$gazet" annotate corpus/ -q -o "$work/local-corpus.jsonl"
check compare "$work/local-corpus.jsonl" "$work/spark-corpus"
grep -q "^gazet_spark: 14 documents in, 14 annotated, 0 failed$" "$work/corpus.log"

step "2. a made folder of 300 documents, 7 partitions, a shipped -g gazetteer, bad files"
check corpus corpus "$work/gen" 300
expect 1 "$work/gen.log" submit "$root/gen" "$work/spark-gen" --partitions 7 -- -g "$work/gen.tsv"
expect 1 "$work/local-gen.log" "$gazet" annotate "$root/gen" -q -g "$work/gen.tsv" -o "$work/local-gen.jsonl"
check compare "$work/local-gen.jsonl" "$work/spark-gen"
check errors "$root/gen" "$work/local-gen.log" >"$work/local-gen.errors"
check errors "$root/gen" "$work/gen.log" >"$work/spark-gen.errors"
diff -u "$work/local-gen.errors" "$work/spark-gen.errors"
[ "$(grep -vc warning: "$work/spark-gen.errors")" = 3 ]
grep -q '"entity":"zorbland_accord"' "$work"/spark-gen/part-*
[ "$(ls "$work"/spark-gen/part-* | wc -l)" = 7 ]

step "3. JSON Lines records, records gazet rejects, 5 partitions"
check records "$work/gen" "$work/records.jsonl"
expect 1 "$work/jsonl.log" submit "$work/records.jsonl" "$work/spark-jsonl" --partitions 5
expect 1 "$work/local-jsonl.log" "$gazet" annotate - -q -o "$work/local-jsonl.jsonl" <"$work/records.jsonl"
check compare "$work/local-jsonl.jsonl" "$work/spark-jsonl"
grep -q '^gazet: record "lone-surrogate": not an {"id", "text"} record' "$work/jsonl.log"
grep -q '^gazet: input line 309: not an {"id", "text"} record: no string field "text"$' "$work/jsonl.log"
[ "$(grep -c '^gazet: ' "$work/jsonl.log")" = 3 ]
[ "$(grep -c '^gazet: ' "$work/local-jsonl.log")" = 3 ]

step "4. a gazetteer gazet refuses: exit 2 before any job, no output"
printf 'broken\tORG\n' >"$work/broken.tsv"
expect 2 "$work/refused.log" submit corpus/ "$work/spark-refused" -- -g "$work/broken.tsv"
grep -q "^gazet_spark: .*broken.tsv:1: " "$work/refused.log"
[ ! -e "$work/spark-refused" ]

step "passed"
echo "spark: 4 passed, 0 failed"
