#!/usr/bin/env python3
"""Times SUM over the same 6,001,215 values in DuckDB and DataFusion, one thread each, in memory.

The values are those of `benchmarks arrow.sum.*`: the i-th output of SplitMix64(seed 42) modulo 10^7, as cents
(decimal(15,2)) and as cents / 100 (float64). Prints the same line format as the Swift `benchmarks` tool.

    pip install duckdb datafusion pyarrow numpy
    python3 Benchmarks/scripts/compare_sums.py
"""
import statistics
import time

import numpy as np
import pyarrow as pa

ROWS = 6_001_215


def splitmix64(seed: int, count: int) -> np.ndarray:
    """The SplitMix64 sequence, vectorised (uint64 arithmetic wraps like Swift's &+ and &*)."""
    with np.errstate(over="ignore"):
        state = np.uint64(seed) + np.arange(1, count + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        z = state
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def table() -> pa.Table:
    cents = (splitmix64(42, ROWS) % np.uint64(10_000_000)).astype(np.int64)
    floats = pa.array(cents / 100.0, type=pa.float64())
    # decimal128 values are 16-byte little-endian unscaled integers: the cents, with a zero high word.
    words = np.zeros((ROWS, 2), dtype=np.int64)
    words[:, 0] = cents
    decimals = pa.Array.from_buffers(pa.decimal128(15, 2), ROWS, [None, pa.py_buffer(words.tobytes())])
    return pa.table({"f": floats, "d": decimals})


def median_seconds(run, minimum_runs=5, minimum_seconds=1.0, maximum_runs=100):
    run()  # warm-up
    samples = []
    while len(samples) < minimum_runs or (sum(samples) < minimum_seconds and len(samples) < maximum_runs):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), len(samples)


def report(name, seconds, runs):
    print(f"{name:<28} median {seconds * 1000:.3f} ms   {ROWS / seconds / 1e6:.1f} M items/s   ({runs} runs)")


def main():
    data = table()
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads = 1")
    con.register("arrow_input", data)
    con.execute("CREATE TABLE t AS SELECT * FROM arrow_input")
    for column, name in (("f", "duckdb.sum.float64"), ("d", "duckdb.sum.decimal")):
        report(name, *median_seconds(lambda: con.execute(f"SELECT sum({column}) FROM t").fetchall()))
    print(f"  (duckdb {duckdb.__version__}: sum(f) = {con.execute('SELECT sum(f) FROM t').fetchone()[0]!r}, "
          f"sum(d) = {con.execute('SELECT sum(d) FROM t').fetchone()[0]})")

    import datafusion

    config = datafusion.SessionConfig().with_target_partitions(1)
    ctx = datafusion.SessionContext(config)
    ctx.register_record_batches("t", [data.to_batches(max_chunksize=8192)])
    for column, name in (("f", "datafusion.sum.float64"), ("d", "datafusion.sum.decimal")):
        report(name, *median_seconds(lambda: ctx.sql(f"SELECT sum({column}) FROM t").collect()))
    print(f"  (datafusion {datafusion.__version__})")


if __name__ == "__main__":
    main()
