"""Writes the pyarrow-made Arrow IPC fixtures that Tests/SimTests/IPC reads.

Usage: python3 make_fixtures.py OUTPUT_DIRECTORY

The rows are the hand-written rows of Tests/SimTests/IPC/IPCSamples.swift, typed the same way:
  sample.arrow   file, two batches (rows 0..<6 and 6..<11)
  sample.arrows  stream, the same two batches
  sliced.arrows  stream, one batch: rows 3..<10 written from a zero-copy slice
  empty.arrow    file, the schema and zero batches
  unsupported_int8.arrows, unsupported_dictionary.arrows, unsupported_compressed.arrows
                 streams ArrowLite must reject with a clear error (int8 column, dictionary column, zstd body)
The IPC tests also run this script live (when pyarrow is installed) to test the installed pyarrow version.
"""
import datetime
import decimal
import os
import sys

import pyarrow as pa

D = decimal.Decimal
EPOCH = datetime.date(1970, 1, 1)


def day(n):
    return EPOCH + datetime.timedelta(days=n)


SCHEMA = pa.schema([
    pa.field("flag", pa.bool_()),
    pa.field("small", pa.int32()),
    pa.field("big", pa.int64()),
    pa.field("ratio", pa.float64()),
    pa.field("price", pa.decimal128(15, 2)),
    pa.field("day", pa.date32()),
    pa.field("name", pa.string()),
])

ROWS = [
    [True, 1, 10_000_000_000, 1.5, D("123.45"), day(19782), "alpha"],
    [None, -2, None, -0.25, D("-0.01"), day(0), ""],
    [False, None, -2**63, None, None, None, None],
    [True, 2**31 - 1, 2**63 - 1, 1e300, D("9999999999999.99"), day(-719162), "héllo ✓"],
    [None, None, None, None, None, None, None],
    [False, -2**31, -1, 0.0, D("-9999999999999.99"), day(-1), "b"],
    [True, 7, 7, 7.125, D("7.00"), day(7), "seven"],
    [None, 8, 8, None, D("0.08"), day(8), None],
    [False, None, 9, -9.5, None, day(2932896), "nine nine nine"],
    [True, 10, None, 1e-300, D("0.10"), None, "ten"],
    [False, 11, 11, 11.0, D("0.00"), day(11), "eleven"],
]


def table(rows):
    columns = list(zip(*rows)) if rows else [[] for _ in SCHEMA]
    return pa.table([pa.array(list(c), type=f.type) for c, f in zip(columns, SCHEMA)], schema=SCHEMA)


def write(path, batches, file_format):
    with pa.OSFile(path, "wb") as sink:
        new = pa.ipc.new_file if file_format else pa.ipc.new_stream
        with new(sink, SCHEMA) as writer:
            for batch in batches:
                writer.write_batch(batch)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    two = [table(ROWS[:6]).to_batches()[0], table(ROWS[6:]).to_batches()[0]]
    write(os.path.join(out, "sample.arrow"), two, True)
    write(os.path.join(out, "sample.arrows"), two, False)
    whole = table(ROWS).to_batches()[0]
    write(os.path.join(out, "sliced.arrows"), [whole.slice(3, 7)], False)
    write(os.path.join(out, "empty.arrow"), [], True)
    write_unsupported(out)


def write_unsupported(out):
    small = pa.table({"tiny": pa.array([1, None, 3], type=pa.int8())})
    dictionary = pa.table({"word": pa.array(["a", "b", "a"]).dictionary_encode()})
    compressed = table(ROWS)
    for name, t, options in [
        ("unsupported_int8.arrows", small, None),
        ("unsupported_dictionary.arrows", dictionary, None),
        ("unsupported_compressed.arrows", compressed, pa.ipc.IpcWriteOptions(compression="zstd")),
    ]:
        with pa.OSFile(os.path.join(out, name), "wb") as sink:
            with pa.ipc.new_stream(sink, t.schema, options=options) as writer:
                writer.write_table(t)


if __name__ == "__main__":
    main()
