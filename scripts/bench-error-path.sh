#!/usr/bin/env bash
# The error path of issue #12 (docs/performance.md): `waflow check` of a typical flow with one
# schema error, whole process, next to the same flow without it. Pass other waflow binaries
# (e.g. one built from an older commit) to measure them in the same interleaved hyperfine run.
# Needs hyperfine; valgrind for the instruction counts.
# Usage: scripts/bench-error-path.sh [/absolute/path/to/other/waflow...]
# shellcheck source=scripts/bench-flows.sh
source "$(dirname "$0")/bench-flows.sh"
# Every binary timed is a copy made the same way: a program just written by the linker starts
# measurably slower than a copy of it (its file's pages are cached differently).
bins=()
for bin in target/release/waflow "$@"; do
  copy="$work/waflow-${#bins[@]}"
  cp "$bin" "$copy"
  echo "$copy is a copy of $bin"
  bins+=("$copy")
done
runs=()
for bin in "${bins[@]}"; do
  runs+=("$bin check $work/typical-broken.json" "$bin check $work/typical.json")
done
# `check` exits with 1 on the broken flow: -i keeps hyperfine going.
hyperfine -N --warmup 5 --min-runs 50 -i "${runs[@]}"
if command -v valgrind > /dev/null; then
  for run in "${runs[@]}"; do
    # shellcheck disable=SC2086 # the run is a command line
    count=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null $run 2>&1 >/dev/null |
      sed -n 's/.*Collected : //p')
    printf '%s instructions: %s\n' "$run" "$count"
  done
fi
