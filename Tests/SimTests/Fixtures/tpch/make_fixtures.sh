#!/usr/bin/env bash
# Regenerates the TPC-H fixtures from the reference generator (see README.md). tpchgen-cli (pip install
# tpchgen-cli; 4.0.0 made the committed files) writes output byte-identical to the original dbgen; we keep only the
# first and last 3 lines of each SF 0.01 table and the SHA-256 of whole files, so the test suite can check our
# generator without committing megabytes of data.
# dbgen-sf1.sha1 holds the SHA-1 of each SF 1 table as produced by the original dbgen
# (github.com/electrum/tpch-dbgen, `./dbgen -s 1`), as published in tpchgen-rs's TESTING.md; this script checks that
# tpchgen-cli reproduces them and records SHA-256 of the same SF 1 files for the slow test tier.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tables="part supplier partsupp customer orders lineitem nation region"

# `sha256 table lines` of every table of $1 (a directory) into $2.
checksums() {
    : > "$2"
    for table in $tables; do
        echo "$(sha256sum "$1/$table.tbl" | cut -d' ' -f1) $table $(wc -l < "$1/$table.tbl")" >> "$2"
    done
}

tpchgen-cli -s 0.01 --output-dir="$work/sf0.01" > /dev/null
mkdir -p sf0.01
for table in $tables; do
    head -n 3 "$work/sf0.01/$table.tbl" > "sf0.01/$table.head.tbl"
    tail -n 3 "$work/sf0.01/$table.tbl" > "sf0.01/$table.tail.tbl"
done
checksums "$work/sf0.01" sf0.01/sha256.txt

# Other scale factors, whole tables only: the smallest standard one, and one whose supplier count (125) is not a
# multiple of 4 (partsupp's supplier formula) and whose row counts are not round.
for scale in 0.001 0.0125; do
    tpchgen-cli -s "$scale" --output-dir="$work/sf$scale" > /dev/null
    mkdir -p "sf$scale"
    checksums "$work/sf$scale" "sf$scale/sha256.txt"
done

# Parts: SF 0.01 in 7 parts (not a divisor of any table's row count), `sha256 table part lines` per file
# tpchgen-cli writes (1-based parts; it writes nation and region whole as part 1).
tpchgen-cli -s 0.01 --parts 7 --output-dir="$work/parts7" > /dev/null
: > sf0.01/parts7-sha256.txt
for table in $tables; do
    for file in "$work/parts7/$table/$table".*.tbl; do
        part=$(basename "$file" .tbl); part=${part##*.}
        echo "$(sha256sum "$file" | cut -d' ' -f1) $table $part $(wc -l < "$file")"
    done | sort -k3,3n >> sf0.01/parts7-sha256.txt
done

tpchgen-cli -s 1 --output-dir="$work/sf1" > /dev/null
while read -r sha1 table; do
    actual=$(sha1sum "$work/sf1/$table.tbl" | cut -d' ' -f1)
    [ "$actual" = "$sha1" ] || { echo "tpchgen-cli's $table.tbl differs from dbgen's" >&2; exit 1; }
done < dbgen-sf1.sha1
checksums "$work/sf1" sf1-sha256.txt
