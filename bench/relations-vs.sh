#!/usr/bin/env bash
# The default pipeline (names and relations on) of this tree against an
# older revision, side by side in one run: the same input, one thread, no
# cache, the two binaries taking turns. Issue 15 asks that the relation
# stage's rewrite be no slower per MB than the regex rules it replaced.
#
#   bash bench/relations-vs.sh [REV] [COPIES] [RUNS]
#
# REV defaults to 50cbfa4 (the last commit with the regex relation rules),
# COPIES to 15 copies of corpus/*.txt and corpus/tuning/*.txt, RUNS to 5.
# Prints each binary's median MB/s (gazet's own summary line) and median
# user CPU seconds. With valgrind installed it also counts the
# instructions of one run on two copies, which is repeatable whatever else
# the machine is doing.
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-50cbfa4}
copies=${2:-15}
runs=${3:-5}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

cargo build --release --locked -q
new=${CARGO_TARGET_DIR:-target}/release/gazet
git worktree add -q "$work/old" "$rev"
(cd "$work/old" && CARGO_TARGET_DIR="$work/old-target" cargo build --release --locked -q)
old=$work/old-target/release/gazet

mkdir -p "$work/in"
for i in $(seq 1 "$copies"); do
  mkdir -p "$work/in/c$i"
  cp corpus/*.txt corpus/tuning/*.txt "$work/in/c$i/"
done
echo "input: $(du -sh "$work/in" | cut -f1) in $(find "$work/in" -type f | wc -l) files; $runs runs each, -j 1"

run() { # binary -> "MB/s user-seconds"
  local t
  t=$( { /usr/bin/time -f '%U' "$1" annotate "$work/in" -j 1 --no-cache -o "$work/out.jsonl" 2>&1 >/dev/null; } )
  local mbs user
  mbs=$(printf '%s\n' "$t" | sed -n 's/.*, \([0-9.]*\) MB\/s$/\1/p')
  user=$(printf '%s\n' "$t" | tail -n 1)
  echo "$mbs $user"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: > "$work/old.txt"; : > "$work/new.txt"
for _ in $(seq 1 "$runs"); do
  run "$old" >> "$work/old.txt"
  run "$new" >> "$work/new.txt"
done
for b in old new; do
  mbs=$(cut -d' ' -f1 "$work/$b.txt" | median)
  user=$(cut -d' ' -f2 "$work/$b.txt" | median)
  echo "$b: median $mbs MB/s, median user CPU $user s"
done

if command -v valgrind >/dev/null; then
  mkdir -p "$work/small"
  cp -r "$work/in/c1" "$work/in/c2" "$work/small/"
  for b in old new; do
    bin=$old; [ "$b" = new ] && bin=$new
    n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" annotate "$work/small" -q -j 1 --no-cache -o "$work/out.jsonl" 2>&1 | sed -n 's/.*I *refs: *//p')
    echo "$b: $n instructions on two copies (callgrind)"
  done
fi
