#!/usr/bin/env bash
# Whole-process cost of `waflow check --fix` against `waflow check` on the real-world corpus
# (the figure in docs/performance.md). The corpus is copied to a temporary directory before every
# run, so each --fix run starts from the original files and the repository is never written.
# Needs hyperfine (apt-get install hyperfine) and ../shared/corpus/real. Usage: scripts/bench-fix.sh
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus/real
if [ ! -d "$corpus" ]; then
  echo "bench-fix.sh: $corpus is missing" >&2
  exit 2
fi
cargo build --release -q -p waflow
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
copy="$work/corpus"
fresh="rm -rf $copy && cp -r $corpus $copy"
eval "$fresh"
printf 'corpus: %s files, %s\n' "$(find "$corpus" -name '*.json' | wc -l)" "$(du -sh "$corpus" | cut -f1)"
{ target/release/waflow check --diff "$copy" 2>&1 > /dev/null || true; } | tail -1
hyperfine -N --warmup 5 --min-runs 30 -i --prepare "bash -c '$fresh'" \
  "target/release/waflow check -f concise $copy" \
  "target/release/waflow check --fix -f concise $copy" \
  "target/release/waflow check --fix --unsafe-fixes -f concise $copy"
