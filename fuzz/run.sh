#!/usr/bin/env bash
# Fuzz every gazet target, one after another, for N seconds each.
#
#   bash fuzz/run.sh            # 600 s per target
#   bash fuzz/run.sh 60         # 60 s per target
#   bash fuzz/run.sh 0          # replay the committed corpora only (-runs=0)
#   TARGETS="gold rules" bash fuzz/run.sh 120
#
# Works on a stable toolchain: RUSTC_BOOTSTRAP=1 lets libFuzzer's nightly
# flags through. Installs cargo-fuzz if it is missing. One fuzzing process
# at a time (-jobs=1 -workers=1), at nice 10. The code is safe Rust, so the
# default sanitizer is none (SANITIZER=address to change it).
# Exits non-zero if any target crashed; crash inputs land in
# fuzz/artifacts/<target>/ and logs in fuzz/logs/<target>.log.
set -uo pipefail

SECONDS_PER_TARGET="${1:-600}"
TARGETS="${TARGETS:-gazetteer rules patterns gold annotate}"
SANITIZER="${SANITIZER:-none}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "run.sh: installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked || exit 2
fi

cd "$here/.." || exit 2
mkdir -p "$here/logs"
failed=()
for target in $TARGETS; do
    mkdir -p "$here/corpus/$target"
    log="$here/logs/$target.log"
    if [ "$SECONDS_PER_TARGET" = 0 ]; then
        flags=(-runs=0 -print_final_stats=1)
    else
        flags=(-max_total_time="$SECONDS_PER_TARGET" -jobs=1 -workers=1
               -dict="$here/dicts/gazet.dict" -print_final_stats=1)
    fi
    echo "== $target (${SECONDS_PER_TARGET}s)" >&2
    # With -jobs, libFuzzer writes the job's output to fuzz-0.log in the
    # working directory: run from the logs folder and keep it there.
    cargo fuzz build --fuzz-dir "$here" -s "$SANITIZER" "$target" || { failed+=("$target(build)"); continue; }
    if (cd "$here/logs" && rm -f fuzz-0.log &&
        nice -n 10 cargo fuzz run --fuzz-dir "$here" -s "$SANITIZER" "$target" \
            "$here/corpus/$target" -- "${flags[@]}" >"$log" 2>&1); then
        status=ok
    else
        status=CRASH
        failed+=("$target")
    fi
    [ -f "$here/logs/fuzz-0.log" ] && cat "$here/logs/fuzz-0.log" >>"$log" && rm -f "$here/logs/fuzz-0.log"
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    echo "$target: $status, ${execs:-?} executions, $(ls "$here/corpus/$target" | wc -l) corpus files (log: fuzz/logs/$target.log)" >&2
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "run.sh: crashes or failures in: ${failed[*]} (see fuzz/artifacts/ and fuzz/logs/)" >&2
    exit 1
fi
echo "run.sh: no crash" >&2
