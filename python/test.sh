#!/usr/bin/env bash
# The Python package's tests: builds the wheel with maturin, installs it
# into a venv of its own (target/python-venv) with the pinned test
# requirements, and runs pytest, which compares the package's and the
# spaCy component's output with the CLI's on the corpus. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf 'python/test.sh: %s\n' "$*" >&2; }

target="$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
venv="$target/python-venv"
if [ ! -x "$venv/bin/python" ]; then
    say "making a venv in $venv"
    python3 -m venv "$venv"
fi
# Installs only what is missing or pinned differently. Through `python -m
# pip`: bin/pip names the venv's path of birth in its first line, so in a
# copied or moved venv it would install into the original.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r python/requirements-test.txt

# The CLI the tests compare against, built as `cargo test` builds it.
cargo build --locked --quiet --release --bin gazet
export GAZET_BIN="$target/release/gazet"

say "building the wheel"
rm -rf "$target/wheels"
CARGO_TARGET_DIR="$target" "$venv/bin/maturin" build --quiet --release --locked \
    -m python/Cargo.toml -o "$target/wheels" -i "$venv/bin/python"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$target"/wheels/gazet-*.whl

# From the repository root, so that `import gazet` finds the installed
# package and not the source folder.
"$venv/bin/python" -m pytest -q python/tests "$@"
