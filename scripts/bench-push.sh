#!/usr/bin/env bash
# Whole-process timings of `waflow push` of an unchanged flow against `waflow sandbox` (on
# 127.0.0.1), on both backends: the figures in docs/performance.md. Needs hyperfine
# (apt-get install hyperfine). Usage: scripts/bench-push.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p waflow
waflow="$PWD/target/release/waflow"
work=$(mktemp -d)
key="bench-key-$$"
sandbox_pid=
cleanup() {
  if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The sandbox on a free loopback port; its banner names the URL.
WAFLOW_API_KEY="$key" "$waflow" sandbox --addr 127.0.0.1:0 2> "$work/banner" &
sandbox_pid=$!
url=
for _ in $(seq 100); do
  url=$(grep -o 'WAFLOW_BASE_URL=[^ ]*' "$work/banner" | head -n 1 | cut -d= -f2 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "bench-push: the sandbox printed no URL" >&2; cat "$work/banner" >&2; exit 1; }

cp fixtures/api/valid.json "$work/flow.json"
cd "$work"
unset WAFLOW_ENV HTTP_PROXY HTTPS_PROXY ALL_PROXY http_proxy https_proxy all_proxy
export WAFLOW_BASE_URL="$url" NO_COLOR=1
partner=(WAFLOW_BACKEND=partner WAFLOW_PARTNER_ID=benchPA WAFLOW_WABA_ACCOUNT_ID=benchWA
         WAFLOW_API_KEY="$key")
graph=(WAFLOW_BACKEND=graph WAFLOW_WABA_ID=102290129340398 WAFLOW_GRAPH_TOKEN="$key")

# Per backend: one flow pushed once, so that every timed push finds the same bytes and uploads
# nothing; the variables are exported for the timed runs (no wrapper process is timed).
for backend in partner graph; do
  (
    if [ "$backend" = partner ]; then export "${partner[@]}"; else export "${graph[@]}"; fi
    "$waflow" push flow.json --name "Bench $backend" 2> /dev/null
    id=$("$waflow" flows list --json | python3 -c '
import json, sys
answer = json.load(sys.stdin)
flows = answer.get("flows") or answer.get("data") or []
print(next(f["id"] for f in flows if f["name"] == sys.argv[1]))' "Bench $backend")
    hyperfine -N --warmup 10 --min-runs 100 --command-name "push unchanged ($backend)" \
      --export-json "$work/$backend.json" "$waflow push flow.json --flow-id $id"
    python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("  median %.1f ms" % (r["median"] * 1000))' "$work/$backend.json"
  )
done
