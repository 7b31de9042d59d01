#!/usr/bin/env bash
# Runs the `waflow-system` pre-commit hook for real (pre-commit's own machinery, `try-repo`) in a
# throwaway git repository: it must pass on a valid flow next to a non-flow JSON file, and fail
# on an invalid flow. Uses the freshly built debug binary of this checkout.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

echo "precommit-test: building waflow"
cargo build --quiet -p waflow
target_dir="$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
export PATH="$target_dir/debug:$PATH"
[ "$(command -v waflow)" = "$target_dir/debug/waflow" ] || {
  echo "precommit-test: waflow on PATH is not the fresh build" >&2
  exit 1
}

if ! command -v pre-commit >/dev/null 2>&1; then
  echo "precommit-test: installing pre-commit"
  python3 -m pip install --quiet --disable-pip-version-check pre-commit
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
export NO_COLOR=1
repo="$work/repo"
git init --quiet "$repo"
cd "$repo"
git config user.email "ci@example.invalid"
git config user.name "waflow ci"
git config commit.gpgsign false

mkdir flows
cp "$root/examples/customer-feedback.json" flows/valid.json
printf '{\n  "name": "not-a-flow",\n  "version": "1.0.0"\n}\n' > package.json
git add flows/valid.json package.json

run_hook() {
  # try-repo reads the hook definitions from the working tree of the waflow checkout.
  timeout 120 pre-commit try-repo "$root" waflow-system --verbose --files "$@" 2>&1
}

echo "precommit-test: a valid flow must pass"
if ! out="$(run_hook flows/valid.json package.json)"; then
  echo "$out"
  echo "precommit-test: FAILED: the hook rejected a valid flow" >&2
  exit 1
fi

echo "precommit-test: an invalid flow must fail"
printf '{\n  "version": "9.9",\n  "screens": []\n}\n' > flows/invalid.json
git add flows/invalid.json
if out="$(run_hook flows/valid.json flows/invalid.json)"; then
  echo "$out"
  echo "precommit-test: FAILED: the hook accepted an invalid flow" >&2
  exit 1
fi
if ! grep -q 'flows/invalid.json:2:14: error\[INVALID_FLOW_JSON_VERSION\]' <<<"$out"; then
  echo "$out"
  echo "precommit-test: FAILED: the finding is missing from the hook's output" >&2
  exit 1
fi

echo "precommit-test: ok (the valid flow passed, the invalid flow failed with its finding)"
