#!/usr/bin/env bash
# Runs the plain Git hook of docs/integrations/pre-commit.md (the block on that page, as users
# copy it) and the `waflow-system` pre-commit hook for real (pre-commit's own machinery,
# `try-repo`) in throwaway git repositories. The plain hook must judge the staged content and the
# staged waflow.toml, not the working tree; the pre-commit hook must pass on a valid flow next to
# a non-flow JSON file, and fail on an invalid flow. Uses the freshly built debug binary of this
# checkout.
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

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1

new_repo() {
  git init --quiet "$1"
  git -C "$1" config user.email "ci@example.invalid"
  git -C "$1" config user.name "waflow ci"
  git -C "$1" config commit.gpgsign false
}

fail() {
  echo "$out"
  echo "precommit-test: FAILED: $1" >&2
  exit 1
}

echo "precommit-test: the plain Git hook checks the staged content"
plain="$work/plain"
new_repo "$plain"
awk '/^```sh$/ { block = ""; inside = 1; next }
     /^```$/ && inside {
       if (block ~ /waflow: plain Git pre-commit hook/) { printf "%s", block; found = 1; exit }
       inside = 0; next
     }
     inside { block = block $0 "\n" }
     END { if (!found) exit 1 }' docs/integrations/pre-commit.md >"$plain/.git/hooks/pre-commit" ||
  { echo "precommit-test: FAILED: no plain hook block in docs/integrations/pre-commit.md" >&2; exit 1; }
chmod +x "$plain/.git/hooks/pre-commit"
invalid_flow="$work/invalid.json"
sed 's/"version": "7.3"/"version": "9.9"/' examples/customer-feedback.json >"$invalid_flow"
(
  cd "$plain"
  mkdir -p "flows/sign up"
  cp "$root/examples/customer-feedback.json" "flows/sign up/valid.json"
  printf '{\n  "name": "not-a-flow",\n  "version": "1.0.0"\n}\n' >package.json
  git add . && git commit --quiet -m "valid flow" || exit 1

  # Staged: invalid; working tree: fixed but not added again. The commit must be refused.
  cp "$invalid_flow" "flows/sign up/valid.json"
  git add "flows/sign up/valid.json"
  cp "$root/examples/customer-feedback.json" "flows/sign up/valid.json"
  if out="$(git commit -m "staged invalid" 2>&1)"; then
    fail "the plain hook accepted a staged invalid flow (it checked the working tree)"
  fi
  grep -q '^flows/sign up/valid.json:2:14: error\[INVALID_FLOW_JSON_VERSION\]' <<<"$out" ||
    fail "the plain hook's output lacks the finding on the staged content"

  # An unstaged waflow.toml that turns the rule off does not count...
  printf '[rules]\n"version/invalid" = "off"\n' >waflow.toml
  if out="$(git commit -m "unstaged config" 2>&1)"; then
    fail "the plain hook used the unstaged waflow.toml"
  fi
  # ...the staged one does.
  git add waflow.toml
  out="$(git commit -m "staged config" 2>&1)" ||
    fail "the plain hook ignored the staged waflow.toml"

  # Staged: valid; working tree: broken. The commit goes through.
  rm waflow.toml && git add waflow.toml && git commit --quiet -m "no config" || exit 1
  cp "$root/examples/customer-feedback.json" flows/second.json
  git add flows/second.json
  cp "$invalid_flow" flows/second.json
  out="$(git commit -m "staged valid" 2>&1)" ||
    fail "the plain hook refused a valid staged flow (it checked the working tree)"
) || exit 1

if ! command -v pre-commit >/dev/null 2>&1; then
  echo "precommit-test: installing pre-commit"
  python3 -m pip install --quiet --disable-pip-version-check pre-commit
fi

export PRE_COMMIT_HOME="$work/cache"
repo="$work/repo"
new_repo "$repo"
cd "$repo"

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

echo "precommit-test: ok (plain hook: staged content and staged waflow.toml judged; pre-commit hook: the valid flow passed, the invalid flow failed with its finding)"
