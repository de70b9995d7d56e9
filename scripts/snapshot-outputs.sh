#!/usr/bin/env bash
# Writes what every command prints, in every format, on every bundled capture, to one file per
# (command, capture, format) in OUTDIR, so that a change meant to alter no output can be checked:
#
#   scripts/snapshot-outputs.sh .build/debug/wslens /tmp/before
#   ... change ...
#   scripts/snapshot-outputs.sh .build/debug/wslens /tmp/after && diff -r /tmp/before /tmp/after
#
# Extra arguments after OUTDIR are added to every capture command (e.g. --filter 'tcp port 8765').
set -euo pipefail
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
OUT=$2
shift 2
cd "$(dirname "$0")/.."
rm -rf "$OUT"
mkdir -p "$OUT"
export NO_COLOR=1 LANG=C.UTF-8 COLUMNS=100
unset LC_ALL LC_MESSAGES
for capture in Captures/*.pcap Captures/*.pcapng; do
    name=$(basename "$capture")
    for format in text json markdown; do
        for command in streams summary frames messages check overhead ladder; do
            "$BIN" "$command" "$capture" --format "$format" "$@" >"$OUT/$command-$name.$format" 2>&1 || echo "exit $?" >>"$OUT/$command-$name.$format"
        done
        frames=$("$BIN" frames "$capture" --format json "$@" | wc -l)
        for ((frame = 0; frame < frames && frame < 40; frame++)); do
            "$BIN" explain "$capture" --frame "$frame" --format "$format" "$@" >>"$OUT/explain-$name.$format" 2>&1 || echo "exit $?" >>"$OUT/explain-$name.$format"
        done
    done
    "$BIN" report "$capture" "$@" >"$OUT/report-$name.html" 2>&1 || echo "exit $?" >>"$OUT/report-$name.html"
done
for format in text json markdown; do
    { "$BIN" mask cs.hm.edu --key 3c2e3f4a --format "$format"; "$BIN" unmask 5f5d112251005a2e49 --key 3c2e3f4a --format "$format"
      "$BIN" accept E4WSEcseoWr4csPLS2QJHA== --format "$format"; } >"$OUT/teaching.$format" 2>&1
    for lesson in $(seq 1 20); do
        "$BIN" lesson "$lesson" --format "$format" >>"$OUT/lessons.$format" 2>&1 || true
    done
done
echo "wrote $(ls "$OUT" | wc -l) files to $OUT"
