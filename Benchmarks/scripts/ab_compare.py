#!/usr/bin/env python3
"""Compares two builds of `benchmarks` (A: before a change, B: after it) on a shared, noisy machine.

Single numbers on the 2-vCPU development machine move by ±25 % between sessions and by ±10 % between back-to-back
runs, so a change of a few percent cannot be judged from one run of each build. This script runs the builds one
after the other, alternating A, B, A, B, … for several rounds (never at the same time: they would compete for the
memory bandwidth), and prints per benchmark and build the median of the rounds' medians, the fastest single run,
and every round's median, then the ratio B / A of both ("—" for a build from before the harness reported its
fastest run). After the first round it stops if the two builds' checksums differ: a change meant to be only faster
must do the same work (for the simulator benchmarks the checksum is the trace hash; `--allow-checksum-change`
compares anyway, for a change that alters the work on purpose). Benchmarks only one build has are left out.

Usage:
    python3 Benchmarks/scripts/ab_compare.py A/benchmarks B/benchmarks [--rounds 3] [--runs 8] [--scale 1]
        [--allow-checksum-change] NAME...
e.g. with the old commit built in a second worktree:
    git worktree add ../before HEAD~1 && (cd ../before && swift build -c release --product benchmarks)
    python3 Benchmarks/scripts/ab_compare.py ../before/.build/release/benchmarks .build/release/benchmarks \\
        'sim.workers16.q03$' 'tpch.q03$'
"""
import argparse
import json
import statistics
import subprocess
import sys


def run(binary, names, runs, scale):
    """One `benchmarks --json` run: {name: (median, fastest, checksum)}."""
    command = [binary, *names, "--json", "--runs", str(runs), "--scale", str(scale)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    results = {}
    for measurement in json.loads(done.stdout):
        # Builds from before min_seconds was added report only the median: their fastest run is unknown (None).
        fastest = measurement.get("min_seconds")
        results[measurement["name"]] = (measurement["median_seconds"], fastest, measurement["checksum"])
    return results


def check_checksums(first_a, first_b):
    """Notes benchmarks only one build has; stops before more rounds are spent when the builds do different work."""
    for name in sorted(set(first_a) ^ set(first_b)):
        print(f"{name}: only in {'A' if name in first_a else 'B'}; left out", file=sys.stderr)
    for name in sorted(set(first_a) & set(first_b)):
        if first_a[name][2] != first_b[name][2]:
            sys.exit(f"{name}: the checksums differ (A {first_a[name][2]}, B {first_b[name][2]}): "
                     "the builds do different work, so their times do not compare")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a", help="the benchmarks binary before the change")
    parser.add_argument("b", help="the benchmarks binary after the change")
    parser.add_argument("names", nargs="+", help="benchmark name prefixes, as `benchmarks` takes them")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=8, help="timed runs per benchmark per round")
    parser.add_argument("--scale", default="1")
    parser.add_argument("--allow-checksum-change", action="store_true",
                        help="compare even when the checksums differ (a change that alters the work on purpose, "
                             "such as the bytes a simulated shuffle sends, and so the trace hash)")
    args = parser.parse_args()

    rounds = {"A": [], "B": []}
    for round_number in range(args.rounds):
        for label, binary in (("A", args.a), ("B", args.b)):
            rounds[label].append(run(binary, args.names, args.runs, args.scale))
        if round_number == 0 and not args.allow_checksum_change:
            check_checksums(rounds["A"][0], rounds["B"][0])
        print(f"round {round_number + 1} of {args.rounds} done", file=sys.stderr)

    print("| benchmark | A median (ms) | B median (ms) | B / A | A fastest | B fastest | B / A | medians A → B |")
    print("|---|--:|--:|--:|--:|--:|--:|---|")
    names = [name for name in rounds["A"][0] if all(name in r for label in rounds for r in rounds[label])]
    for name in names:
        medians = {label: [r[name][0] * 1000 for r in rounds[label]] for label in rounds}
        runs = {label: [r[name][1] for r in rounds[label]] for label in rounds}
        fastest = {label: None if None in runs[label] else min(runs[label]) * 1000 for label in rounds}
        a, b = statistics.median(medians["A"]), statistics.median(medians["B"])
        listed = " / ".join(f"{x:.0f}" for x in medians["A"]) + " → " + " / ".join(f"{x:.0f}" for x in medians["B"])
        shown = {label: "—" if fastest[label] is None else f"{fastest[label]:.1f}" for label in rounds}
        ratio = "—" if None in fastest.values() else f"{fastest['B'] / fastest['A']:.2f}"
        print(f"| `{name}` | {a:.1f} | {b:.1f} | {b / a:.2f} | {shown['A']} | {shown['B']} | {ratio} | {listed} |")


if __name__ == "__main__":
    main()
