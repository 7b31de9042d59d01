#!/usr/bin/env python3
"""Times commands in turn, one run of each after the other, many times over, and prints the
median wall time and CPU time (user + system, from wait4) of each: a difference of a few per
cent between two builds shows here when sequential benchmarks (hyperfine's) are moved more by
the machine's speed changing between them. The figures of docs/performance.md ("Freeing the
tree in one step").

Usage: scripts/alternate.py [--runs N] LABEL=COMMAND...
  e.g. scripts/alternate.py --runs 400 "old=/tmp/waflow-old check typical.json" \\
           "new=target/release/waflow check typical.json"

A COMMAND is split on spaces (no shell); its first word is a path to the program. Its output
goes to /dev/null; its exit status is ignored (a check with findings exits 1).
"""

import argparse
import os
import statistics
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=300, help="runs of each command (300)")
    parser.add_argument("commands", nargs="+", metavar="LABEL=COMMAND")
    args = parser.parse_args()
    commands = []
    for item in args.commands:
        label, sep, command = item.partition("=")
        if not sep or not command.split():
            parser.error(f"not LABEL=COMMAND: {item!r}")
        commands.append((label, command.split()))
    wall = {label: [] for label, _ in commands}
    cpu = {label: [] for label, _ in commands}
    devnull = os.open(os.devnull, os.O_WRONLY)
    quiet = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    for _ in range(args.runs):
        for label, argv in commands:
            start = time.perf_counter()
            pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=quiet)
            _, _, usage = os.wait4(pid, 0)
            wall[label].append(time.perf_counter() - start)
            cpu[label].append(usage.ru_utime + usage.ru_stime)
    width = max(len(label) for label, _ in commands)
    for label, _ in commands:
        print(
            f"{label:{width}}  wall median {statistics.median(wall[label]) * 1000:8.2f} ms"
            f"  CPU median {statistics.median(cpu[label]) * 1000:8.2f} ms"
        )


if __name__ == "__main__":
    main()
