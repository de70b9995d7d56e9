#!/usr/bin/env bash
# Grading a class (issue 16): `wslens check FOLDER` with its default jobs (one per core) against
# `check FOLDER --jobs 1` and against thirty single `wslens check FILE` runs one after another, in
# interleaved rounds, on two folders of thirty captures:
#   bundled  the bundled and brought captures (Captures/, Captures/brought/, Captures/wss/: the first
#            thirty by path; small files, so process start-up weighs most)
#   sized    thirty generated hand-ins of HANDIN_MB megabytes (benchmark-captures mixed and small,
#            fifteen copies each; the analysis weighs most)
# Not part of CI (it builds in release mode and takes a minute or two).
#
#   Benchmarks/run-grading-benchmark.sh [bundled] [sized]     (both by default)
#
# Environment: RUNS (default 10) rounds; HANDIN_MB (default 3); BIN a folder holding
# wslens and benchmark-captures to use instead of building them; SCRATCH (default .build-bench) the
# SwiftPM scratch path.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
RUNS="${RUNS:-10}"
HANDIN_MB="${HANDIN_MB:-3}"
SCRATCH="${SCRATCH:-$ROOT/.build-bench}"
OUT="$ROOT/Benchmarks/out"
WHICH=("$@")
[ ${#WHICH[@]} -eq 0 ] && WHICH=(bundled sized)
mkdir -p "$OUT"
if [ -z "${BIN:-}" ]; then
    echo "== build (release, Swift runtime linked statically)"
    for product in wslens benchmark-captures; do
        swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product "$product" >"$OUT/.build.log" 2>&1 || {
            grep -E "error" "$OUT/.build.log"; exit 1; }
    done
    BIN="$(swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --show-bin-path)"
fi
WSLENS="$BIN/wslens"
echo "== $(nproc) cores: $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg); $("$WSLENS" --version)"

make_bundled() {
    mapfile -t captures < <(find Captures -name '*.pcap' -o -name '*.pcapng' | LC_ALL=C sort)
    for capture in "${captures[@]:0:30}"; do
        cp "$capture" "$1/$(echo "$capture" | tr / _)"
    done
}

make_sized() {
    local generated="$OUT/handin-$HANDIN_MB"
    mkdir -p "$generated"
    for profile in mixed small; do
        [ -f "$generated/$profile-${HANDIN_MB}MB.pcap" ] || \
            "$BIN/benchmark-captures" "$profile" --megabytes "$HANDIN_MB" --output "$generated" >/dev/null
    done
    for n in $(seq -w 1 15); do
        cp "$generated/mixed-${HANDIN_MB}MB.pcap" "$1/student-$n-a.pcap"
        cp "$generated/small-${HANDIN_MB}MB.pcap" "$1/student-$n-b.pcap"
    done
}

for which in "${WHICH[@]}"; do
    FOLDER="$OUT/grading-$which"
    rm -rf "$FOLDER"
    mkdir -p "$FOLDER"
    "make_$which" "$FOLDER"
    COUNT=$(ls "$FOLDER" | wc -l)
    cat "$FOLDER"/* >/dev/null   # page cache warm
    echo "== $which: $COUNT captures in $FOLDER ($(du -sh "$FOLDER" | cut -f1))"

    # The same verdicts both ways (the batch's CSV rows against the single runs' rows).
    diff <("$WSLENS" check "$FOLDER" --format csv 2>/dev/null | tail -n +2) \
         <(for f in "$FOLDER"/*; do "$WSLENS" check "$f" --format csv 2>/dev/null | tail -n +2; done) >/dev/null || {
        echo "the batch's verdicts differ from the single runs'"; exit 1; }

    # Interleaved rounds (one run of each per round, as run-benchmark.sh does), so that load from
    # other work on the machine falls on all three alike; medians of wall and CPU time.
    RESULTS="$OUT/grading-$which.txt"
    : >"$RESULTS"
    for round in $(seq 1 "$RUNS"); do
        for kind in folder jobs1 singles; do
            start=$(date +%s%N)
            case "$kind" in
                folder)  /usr/bin/time -f '%U %S' -o "$OUT/.cpu" "$WSLENS" check "$FOLDER" >/dev/null 2>&1 || true ;;
                jobs1)   /usr/bin/time -f '%U %S' -o "$OUT/.cpu" "$WSLENS" check "$FOLDER" --jobs 1 >/dev/null 2>&1 || true ;;
                singles) /usr/bin/time -f '%U %S' -o "$OUT/.cpu" bash -c \
                             'for f in "$2"/*; do "$1" check "$f" >/dev/null 2>&1; done; true' _ "$WSLENS" "$FOLDER" ;;
            esac
            end=$(date +%s%N)
            read -r user system < <(tail -1 "$OUT/.cpu")
            echo "$kind $(( (end - start) / 1000 )) $user $system" >>"$RESULTS"
        done
    done
    echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine takes cores from the parallel run)"
    python3 - "$RESULTS" "$which" "$COUNT" "$(nproc)" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
def median(kind, value):
    return statistics.median(value(r) for r in rows if r[0] == kind)
wall = {k: median(k, lambda r: int(r[1]) / 1e6) for k in ("folder", "jobs1", "singles")}
cpu = {k: median(k, lambda r: float(r[2]) + float(r[3])) for k in ("folder", "jobs1", "singles")}
runs = sum(1 for r in rows if r[0] == "folder")
print(f"   {sys.argv[2]}, medians of {runs} interleaved rounds (wall / CPU):")
for label, kind in ((f"check FOLDER (default jobs: {sys.argv[4]})", "folder"), ("check FOLDER --jobs 1", "jobs1"),
                    (f"{sys.argv[3]} single runs in a row", "singles")):
    print(f"     {label:<34} {wall[kind]:7.3f} s / {cpu[kind]:7.3f} s")
print(f"   folder / folder --jobs 1: {wall['folder'] / wall['jobs1']:.2f}x the time of one job")
ratio = wall["folder"] / wall["singles"]
print(f"   folder / single runs: {ratio:.2f}x (the issue asks for at most 0.6): {'met' if ratio <= 0.6 else 'NOT met'}")
PY
done
