#!/usr/bin/env bash
# Browser test of `gazet render`: renders the paper's report (plain, and
# against corpus/gold/), opens the pages in headless Chromium, and checks
# the DOM the browser built, not just the HTML gazet wrote.
#
#   bash tests/browser/run.sh                      # the test
#   UPDATE_SCREENSHOT=1 bash tests/browser/run.sh  # also refresh docs/report*.png
#
# Installs Debian's chromium with apt-get when /usr/bin/chromium is missing
# (as root, non-interactive), so it runs on a fresh machine and in CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec </dev/null
started=$(date +%s)

say() { printf 'browser test: %s\n' "$*"; }
fail() {
    printf 'browser test: FAILED: %s\n' "$*" >&2
    exit 1
}

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
    [ "$(id -u)" = 0 ] || fail "$chromium is missing; install Debian's chromium (apt-get install chromium) or run as root"
    say "installing chromium with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # fonts-dejavu-core: the screenshot needs some fonts to draw text with.
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
installed=$(date +%s)

cargo build --locked --quiet
# Where cargo put the binary: CARGO_TARGET_DIR (or a config's target-dir)
# moves it out of ./target.
gazet="$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')/debug/gazet"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Headless Chromium with everything that could reach the network off; a
# fresh profile each time.
browse() {
    local profile
    profile=$(mktemp -d -p "$work")
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$profile" "$@" 2>>"$work/chromium.log" ||
        { cat "$work/chromium.log" >&2; fail "chromium $* failed"; }
}

# Runs tests/browser/checks.js inside the page $1 (a copy of it, with the
# checks as one more inline script, which the page's CSP allows) and fails
# on any check that failed; $2 names the page in the messages.
run_checks() {
    local copy="${1%.html}.checked.html"
    python3 - "$1" "$copy" tests/browser/checks.js <<'PY'
import sys
page, copy, checks = sys.argv[1:]
html = open(page, encoding="utf-8").read()
script = "<script>" + open(checks, encoding="utf-8").read() + "</script>\n</body>"
assert html.count("</body>") == 1
open(copy, "w", encoding="utf-8").write(html.replace("</body>", script))
PY
    browse --dump-dom --virtual-time-budget=5000 --window-size=1280,1000 "file://$copy" >"$copy.dom"
    python3 - "$copy.dom" "$2" <<'PY'
import html, re, sys
dom, name = sys.argv[1:]
m = re.search(r'<pre id="browser-test">(.*?)</pre>', open(dom, encoding="utf-8").read(), re.S)
lines = html.unescape(m.group(1)).splitlines() if m else []
for line in lines:
    print(f"browser test: {name}: {line}")
failed = [l for l in lines if not l.startswith("ok ") and l != "done"]
sys.exit(1 if failed or "done" not in lines else 0)
PY
}

# How many elements of the DOM in $2 have a first class matching $1 (an
# extended regex), and the class $3 if given, not counting the later
# fragments of a mark cut in two (class `cont`).
count_class() {
    { grep -Eo "<[a-z]+ class=\"($1)( [^\"]*)?\"" "$2" || true; } |
        { grep -E "[\" ]${3:-[^\" ]+}[\" ]" || true; } | { grep -vc ' cont"' || true; }
}

# 1. The paper, rendered from saved output.
$gazet annotate corpus/central-asia-security.txt -o "$work/paper.jsonl" --quiet
$gazet render "$work/paper.jsonl" -o "$work/report" --quiet
page="$work/report/docs/central-asia-security.html"
[ -s "$page" ] || fail "no page for the paper"
if grep -Eq 'https?://|src=|href="(//|[a-z]+:)' "$work/report/index.html" "$work"/report/docs/*.html; then
    fail "a page refers to something outside the report"
fi
browse --dump-dom "file://$page" >"$work/paper.dom"
spans_json=$(grep -o '"alias":' "$work/paper.jsonl" | wc -l)
relations_json=$(grep -o '"head_name":' "$work/paper.jsonl" | wc -l)
spans_dom=$(count_class ent "$work/paper.dom")
relations_dom=$(count_class rel "$work/paper.dom")
say "paper: $spans_dom highlighted spans in the DOM, $spans_json in the JSON"
say "paper: $relations_dom relations in the DOM, $relations_json in the JSON"
[ "$spans_json" -gt 0 ] || fail "no spans in the paper's JSON"
[ "$spans_dom" = "$spans_json" ] || fail "span count differs"
[ "$relations_dom" = "$relations_json" ] || fail "relation count differs"
# With --overlaps, the names inside names are nested elements, and each is
# counted once however it was cut.
$gazet annotate corpus/central-asia-security.txt --overlaps -o "$work/nested.jsonl" --quiet
$gazet render "$work/nested.jsonl" -o "$work/nested" --quiet
browse --dump-dom "file://$work/nested/docs/central-asia-security.html" >"$work/nested.dom"
nested_json=$(grep -o '"alias":' "$work/nested.jsonl" | wc -l)
nested_dom=$(count_class ent "$work/nested.dom")
say "paper with --overlaps: $nested_dom highlighted spans in the DOM, $nested_json in the JSON"
[ "$nested_json" -gt "$spans_json" ] || fail "--overlaps found no nested names"
[ "$nested_dom" = "$nested_json" ] || fail "nested span count differs"
browse --dump-dom "file://$work/report/index.html" >"$work/index.dom"
grep -q 'href="docs/central-asia-security.html"' "$work/index.dom" || fail "the index does not link the paper"

# Arcs, toggles and the link from a relation to its sentence, in the DOM.
run_checks "$page" paper || fail "the paper's page failed a check"
browse --screenshot="$work/report.png" --window-size=1280,1000 "file://$page"
png_ok() {
    [ -s "$1" ] || fail "no screenshot $1"
    [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$1 is not a PNG"
    # A blank page compresses to a few KB; a drawn report is far larger.
    [ "$(wc -c <"$1")" -gt 40000 ] || fail "$1 is nearly empty ($(wc -c <"$1") bytes)"
}
png_ok "$work/report.png"

# 2. Against the gold: every span error of the paper is marked in place.
$gazet render corpus/ --gold corpus/gold/ -o "$work/eval" --quiet
$gazet annotate corpus/ -o "$work/corpus.jsonl" --quiet
for doc in central-asia-security interview-border-security; do
    browse --dump-dom "file://$work/eval/docs/$doc.html" >"$work/$doc.dom"
    $gazet eval "$work/corpus.jsonl" "corpus/gold/$doc.gold.tsv" --errors --json >"$work/$doc.eval.json" 2>/dev/null || true
    errors_json=$({ grep -Eo '"kind": "(missed|spurious|wrong_label|boundary|boundary_and_label|wrong_entity)"' "$work/$doc.eval.json" || true; } | wc -l)
    errors_dom=$(count_class 'ent|gold' "$work/$doc.dom" err)
    say "$doc against gold: $errors_dom span errors marked, $errors_json listed by gazet eval"
    [ "$errors_dom" = "$errors_json" ] || fail "$doc: error count differs"
done
browse --dump-dom "file://$work/eval/index.html" >"$work/eval-index.dom"
documents=$(find corpus -name '*.txt' -o -name '*.md' | wc -l)
[ "$(count_class doc-row "$work/eval-index.dom")" = "$documents" ] || fail "the index does not list the $documents documents"
grep -q '<td class="good">1.000</td>' "$work/eval-index.dom" || fail "the index shows no scores"
# A page with all three sources, and the index: sorting and search.
run_checks "$work/eval/docs/conference-report-dushanbe.html" conference-report-dushanbe ||
    fail "the conference report's page failed a check"
run_checks "$work/eval/index.html" index || fail "the index failed a check"
browse --screenshot="$work/report-eval.png" --window-size=1280,1000 "file://$work/eval/docs/interview-border-security.html"
png_ok "$work/report-eval.png"

# 3. A document with markup in it shows the markup as text.
mkdir -p "$work/evil"
printf '<script>alert(1)</script> <img src=x onerror=alert(2)> CSTO met in Bishkek.\n' >"$work/evil/evil.txt"
$gazet render "$work/evil" -o "$work/evil-report" --quiet
browse --dump-dom "file://$work/evil-report/docs/evil.html" >"$work/evil.dom"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$work/evil.dom" || fail "the script tag is not shown as text"
! grep -q '<script>alert' "$work/evil.dom" || fail "a script element was injected"
! grep -q '<img' "$work/evil.dom" || fail "an img element was injected"
[ "$(grep -o '<script' "$work/evil.dom" | wc -l)" = 1 ] || fail "the page has more than its own script"
[ "$(count_class ent "$work/evil.dom")" = 2 ] || fail "CSTO and Bishkek are not highlighted"

if [ "${UPDATE_SCREENSHOT:-}" = 1 ]; then
    mkdir -p docs
    cp "$work/report.png" docs/report.png
    cp "$work/report-eval.png" docs/report-eval.png
    say "updated docs/report.png and docs/report-eval.png"
fi
finished=$(date +%s)
say "passed in $((finished - started)) s ($((installed - started)) s installing chromium, $((finished - installed)) s testing)"
