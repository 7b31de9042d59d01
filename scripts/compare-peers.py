#!/usr/bin/env python3
"""waflow check on many files against jsonschema-rs, against a bare serde_json parse, and its
peak memory: the figures of docs/performance.md ("Many files").

Usage: scripts/compare-peers.py [--rounds N] [--copies N] [--baseline WAFLOW]

`--baseline` times another `waflow` binary (say, a copy of the one built before a change) in the
same rounds, so that a before/after comparison is interleaved too.

Needs release builds (the script makes them), `pip install jsonschema-rs`, /usr/bin/time and
../shared (the corpus). Every temporary file goes to a temporary directory, removed at the end.

Each round runs every command once, one after the other (interleaved), so that a change in the
machine's load touches them all alike; the medians over the rounds are printed, with the CPU
time (user + system) of the `waflow` runs, which a shared machine moves less than wall time.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "real"
FLOW = CORPUS / "emptoredge__decrypt1" / "flow2.json"
BASE64_HEAVY = CORPUS / "LimaLb01__endpoint-flow" / "examples__exemplosummary.json"
WAFLOW = ROOT / "target" / "release" / "waflow"
FLOOR = ROOT / "target" / "release" / "examples" / "parse-floor"
FLOWGEN = ROOT / "target" / "release" / "examples" / "flowgen"

# jsonschema-rs in one Python process: each file against its version's schema (validators built
# once per version, on first need). Prints the seconds spent after the interpreter started.
PEER = r"""
import json, os, sys, time
start = time.perf_counter()
import jsonschema_rs
schemas, validators, checked, invalid = sys.argv[1], {}, 0, 0
for top, dirs, files in os.walk(sys.argv[2]):
    dirs.sort()
    for name in sorted(files):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(top, name), "rb") as f:
            try:
                flow = json.loads(f.read())
            except ValueError:
                continue
        version = flow.get("version") if isinstance(flow, dict) else None
        path = os.path.join(schemas, f"flow-json-{version}.schema.json")
        if not isinstance(version, str) or not os.path.exists(path):
            continue
        if version not in validators:
            with open(path, "rb") as f:
                validators[version] = jsonschema_rs.validator_for(json.loads(f.read()))
        checked += 1
        invalid += not validators[version].is_valid(flow)
print(json.dumps({"checked": checked, "invalid": invalid, "seconds": time.perf_counter() - start}))
"""


def build():
    for args in (["-p", "waflow"], ["-p", "waflow-core", "--example", "parse-floor"],
                 ["-p", "waflow-core", "--example", "flowgen"]):
        subprocess.run(["cargo", "build", "--release", "-q", *args], cwd=ROOT, check=True)


def wall(cmd, **kw):
    """Seconds of wall time of one run of `cmd` (output discarded unless captured)."""
    start = time.perf_counter()
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start, out.stdout


def wall_and_cpu(cmd):
    """Seconds of wall time and of CPU time (user + system, all threads) of one run of `cmd`,
    its output read through a pipe as `wall` does. CPU time moves less than wall time when the
    machine is shared."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    proc.stdout.read()
    _, _, usage = os.wait4(proc.pid, 0)
    proc.stdout.close()
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def peak_rss_mb(cmd):
    """Peak resident memory of `cmd` in MB (/usr/bin/time -v)."""
    out = subprocess.run(["/usr/bin/time", "-v", *cmd], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    kb = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr)
    return int(kb.group(1)) / 1000 if kb else float("nan")


def watch_rss_mb(waflow, directory):
    """VmHWM of `waflow watch --format json DIR` once its first run is printed, in MB."""
    proc = subprocess.Popen([str(waflow), "watch", "--format", "json", str(directory)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        # The first run prints a line per file and a summary line, the last with "run".
        deadline = time.time() + 60
        for line in proc.stdout:
            if '"duration_ms"' in line or time.time() > deadline:
                break
        time.sleep(0.5)
        status = Path(f"/proc/{proc.pid}/status").read_text()
        kb = re.search(r"VmHWM:\s+(\d+) kB", status)
        return int(kb.group(1)) / 1000 if kb else float("nan")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def copies(directory, n):
    directory.mkdir()
    for i in range(n):
        shutil.copyfile(FLOW, directory / f"flow-{i:04}.json")
    return directory


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--baseline", type=Path, help="another waflow binary to time alongside")
    args = parser.parse_args()
    for needed in (FLOW, BASE64_HEAVY):
        if not needed.exists():
            sys.exit(f"{needed} is missing (../shared)")
    build()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # Every binary timed is a copy made the same way: a program just written by the linker
        # starts measurably slower than a copy of it (its file's pages are cached differently).
        waflow = tmp / "waflow"
        shutil.copy2(WAFLOW, waflow)
        baseline = None
        if args.baseline:
            baseline = tmp / "baseline-waflow"
            shutil.copy2(args.baseline, baseline)
        many = copies(tmp / "copies", args.copies)
        double = copies(tmp / "double", 2 * args.copies)
        large = tmp / "large.json"
        large.write_bytes(subprocess.run([str(FLOWGEN), "100", "50"], stdout=subprocess.PIPE,
                                         check=True).stdout)
        sets = {f"{args.copies} copies of {FLOW.name}": many, "corpus": CORPUS}
        for label, directory in sets.items():
            times = {"waflow check": [], "jsonschema-rs (process)": [],
                     "jsonschema-rs (in process)": [], "parse floor (process)": []}
            cpu = {"waflow check": []}
            if args.baseline:
                times["baseline waflow check"] = []
                cpu["baseline waflow check"] = []
            checked = None
            for _ in range(args.rounds):
                t, c = wall_and_cpu([str(waflow), "check", "-q", "-f", "concise", str(directory)])
                times["waflow check"].append(t)
                cpu["waflow check"].append(c)
                t, out = wall([sys.executable, "-c", PEER, str(ROOT / "schemas"), str(directory)])
                peer = json.loads(out)
                checked = peer
                times["jsonschema-rs (process)"].append(t)
                times["jsonschema-rs (in process)"].append(peer["seconds"])
                t, _ = wall([str(FLOOR), "--only-parse", str(directory)])
                times["parse floor (process)"].append(t)
                if args.baseline:
                    t, c = wall_and_cpu([str(baseline), "check", "-q", "-f", "concise",
                                         str(directory)])
                    times["baseline waflow check"].append(t)
                    cpu["baseline waflow check"].append(c)
            med = {k: statistics.median(v) * 1000 for k, v in times.items()}
            print(f"\n{label} (jsonschema-rs validated {checked['checked']} files, "
                  f"{checked['invalid']} invalid); medians of {args.rounds} interleaved rounds:")
            for k, v in med.items():
                print(f"  {k:28} {v:8.1f} ms")
            for k, v in cpu.items():
                print(f"  {k + ', CPU time':28} {statistics.median(v) * 1000:8.1f} ms")
            print(f"  jsonschema-rs process / waflow: {med['jsonschema-rs (process)'] / med['waflow check']:.2f}x;"
                  f" waflow / parse floor process: {med['waflow check'] / med['parse floor (process)']:.2f}x")
        print("\nin process, one thread (parse-floor: serde_json::from_slice vs waflow_core::check):")
        for label, path in [(f"{args.copies} copies", many), ("corpus", CORPUS),
                            ("base64-heavy file", BASE64_HEAVY), ("1 MB flow (flowgen 100 50)", large)]:
            _, out = wall([str(FLOOR), "--rounds", str(max(args.rounds, 5)), str(path)])
            print(f"  {label:28} {out.decode().strip()}")
        print("\npeak resident memory:")
        print(f"  check, {2 * args.copies} copies: {peak_rss_mb([str(waflow), 'check', '-q', '-f', 'concise', str(double)]):.1f} MB")
        print(f"  check, {args.copies} copies: {peak_rss_mb([str(waflow), 'check', '-q', '-f', 'concise', str(many)]):.1f} MB")
        print(f"  check (human), {2 * args.copies} copies: {peak_rss_mb([str(waflow), 'check', '-q', str(double)]):.1f} MB")
        print(f"  watch, {args.copies} copies: {watch_rss_mb(waflow, many):.1f} MB")


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
