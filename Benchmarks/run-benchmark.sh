#!/usr/bin/env bash
# Benchmarks `wslens summary FILE --format json` against a raw libpcap read of the same file
# (rawread.c) and against tshark's WebSocket dissector, alternating the three in one run.
#
#   Benchmarks/run-benchmark.sh [mixed] [small] [large] [tls]     (default: the first three)
#
# tls: the mixed capture's messages inside TLS 1.3 (mixed-tls-100MB.pcap and its key log), with
# `wslens summary --keylog` also timed on the plain mixed capture in the same rounds ("plain"):
# decrypting may cost at most 2× the plain summary.
#
# Environment: ROUNDS (default 5) runs of each tool per capture, medians reported;
# TSHARK_LARGE_ROUNDS (default 1) tshark runs on the 1 GB capture (each takes minutes and ~2 GB);
# SCRATCH (default .build-bench) the SwiftPM scratch path; REGENERATE=1 rewrites the captures;
# STATIC=0 links the Swift runtime dynamically.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/Benchmarks/out"
SCRATCH="${SCRATCH:-$ROOT/.build-bench}"
ROUNDS="${ROUNDS:-5}"
TSHARK_LARGE_ROUNDS="${TSHARK_LARGE_ROUNDS:-1}"
WHICH=("$@")
[ ${#WHICH[@]} -eq 0 ] && WHICH=(mixed small large)
mkdir -p "$OUT"

# wslens is built as a release binary is shipped on Linux: the Swift runtime linked statically
# (STATIC=0 links it dynamically, which adds about 5 ms of start-up: loading and binding the
# runtime's shared libraries).
STATIC_FLAG=(--static-swift-stdlib)
[ "${STATIC:-1}" = 0 ] && STATIC_FLAG=()
echo "== build (release${STATIC_FLAG:+, Swift runtime linked statically})"
for product in wslens benchmark-captures; do
    swift build -c release "${STATIC_FLAG[@]}" --scratch-path "$SCRATCH" --product "$product" >"$OUT/.build.log" 2>&1 || {
        grep -E "error" "$OUT/.build.log"; exit 1; }
done
BIN="$(swift build -c release "${STATIC_FLAG[@]}" --scratch-path "$SCRATCH" --show-bin-path)"
cc -O2 -o "$OUT/rawread" "$ROOT/Benchmarks/rawread.c" -lpcap

file_for() {
    case "$1" in
        mixed) echo "$OUT/mixed-100MB.pcap" ;;
        small) echo "$OUT/small-100MB.pcap" ;;
        large) echo "$OUT/mixed-1GB.pcap" ;;
        tls) echo "$OUT/mixed-tls-100MB.pcap" ;;
    esac
}

# measure LABEL FILE COMMAND... -> appends "LABEL microseconds maxrss_kB" to $RESULTS
measure() {
    local label="$1"; shift
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f '%M %U %S' -o "$OUT/.rss" "$@" >/dev/null 2>"$OUT/.stderr" || {
        echo "   $label failed:"; cat "$OUT/.stderr"; return 1; }
    end=$(date +%s%N)
    read -r rss user system < <(tail -1 "$OUT/.rss")
    echo "$label $(( (end - start) / 1000 )) $rss $user $system" >>"$RESULTS"
    printf '   %-7s %8.3f s wall  %7.2f s CPU  %8d KiB\n' "$label" "$(echo "($end - $start) / 1000000000" | bc -l)" \
        "$(echo "$user + $system" | bc -l)" "$rss"
}

echo "== machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(uname -sr)"
echo "== date: $(date -u '+%Y-%m-%d %H:%M UTC'), $("$BIN/wslens" --version 2>/dev/null || echo wslens), $(tshark --version 2>/dev/null | head -1)"

for which in "${WHICH[@]}"; do
    FILE="$(file_for "$which")"
    KEYS=()
    TSHARK_KEYS=()
    if [ "$which" = tls ]; then
        KEYS=(--keylog "${FILE%.pcap}.keys")
        TSHARK_KEYS=(-o "tls.keylog_file:${FILE%.pcap}.keys")
        PLAIN="$(file_for mixed)"
        if [ ! -f "$PLAIN" ]; then "$BIN/benchmark-captures" mixed --output "$OUT"; fi
        cat "$PLAIN" >/dev/null
    fi
    if [ ! -f "$FILE" ] || [ "${REGENERATE:-0}" = 1 ]; then
        echo "== generate $which"
        "$BIN/benchmark-captures" "$which" --output "$OUT"
    fi
    cat "$FILE" >/dev/null   # page cache warm for every tool alike
    SIZE=$(stat -c %s "$FILE")
    read -r PACKETS _ _ < <("$OUT/rawread" "$FILE")
    FRAMES=$("$BIN/wslens" summary "$FILE" "${KEYS[@]}" --format json | jq -s 'map(.fromClient.frames + .fromServer.frames) | add')
    CONNECTIONS=$("$BIN/wslens" summary "$FILE" "${KEYS[@]}" --format json | wc -l)
    echo "== $which: $FILE, $SIZE bytes, $PACKETS packets, $FRAMES WebSocket frames, $CONNECTIONS connections"
    RESULTS="$OUT/results-$which.txt"
    : >"$RESULTS"
    for round in $(seq 1 "$ROUNDS"); do
        echo " round $round"
        measure raw "$OUT/rawread" "$FILE"
        measure wslens "$BIN/wslens" summary "$FILE" "${KEYS[@]}" --format json
        [ "$which" = tls ] && measure plain "$BIN/wslens" summary "$PLAIN" --format json
        if [ "$which" != large ] || [ "$round" -le "$TSHARK_LARGE_ROUNDS" ]; then
            measure tshark tshark -r "$FILE" "${TSHARK_KEYS[@]}" -Y websocket -T fields -e frame.number -e websocket.opcode -e websocket.payload_length
        fi
    done
    python3 - "$RESULTS" "$SIZE" "$PACKETS" "$FRAMES" "$which" <<'EOF'
import statistics, sys
path, size, packets, frames, which = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
runs = {}
for line in open(path):
    label, micros, rss, user, system = line.split()
    runs.setdefault(label, []).append((int(micros) / 1e6, int(rss), float(user) + float(system)))
wall = {label: statistics.median(t for t, _, _ in values) for label, values in runs.items()}
cpu = {label: statistics.median(c for _, _, c in values) for label, values in runs.items()}
print(f"   {'tool':7} {'runs':>4} {'wall s':>8} {'CPU s':>7} {'MB/s':>8} {'packets/s':>11} {'frames/s':>11} {'peak RSS':>12} {'× raw wall':>10} {'× raw CPU':>9}")
for label in ("raw", "wslens", "plain", "tshark"):
    if label not in runs: continue
    t = wall[label]
    rss = max(r for _, r, _ in runs[label]) / 1024
    print(f"   {label:7} {len(runs[label]):4} {t:8.3f} {cpu[label]:7.2f} {size / 1e6 / t:8.1f} {packets / t:11.0f} {frames / t:11.0f} {rss:8.1f} MiB"
          f" {t / wall['raw']:10.1f} {cpu[label] / max(cpu['raw'], 0.01):9.1f}")
floor = {"mixed": 5, "small": 10}.get(which)
ratio = wall["wslens"] / wall["raw"]
if floor:
    print(f"   floor: wslens within {floor}× of raw (median wall time): {'met' if ratio <= floor else 'NOT met'} ({ratio:.1f}×)")
if which == "large":
    rss = max(r for _, r, _ in runs["wslens"]) / 1024
    print(f"   floor: wslens peak RSS under 64 MiB: {'met' if rss < 64 else 'NOT met'} ({rss:.1f} MiB)")
if which == "tls":
    tls_ratio = wall["wslens"] / wall["plain"]
    print(f"   floor: wslens summary on TLS within 2× of the plain mixed capture (median wall): {'met' if tls_ratio <= 2 else 'NOT met'} ({tls_ratio:.2f}×)")
if "tshark" in wall:
    print(f"   tshark / wslens (wall): {wall['tshark'] / wall['wslens']:.1f}×")
EOF
done
