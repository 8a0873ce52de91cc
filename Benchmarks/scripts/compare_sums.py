#!/usr/bin/env python3
"""Times SUM over the same 6,001,215-row float64 and decimal(15,2) columns in DuckDB, DataFusion and pyarrow, each
on ONE thread, in memory, for comparison with `.build/release/benchmarks arrow.sum`.

The columns hold exactly the values the Swift benchmarks use (Benchmarks/BenchmarkData.swift): the i-th output of
SplitMix64 with seed 42 modulo 10^7 as cents; price = cents / 100 as float64, and cents as the unscaled
decimal(15,2). DataFusion gets the table in batches of 8,192 rows (its default batch size), DuckDB copies it into
its own in-memory storage, pyarrow sums the single chunk. Each engine runs its SQL (or kernel) once to warm up, then repeatedly until at
least 5 runs and 1 second; the median is printed in the same columns as the Swift harness. A query's time includes
the engine's per-query overhead (parsing, planning), which is what a user of the engine pays.

Setup: pip install duckdb datafusion pyarrow numpy
Usage: python3 Benchmarks/scripts/compare_sums.py [--rows N] [--json]
"""
import argparse
import json
import statistics
import time

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from datafusion import SessionConfig, SessionContext

def splitmix64(seed: int, count: int) -> np.ndarray:
    """The first `count` outputs of SplitMix64 from `seed` (the same as Benchmark.swift's SplitMix64)."""
    with np.errstate(over="ignore"):
        z = np.arange(1, count + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(seed)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def lineitem_table(rows: int) -> pa.Table:
    cents = (splitmix64(42, rows) % np.uint64(10_000_000)).astype(np.int64)
    price = pa.array(cents / 100.0, type=pa.float64())
    # decimal128 values are 16-byte little-endian two's complement integers: low word = cents, high word = 0.
    words = np.zeros(rows * 2, dtype=np.int64)
    words[0::2] = cents
    decimal = pa.Array.from_buffers(pa.decimal128(15, 2), rows, [None, pa.py_buffer(words.tobytes())])
    return pa.table({"price": price, "l_extendedprice": decimal}), int(cents.sum())


def measure(name: str, rows: int, run) -> dict:
    value = run()  # warm-up
    seconds = []
    while len(seconds) < 5 or (sum(seconds) < 1.0 and len(seconds) < 200):
        start = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - start)
        assert result == value, f"{name}: result changed from {value} to {result}"
    median = statistics.median(seconds)
    return {"name": name, "median_seconds": median, "items_per_second": rows / median, "runs": len(seconds),
            "result": str(value)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=6_001_215)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    table, exact_cents = lineitem_table(args.rows)

    duck = duckdb.connect()
    duck.execute("SET threads = 1")
    duck.register("arrow_lineitem", table)
    duck.execute("CREATE TABLE lineitem AS SELECT * FROM arrow_lineitem")  # DuckDB's own in-memory storage

    fusion = SessionContext(SessionConfig().with_target_partitions(1))
    fusion.register_record_batches("lineitem", [table.to_batches(max_chunksize=8192)])

    def duck_sum(column):
        return lambda: duck.execute(f"SELECT SUM({column}) FROM lineitem").fetchone()[0]

    def fusion_sum(column):
        return lambda: fusion.sql(f"SELECT SUM({column}) FROM lineitem").collect()[0].column(0)[0].as_py()

    def arrow_sum(column):
        chunked = table.column(column)
        return lambda: pc.sum(chunked).as_py()

    results = []
    for engine, make in [("duckdb", duck_sum), ("datafusion", fusion_sum), ("pyarrow", arrow_sum)]:
        results.append(measure(f"{engine}.sum.float64", args.rows, make("price")))
        results.append(measure(f"{engine}.sum.decimal", args.rows, make("l_extendedprice")))
        exact = str(results[-1]["result"]).replace(".", "")
        assert int(exact) == exact_cents, f"{engine} decimal sum {results[-1]['result']} != {exact_cents} cents"

    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"# {args.rows} rows; exact decimal sum {exact_cents / 100:.2f}; duckdb {duckdb.__version__}, "
          f"datafusion (python) {__import__('datafusion').__version__}, pyarrow {pa.__version__}; one thread each")
    for r in results:
        print(f"{r['name']:<28} median {r['median_seconds'] * 1000:10.3f} ms {r['items_per_second'] / 1e6:10.1f} "
              f"M items/s {r['runs']:5d} runs  result {r['result']}")


if __name__ == "__main__":
    main()
