#!/usr/bin/env bash
# Regenerates the TPC-H fixtures from the reference generator. tpchgen-cli (pip install tpchgen-cli) writes output
# byte-identical to the original dbgen; we keep only the first and last 3 lines of each SF 0.01 table and the
# SHA-256 of each whole file, so the test suite can check our generator without committing megabytes of data.
# dbgen-sf1.sha1 holds the SHA-1 of each SF 1 table as produced by the original dbgen
# (github.com/electrum/tpch-dbgen, `./dbgen -s 1`), as published in tpchgen-rs's TESTING.md; this script checks that
# tpchgen-cli reproduces them and records SHA-256 of the same SF 1 files for the slow test tier.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tpchgen-cli -s 0.01 --output-dir="$work" > /dev/null
mkdir -p sf0.01
: > sf0.01/sha256.txt
for table in part supplier partsupp customer orders lineitem nation region; do
    head -n 3 "$work/$table.tbl" > "sf0.01/$table.head.tbl"
    tail -n 3 "$work/$table.tbl" > "sf0.01/$table.tail.tbl"
    echo "$(sha256sum "$work/$table.tbl" | cut -d' ' -f1) $table $(wc -l < "$work/$table.tbl")" >> sf0.01/sha256.txt
done

tpchgen-cli -s 1 --output-dir="$work/sf1" > /dev/null
: > sf1-sha256.txt
while read -r sha1 table; do
    actual=$(sha1sum "$work/sf1/$table.tbl" | cut -d' ' -f1)
    [ "$actual" = "$sha1" ] || { echo "tpchgen-cli's $table.tbl differs from dbgen's" >&2; exit 1; }
    echo "$(sha256sum "$work/sf1/$table.tbl" | cut -d' ' -f1) $table $(wc -l < "$work/sf1/$table.tbl")" >> sf1-sha256.txt
done < dbgen-sf1.sha1
