#!/usr/bin/env bash
# Whole-process timings of `waflow check` (the figures in docs/performance.md).
# Needs hyperfine (apt-get install hyperfine). Usage: scripts/bench-cli.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p waflow
cargo build --release -q -p waflow-core --example flowgen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/examples/flowgen 20 15 > "$work/typical.json"
target/release/examples/flowgen 100 50 > "$work/large.json"
# The typical flow with one schema error (an unknown key): the path that builds a run-time validator.
sed '0,/"label"/s//"labelx": "x", "label"/' "$work/typical.json" > "$work/typical-broken.json"
printf 'typical flow: %s bytes, large flow: %s bytes\n' "$(wc -c < "$work/typical.json")" "$(wc -c < "$work/large.json")"
runs=(
  "target/release/waflow --version"
  "target/release/waflow check $work/typical.json"
  "target/release/waflow check examples/customer-feedback.json"
  "target/release/waflow check $work/typical-broken.json"
  "target/release/waflow check $work/large.json"
)
corpus=../shared/corpus/real
if [ -d "$corpus" ]; then
  printf 'corpus: %s files, %s\n' "$(find "$corpus" -name '*.json' | wc -l)" "$(du -sh "$corpus" | cut -f1)"
  runs+=("target/release/waflow check -f concise $corpus")
fi
hyperfine -N --warmup 10 --min-runs 100 -i "${runs[@]}"
