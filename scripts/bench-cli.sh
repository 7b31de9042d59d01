#!/usr/bin/env bash
# Whole-process timings of `waflow check` (the figures in docs/performance.md).
# Needs hyperfine (apt-get install hyperfine). Usage: scripts/bench-cli.sh
# shellcheck source=scripts/bench-flows.sh
source "$(dirname "$0")/bench-flows.sh"
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
