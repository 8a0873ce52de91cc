#!/usr/bin/env python3
"""Reference answers of the 22 TPC-H queries, computed by DuckDB on the data ClusterSim generates.

Usage (from anywhere in the repository):
    python3 Tests/SimTests/Fixtures/tpch-answers/make_answers.py [--scale 0.01] [--configuration debug]

Steps:
  1. builds `clustersim` with `swift build` and generates the eight tables as .tbl files
     (`clustersim data gen --scale S --format tbl --out TMP`);
  2. loads them into an in-memory DuckDB with the column types of Sources/TPCH/TPCHTable.swift (int64 -> BIGINT,
     int32 -> INTEGER, decimal(15,2) -> DECIMAL(15,2), date32 -> DATE, utf8 -> VARCHAR; every column NOT NULL),
     and checks every table's row count and total text length against the .tbl files;
  3. runs each query's text, taken from `clustersim sql --tpch N --print-sql` (query 15 is a script: CREATE VIEW,
     the query, DROP VIEW; its statements run in order), with DuckDB on one thread;
  4. writes sfS/qN.csv: a header of `name:TYPE` fields (DuckDB's type names, e.g. `revenue:DECIMAL(38,4)`), then
     the rows in DuckDB's order as RFC 4180 CSV: fields holding a comma, quote, line break, or leading or trailing
     space are quoted; an empty unquoted field is NULL and `""` is an empty string; dates are ISO; decimals carry
     every digit of their type's scale; doubles print as Python's repr (shortest text that reads back exactly).

Only the standard library and the `duckdb` package are needed (`pip install duckdb`).
"""

import argparse
import datetime
import decimal
import os
import re
import shutil
import subprocess
import sys
import tempfile

import duckdb

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
TABLE_SWIFT = os.path.join(ROOT, "Sources", "TPCH", "TPCHTable.swift")
SQL_TYPES = {
    ".int64": "BIGINT",
    ".int32": "INTEGER",
    "money": "DECIMAL(15,2)",
    ".date32": "DATE",
    ".utf8": "VARCHAR",
}


def table_schemas():
    """{table: [(column, DuckDB type)]}, read from the `case .table:` blocks of TPCHTable.swift."""
    source = open(TABLE_SWIFT, encoding="utf-8").read()
    body = source[source.index("public var schema: Schema") : source.index("func rows(")]
    schemas = {}
    for block in re.split(r"\n\s*case \.", body)[1:]:
        name = block[: block.index(":")]
        columns = re.findall(r'f\("(\w+)", (\.\w+|money)\)', block)
        schemas[name] = [(column, SQL_TYPES[kind]) for column, kind in columns]
    if sorted(schemas) != sorted(["part", "supplier", "partsupp", "customer", "orders", "lineitem", "nation", "region"]):
        sys.exit(f"could not read the eight table schemas from {TABLE_SWIFT}: found {sorted(schemas)}")
    return schemas


def build_tool(configuration):
    """Builds clustersim and returns the path of the binary."""
    subprocess.run(["swift", "build", "-c", configuration, "--product", "clustersim"], cwd=ROOT, check=True)
    bin_path = subprocess.run(
        ["swift", "build", "-c", configuration, "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    return os.path.join(bin_path, "clustersim")


def load_tables(connection, tool, scale, directory, schemas):
    """Generates the .tbl files with clustersim and loads them, checking row counts and text lengths."""
    subprocess.run([tool, "data", "gen", "--scale", str(scale), "--format", "tbl", "--out", directory], check=True)
    for table, columns in schemas.items():
        path = os.path.join(directory, table + ".tbl")
        definitions = ", ".join(f"{name} {kind} NOT NULL" for name, kind in columns)
        connection.execute(f"CREATE TABLE {table} ({definitions})")
        # Every .tbl line ends with '|': read one extra VARCHAR column and leave it out. No quoting, no escapes,
        # no trimming: dbgen text is taken verbatim.
        read_columns = ", ".join(f"'{name}': '{kind}'" for name, kind in columns) + ", 'trailing_empty': 'VARCHAR'"
        names = ", ".join(name for name, _ in columns)
        connection.execute(
            f"INSERT INTO {table} SELECT {names} FROM read_csv('{path}', delim = '|', header = false, "
            f"quote = '', escape = '', columns = {{{read_columns}}}, auto_detect = false)"
        )
        check_loaded(connection, table, columns, path)


def check_loaded(connection, table, columns, path):
    """Fails unless DuckDB holds as many rows, and as many characters of text, as the .tbl file."""
    text_columns = [index for index, (_, kind) in enumerate(columns) if kind == "VARCHAR"]
    rows = 0
    lengths = 0
    with open(path, encoding="utf-8", newline="\n") as file:
        for line in file:
            fields = line.rstrip("\n").split("|")
            rows += 1
            lengths += sum(len(fields[index]) for index in text_columns)
    length_sql = " + ".join(f"sum(length({columns[index][0]}))" for index in text_columns) or "0"
    loaded_rows, loaded_lengths = connection.execute(f"SELECT count(*), {length_sql} FROM {table}").fetchall()[0]
    if (loaded_rows, loaded_lengths or 0) != (rows, lengths):
        sys.exit(f"{table}: DuckDB loaded {loaded_rows} rows / {loaded_lengths} characters, file has {rows} / {lengths}")


def query_text(tool, number):
    """The SQL `clustersim sql --tpch N` runs."""
    return subprocess.run(
        [tool, "sql", "--tpch", str(number), "--print-sql"], check=True, capture_output=True, text=True
    ).stdout


def run_query(connection, sql):
    """Runs the statements of `sql` in order (the TPC-H texts hold no ';' in literals); returns (columns, types,
    rows) of the last query (SELECT or WITH) among them."""
    result = None
    for statement in (part.strip() for part in sql.split(";")):
        if not statement:
            continue
        if statement.split(None, 1)[0].lower() in ("select", "with"):
            relation = connection.sql(statement)
            result = (relation.columns, [str(kind) for kind in relation.types], relation.fetchall())
        else:
            connection.execute(statement).fetchall()
    if result is None:
        sys.exit("the query produced no result")
    return result


def decimal_scale(kind):
    match = re.fullmatch(r"DECIMAL\((\d+),\s*(\d+)\)", kind)
    return int(match.group(2)) if match else None


def field_text(value, kind):
    """The CSV text of one value (None for NULL), formatted as the module docstring says."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, decimal.Decimal):
        scale = decimal_scale(kind)
        if scale is not None:
            value = value.quantize(decimal.Decimal(1).scaleb(-scale))
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def csv_field(text):
    if text is None:
        return ""
    if text == "" or text != text.strip(" ") or any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_answer(path, columns, types, rows):
    lines = [",".join(csv_field(f"{name}:{kind}") for name, kind in zip(columns, types))]
    for row in rows:
        lines.append(",".join(csv_field(field_text(value, kind)) for value, kind in zip(row, types)))
    temporary = path + ".partial"
    with open(temporary, "w", encoding="utf-8", newline="\n") as file:
        file.write("\n".join(lines) + "\n")
    os.replace(temporary, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="0.01", help="TPC-H scale factor (default 0.01); writes sf<SCALE>/")
    parser.add_argument("--configuration", default="debug", choices=["debug", "release"], help="swift build -c")
    parser.add_argument("--queries", default="1-22", help="which queries, e.g. 1-22 or 3,15")
    arguments = parser.parse_args()
    numbers = []
    for part in arguments.queries.split(","):
        low, _, high = part.partition("-")
        numbers.extend(range(int(low), int(high or low) + 1))

    schemas = table_schemas()
    tool = build_tool(arguments.configuration)
    output = os.path.join(HERE, "sf" + arguments.scale)
    os.makedirs(output, exist_ok=True)
    connection = duckdb.connect()
    connection.execute("SET threads = 1")
    data = tempfile.mkdtemp(prefix="tpch-answers-")
    try:
        load_tables(connection, tool, arguments.scale, data, schemas)
    finally:
        shutil.rmtree(data)
    for number in numbers:
        columns, types, rows = run_query(connection, query_text(tool, number))
        write_answer(os.path.join(output, f"q{number}.csv"), columns, types, rows)
        print(f"q{number}: {len(rows)} rows, {', '.join(f'{c}:{t}' for c, t in zip(columns, types))}")
    print(f"DuckDB {duckdb.__version__}, scale {arguments.scale} -> {output}")


if __name__ == "__main__":
    main()
