#!/usr/bin/env bash
# Scores gazet on each split of the corpus against its hand-made gold:
#   dev     corpus/*.txt         gold corpus/gold/          (the original corpus; rules were tuned on it)
#   tuning  corpus/tuning/*.txt  gold corpus/tuning/gold/   (new documents; tune on these)
#   sealed  corpus/sealed/*.txt  gold corpus/sealed/gold/   (new documents; never tune on these)
# Usage: scripts/score-splits.sh [SPLIT...] [-- ANNOTATE-FLAGS...]
# Prints one table per split; the `gazet eval --json` reports are left in
# ${GAZET_SCORES:-target/scores}/SPLIT.json.
set -euo pipefail
cd "$(dirname "$0")/.."
splits=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do splits+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
flags=("$@")
[ ${#splits[@]} -gt 0 ] || splits=(dev tuning sealed)
cargo build --release --locked -q
bin=${CARGO_TARGET_DIR:-target}/release/gazet
out=${GAZET_SCORES:-target/scores}
mkdir -p "$out"
for split in "${splits[@]}"; do
  case "$split" in
    dev) docs=corpus/; gold=corpus/gold/ ;;
    tuning|sealed) docs=corpus/$split/; gold=corpus/$split/gold/ ;;
    *) echo "score-splits: unknown split $split (dev, tuning, sealed)" >&2; exit 2 ;;
  esac
  # The dev walk would also take the new splits' folders: score only its own files.
  if [ "$split" = dev ]; then inputs=(corpus/*.txt); else inputs=("$docs"); fi
  "$bin" annotate "${inputs[@]}" -q -o "$out/$split.jsonl" ${flags[@]+"${flags[@]}"}
  echo "== $split"
  "$bin" eval "$out/$split.jsonl" "$gold" 2>/dev/null | sed -n '/^[0-9]* documents* scored/p;/^strict/p;/^entity ids/p;/^relations/,$p'
  "$bin" eval "$out/$split.jsonl" "$gold" --json > "$out/$split.json" 2>/dev/null || true
done
