#!/usr/bin/env bash
# Builds the libFuzzer targets (instrumented with -sanitize=fuzzer,address) and runs each for SECONDS.
#
#   Fuzz/run-fuzzers.sh SECONDS [websocket] [http] [tcp] [pipeline] [tls] [keylog] [secrets]     (default: all seven)
#
# Seeds come from ../Captures (make-seeds.py, needs tshark); the growing corpus is kept in
# Fuzz/corpus/<target>, crashes and hangs in Fuzz/artifacts/, logs in Fuzz/logs/ (all git-ignored).
# Environment: PARALLEL=1 runs the targets at once instead of one after another;
# SCRATCH (default ../.build-fuzz) the SwiftPM scratch path.
set -euo pipefail

FUZZ="$(cd "$(dirname "$0")" && pwd)"
cd "$FUZZ"
SECONDS_EACH="${1:?usage: run-fuzzers.sh SECONDS [websocket|http|tcp|pipeline|tls|keylog|secrets]...}"
shift
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(websocket http tcp pipeline tls keylog secrets)
SCRATCH="${SCRATCH:-$FUZZ/../.build-fuzz}"

product() {
    case "$1" in
        websocket) echo FuzzWebSocket ;;
        http) echo FuzzHTTP ;;
        tcp) echo FuzzTCP ;;
        pipeline) echo FuzzPipeline ;;
        tls) echo FuzzTLS ;;
        keylog) echo FuzzKeyLog ;;
        secrets) echo FuzzPcapngSecrets ;;
        *) echo "unknown target $1" >&2; exit 2 ;;
    esac
}

echo "== build"
for target in "${TARGETS[@]}"; do
    swift build -c release --scratch-path "$SCRATCH" -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
        --product "$(product "$target")" 2>&1 | grep -E "error|Compiling|Build of" || true
done
BIN="$SCRATCH/release"

echo "== seeds"
python3 "$FUZZ/make-seeds.py" "$FUZZ/corpus/seeds"
mkdir -p artifacts logs

run() {
    local target="$1" name max_len
    name="$(product "$target")"
    max_len=8192
    [ "$target" = pipeline ] && max_len=32768
    [ "$target" = tls ] && max_len=32768
    [ "$target" = secrets ] && max_len=16384
    mkdir -p "corpus/$target"
    "$BIN/$name" "corpus/$target" "corpus/seeds/$target" -max_total_time="$SECONDS_EACH" -max_len="$max_len" \
        -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 -print_final_stats=1 \
        -artifact_prefix="artifacts/$target-" >"logs/$target.log" 2>&1 || true
    local runs crash
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "logs/$target.log" | tail -1)
    crash=$(grep -E "ERROR: (AddressSanitizer|libFuzzer)|Fatal error|SUMMARY|Test unit written" "logs/$target.log" | head -3 || true)
    echo "$target: ${runs:-?} executions in ${SECONDS_EACH} s, corpus $(ls "corpus/$target" | wc -l) inputs${crash:+, FINDING:}"
    [ -n "$crash" ] && echo "$crash" | sed 's/^/    /'
    return 0
}

echo "== fuzz (${SECONDS_EACH} s each)"
if [ "${PARALLEL:-0}" = 1 ]; then
    for target in "${TARGETS[@]}"; do run "$target" & done
    wait
else
    for target in "${TARGETS[@]}"; do run "$target"; done
fi
ls artifacts | sed 's/^/artifact: /' || true
