# Sourced by the bench scripts: builds waflow and flowgen (release) and writes the benchmark
# flows to "$work" (removed on exit): typical.json (flowgen 20 15), typical-broken.json (the
# same with one schema error, an unknown key) and large.json (flowgen 100 50).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p waflow
cargo build --release -q -p waflow-core --example flowgen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/examples/flowgen 20 15 > "$work/typical.json"
target/release/examples/flowgen 100 50 > "$work/large.json"
sed '0,/"label"/s//"labelx": "x", "label"/' "$work/typical.json" > "$work/typical-broken.json"
