#!/usr/bin/env python3
"""Times `clustersim data gen --scale S` against the reference generator `tpchgen-cli` on one thread.

Both write all eight tables as .tbl files (byte-identical output: the script checks the SHA-256 of every file) and
both build their 300 MiB text pool in the process, so the comparison is end to end. Runs alternate, median shown.

    pip install tpchgen-cli
    swift build -c release --product clustersim
    python3 Benchmarks/scripts/compare_tpchgen.py [--scale 1] [--runs 3]
"""
import argparse
import hashlib
import pathlib
import shutil
import statistics
import subprocess
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
TABLES = ["part", "supplier", "partsupp", "customer", "orders", "lineitem", "nation", "region"]


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def digests(directory):
    return {t: hashlib.sha256((directory / f"{t}.tbl").read_bytes()).hexdigest() for t in TABLES}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="1")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    clustersim = ROOT / ".build" / "release" / "clustersim"
    ours, theirs = [], []
    with tempfile.TemporaryDirectory() as work:
        work = pathlib.Path(work)
        for _ in range(args.runs):
            for name, times, command in (
                ("ours", ours, [str(clustersim), "data", "gen", "--scale", args.scale, "--out", str(work / "ours")]),
                ("ref", theirs, ["tpchgen-cli", "-s", args.scale, "--num-threads", "1", f"--output-dir={work / 'ref'}"]),
            ):
                shutil.rmtree(work / name, ignore_errors=True)
                times.append(timed(command))
        same = digests(work / "ours") == digests(work / "ref")
    print(f"# TPC-H SF {args.scale} to .tbl, all tables, {args.runs} alternating runs, median; identical output: {same}")
    print(f"clustersim data gen        median {statistics.median(ours):8.2f} s   runs {[round(t, 2) for t in ours]}")
    print(f"tpchgen-cli --num-threads 1 median {statistics.median(theirs):7.2f} s   runs {[round(t, 2) for t in theirs]}")
    print(f"ratio (ours / tpchgen-cli): {statistics.median(ours) / statistics.median(theirs):.2f}")
    if not same:
        raise SystemExit("outputs differ")


if __name__ == "__main__":
    main()
