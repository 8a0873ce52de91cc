#!/usr/bin/env python3
"""Times the 22 TPC-H queries on ClusterSim, DataFusion and DuckDB side by side, on the same data, in memory, on ONE
thread each, and prints a Markdown table (issue 4: every query within 3x of DataFusion; goal: a geometric mean at or
below DataFusion's).

- Data: `clustersim data gen --scale S --format tbl` (or the .tbl files of `--data DIR`), read into pyarrow Tables with
  the exact types of Sources/TPCH/TPCHTable.swift (decimal(15,2) money, date32 dates, int64 keys, int32 counts, utf8
  text). DataFusion gets them as in-memory tables in batches of 8,192 rows (its default batch size), one partition,
  `target_partitions = 1`; DuckDB copies them into its own in-memory tables (CREATE TABLE AS) with `threads = 1`.
- Queries: the texts of `clustersim sql --tpch N --print-sql` (the specification's validation parameters). Q15 is the
  specification's script: the view is created before and dropped after the timing, only its SELECT is timed on
  DataFusion and DuckDB (ClusterSim's `benchmarks` times the whole script; creating a view costs microseconds).
- Timing: one warm-up, then the median of R runs (wall clock, parse + plan + execute, result fully materialised:
  DataFusion `.collect()`, DuckDB `.to_arrow_table()`). ClusterSim's numbers come from
  `.build/release/benchmarks tpch.q --scale S --runs R --json`, whose data is generated in the same way in memory.
- The `rows` column is a sanity check: each engine's result row count (one number when all agree).

Setup: pip install pyarrow datafusion duckdb (Swift 6.3 toolchain for the rest)
Usage:
    python3 Benchmarks/scripts/compare_tpch_queries.py [--scale 1] [--runs 3] [--queries 1,3,5] [--data DIR]
        [--out FILE.md] [--no-build]
The script builds `benchmarks` and `clustersim` in release mode first (skip with --no-build).
"""
import argparse
import datetime
import json
import math
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import duckdb
import datafusion
import pyarrow as pa
import pyarrow.csv as csv
from datafusion import SessionConfig, SessionContext

ROOT = pathlib.Path(__file__).resolve().parents[2]
RELEASE = ROOT / ".build" / "release"
TARGET_RATIO = 3.0
BATCH_ROWS = 8_192

MONEY = pa.decimal128(15, 2)
KEY, COUNT, TEXT, DATE = pa.int64(), pa.int32(), pa.string(), pa.date32()
# The columns of Sources/TPCH/TPCHTable.swift, in specification order.
SCHEMAS = {
    "part": [("p_partkey", KEY), ("p_name", TEXT), ("p_mfgr", TEXT), ("p_brand", TEXT), ("p_type", TEXT),
             ("p_size", COUNT), ("p_container", TEXT), ("p_retailprice", MONEY), ("p_comment", TEXT)],
    "supplier": [("s_suppkey", KEY), ("s_name", TEXT), ("s_address", TEXT), ("s_nationkey", KEY), ("s_phone", TEXT),
                 ("s_acctbal", MONEY), ("s_comment", TEXT)],
    "partsupp": [("ps_partkey", KEY), ("ps_suppkey", KEY), ("ps_availqty", COUNT), ("ps_supplycost", MONEY),
                 ("ps_comment", TEXT)],
    "customer": [("c_custkey", KEY), ("c_name", TEXT), ("c_address", TEXT), ("c_nationkey", KEY), ("c_phone", TEXT),
                 ("c_acctbal", MONEY), ("c_mktsegment", TEXT), ("c_comment", TEXT)],
    "orders": [("o_orderkey", KEY), ("o_custkey", KEY), ("o_orderstatus", TEXT), ("o_totalprice", MONEY),
               ("o_orderdate", DATE), ("o_orderpriority", TEXT), ("o_clerk", TEXT), ("o_shippriority", COUNT),
               ("o_comment", TEXT)],
    "lineitem": [("l_orderkey", KEY), ("l_partkey", KEY), ("l_suppkey", KEY), ("l_linenumber", COUNT),
                 ("l_quantity", MONEY), ("l_extendedprice", MONEY), ("l_discount", MONEY), ("l_tax", MONEY),
                 ("l_returnflag", TEXT), ("l_linestatus", TEXT), ("l_shipdate", DATE), ("l_commitdate", DATE),
                 ("l_receiptdate", DATE), ("l_shipinstruct", TEXT), ("l_shipmode", TEXT), ("l_comment", TEXT)],
    "nation": [("n_nationkey", KEY), ("n_name", TEXT), ("n_regionkey", KEY), ("n_comment", TEXT)],
    "region": [("r_regionkey", KEY), ("r_name", TEXT), ("r_comment", TEXT)],
}


def log(text):
    print(text, file=sys.stderr, flush=True)


def run(command, **keywords):
    return subprocess.run(command, check=True, cwd=ROOT, **keywords)


def read_tbl(path, columns):
    """One .tbl file ('|'-separated, every line ends with '|', no header, no quoting, no NULLs) as a Table."""
    names = [name for name, _ in columns]
    table = csv.read_csv(
        path,
        read_options=csv.ReadOptions(column_names=names + ["_trailing"]),
        parse_options=csv.ParseOptions(delimiter="|", quote_char=False, escape_char=False),
        convert_options=csv.ConvertOptions(column_types=dict(columns), include_columns=names, null_values=[],
                                           strings_can_be_null=False, quoted_strings_can_be_null=False))
    schema = pa.schema([pa.field(name, kind, nullable=False) for name, kind in columns])
    return table.cast(schema).combine_chunks()


def query_text(number):
    """The statements of TPC-H query `number` as `clustersim sql --tpch N --print-sql` prints them."""
    text = run([str(RELEASE / "clustersim"), "sql", "--tpch", str(number), "--print-sql"],
               capture_output=True, text=True).stdout
    return [s.strip() for s in text.split(";") if s.strip()]


def split_script(statements):
    """(setup, timed query, teardown): the timed statement is the one SELECT (or WITH) of the script."""
    index = next(i for i, s in enumerate(statements) if s.split()[0].lower() in ("select", "with"))
    return statements[:index], statements[index], statements[index + 1:]


def timed(runs, execute):
    """Warm-up, then the median wall-clock seconds of `runs` runs of `execute` (which returns a row count)."""
    rows = execute()
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        execute()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), rows


def time_engine(name, queries, runs, execute_statement):
    """{number: (seconds, rows) or an error text} for one engine; `execute_statement(sql, fetch)` runs one SQL."""
    results = {}
    for number, statements in queries.items():
        setup, query, teardown = split_script(statements)
        try:
            for statement in setup:
                execute_statement(statement, False)
            results[number] = timed(runs, lambda: execute_statement(query, True))
            for statement in teardown:
                execute_statement(statement, False)
            log(f"{name} q{number:02d}: {results[number][0] * 1000:.1f} ms, {results[number][1]} rows")
        except Exception as error:  # an engine's failure is a table cell, not the end of the comparison
            results[number] = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
            log(f"{name} q{number:02d} failed: {results[number]}")
    return results


def datafusion_engine(tables):
    context = SessionContext(SessionConfig().with_target_partitions(1))
    for name, table in tables.items():
        context.register_record_batches(name, [table.to_batches(max_chunksize=BATCH_ROWS)])

    def execute(sql, fetch):
        batches = context.sql(sql).collect()
        return sum(batch.num_rows for batch in batches)
    return execute


def duckdb_engine(tables):
    connection = duckdb.connect(":memory:")
    connection.execute("SET threads = 1")
    for name, table in tables.items():
        connection.register(f"{name}_arrow", table)
        connection.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_arrow")
        connection.unregister(f"{name}_arrow")

    def execute(sql, fetch):
        if not fetch:
            connection.execute(sql)
            return 0
        return connection.sql(sql).to_arrow_table().num_rows
    return execute


def clustersim_results(numbers, scale, runs):
    """{number: (seconds, rows) or an error text} from the `benchmarks` executable (one process, data made once).
    Rows are items_per_second x median_seconds (the harness counts a result's rows, at least 1)."""
    def call(prefixes):
        command = [str(RELEASE / "benchmarks"), *prefixes, "--scale", scale, "--runs", str(runs), "--json"]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed")
        return {int(m["name"].removeprefix("tpch.q")): (m["median_seconds"],
                round(m["items_per_second"] * m["median_seconds"])) for m in json.loads(done.stdout)}
    try:
        return call([f"tpch.q{n:02d}" for n in numbers])
    except RuntimeError as error:  # one failing query stops the harness: measure the others one by one
        log(f"clustersim: {error}; running the queries one at a time")
    results = {}
    for number in numbers:
        try:
            results.update(call([f"tpch.q{number:02d}"]))
        except RuntimeError as error:
            results[number] = str(error)
    return results


def machine_lines(scale, runs, data):
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    swift = run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    commit = run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    return [
        f"- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}; ClusterSim commit {commit}",
        f"- Machine: {os.cpu_count()} CPUs (nproc), {cpu}, {platform.system()} {platform.release()}",
        f"- Versions: {swift}; DataFusion {datafusion.__version__}; DuckDB {duckdb.__version__}; "
        f"pyarrow {pa.__version__}; Python {platform.python_version()}",
        f"- TPC-H scale factor {scale}, data in memory ({data}); one thread each (ClusterSim one partition, "
        f"DataFusion target_partitions=1, DuckDB threads=1); median of {runs} runs after one warm-up; Q15 times the "
        f"SELECT of the view script on DataFusion and DuckDB, the whole script on ClusterSim",
    ]


def markdown(numbers, ours, fusion, duck, header):
    def milliseconds(cell):
        return f"{cell[0] * 1000:.1f}" if isinstance(cell, tuple) else "error"

    def ratio(a, b):
        return f"{a[0] / b[0]:.2f}" if isinstance(a, tuple) and isinstance(b, tuple) else "–"

    lines = header + ["", "| Query | ClusterSim ms | DataFusion ms | DuckDB ms | ClusterSim/DataFusion | "
                      "ClusterSim/DuckDB | rows (CS/DF/DuckDB) | within 3× DF |",
                      "|---|--:|--:|--:|--:|--:|--:|:-:|"]
    notes = []
    for n in numbers:
        cells = (ours[n], fusion[n], duck[n])
        counts = [c[1] for c in cells if isinstance(c, tuple)]
        # The harness counts an empty result as 1 row.
        same = len(set(counts)) <= 1 or (isinstance(ours[n], tuple) and ours[n][1] == 1 and set(counts[1:]) == {0})
        rows = str(counts[0]) if same and counts else "/".join(str(c[1]) if isinstance(c, tuple) else "–"
                                                              for c in cells) + " ⚠"
        flag = "–"
        if isinstance(ours[n], tuple) and isinstance(fusion[n], tuple):
            flag = "✗" if ours[n][0] > TARGET_RATIO * fusion[n][0] else "✓"
        lines.append(f"| Q{n} | {milliseconds(ours[n])} | {milliseconds(fusion[n])} | {milliseconds(duck[n])} | "
                     f"{ratio(ours[n], fusion[n])} | {ratio(ours[n], duck[n])} | {rows} | {flag} |")
        notes += [f"- Q{n} {engine}: {cell}" for engine, cell in zip(("ClusterSim", "DataFusion", "DuckDB"), cells)
                  if not isinstance(cell, tuple)]
    complete = [n for n in numbers if all(isinstance(c[n], tuple) for c in (ours, fusion, duck))]
    if complete:
        means = [math.exp(statistics.fmean(math.log(c[n][0]) for n in complete)) for c in (ours, fusion, duck)]
        lines.append(f"| **geometric mean** ({len(complete)} queries) | **{means[0] * 1000:.1f}** | "
                     f"**{means[1] * 1000:.1f}** | **{means[2] * 1000:.1f}** | **{means[0] / means[1]:.2f}** | "
                     f"**{means[0] / means[2]:.2f}** | | {'✓' if means[0] <= means[1] else '✗'} goal ≤ DF |")
    flagged = [f"Q{n}" for n in numbers if isinstance(ours[n], tuple) and isinstance(fusion[n], tuple)
               and ours[n][0] > TARGET_RATIO * fusion[n][0]]
    lines += ["", f"Over 3× DataFusion (✗): {', '.join(flagged) if flagged else 'none'}."]
    if notes:
        lines += ["", "Failures:"] + notes
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="1", help="TPC-H scale factor (default 1)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per query after one warm-up (default 3)")
    parser.add_argument("--queries", default="1-22", help="comma-separated query numbers, e.g. 1,3,5 (default all)")
    parser.add_argument("--data", help="a directory with the eight .tbl files of this scale (default: generate them)")
    parser.add_argument("--out", help="also write the Markdown table to this file")
    parser.add_argument("--no-build", action="store_true", help="use the existing release build")
    args = parser.parse_args()
    try:
        numbers = list(range(1, 23)) if args.queries == "1-22" else sorted({int(q) for q in args.queries.split(",")})
    except ValueError:
        numbers = [0]
    if not all(1 <= n <= 22 for n in numbers) or args.runs < 1:
        parser.error("--queries takes numbers from 1 to 22; --runs a positive integer")
    if not args.no_build:
        for product in ("benchmarks", "clustersim"):
            log(f"building {product} (release)")
            run(["swift", "build", "-c", "release", "--product", product], stdout=subprocess.DEVNULL)
    queries = {n: query_text(n) for n in numbers}
    with tempfile.TemporaryDirectory(prefix="tpch-tbl-") as scratch:
        data = pathlib.Path(args.data) if args.data else pathlib.Path(scratch)
        if not args.data:
            log(f"generating SF {args.scale} .tbl files in {data}")
            run([str(RELEASE / "clustersim"), "data", "gen", "--scale", args.scale, "--format", "tbl",
                 "--out", str(data)], stdout=subprocess.DEVNULL)
        log("loading .tbl files into Arrow")
        tables = {name: read_tbl(data / f"{name}.tbl", columns) for name, columns in SCHEMAS.items()}
    log(f"ClusterSim: benchmarks tpch.q --scale {args.scale} --runs {args.runs}")
    ours = clustersim_results(numbers, args.scale, args.runs)
    fusion = time_engine("DataFusion", queries, args.runs, datafusion_engine(tables))
    duck = time_engine("DuckDB", queries, args.runs, duckdb_engine(tables))
    header = machine_lines(args.scale, args.runs, f"--data {args.data}" if args.data else "generated by clustersim")
    text = markdown(numbers, ours, fusion, duck, [f"## TPC-H SF {args.scale}: ClusterSim vs DataFusion vs DuckDB",
                                                  ""] + header)
    print(text, end="")
    if args.out:
        temporary = pathlib.Path(args.out).with_suffix(".tmp")
        temporary.write_text(text)
        temporary.replace(args.out)  # never a half-written file


if __name__ == "__main__":
    main()
