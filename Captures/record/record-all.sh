#!/bin/bash
# Re-record the real captures in Captures/ on the loopback interface.
#
#   sudo Captures/record/record-all.sh            # all captures
#   sudo Captures/record/record-all.sh NAME ...   # some of them, e.g. chat-three-clients
#
# Needs root (packet capture) and, on Debian 12:
#   apt-get install tcpdump tshark python3-websockets node-ws chromium
# Peers: /usr/bin/python3 with Debian's python3-websockets (10.4, legacy asyncio
# API), /usr/bin/node with Debian's node-ws (8.11), Debian's chromium.
# Only 127.0.0.1 and ::1 are used; every capture has a BPF filter on its ports
# so unrelated loopback traffic stays out.  Every peer stops by itself and is
# also wrapped in `timeout`.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(dirname "$HERE")
PY=/usr/bin/python3
NODE=/usr/bin/node
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
export PYTHONDONTWRITEBYTECODE=1
WORK=$(mktemp -d /tmp/wslens-record.XXXXXX)
CAP_PID=""
CAP_FILE=""
BG_PIDS=()

cleanup() {
    local pid
    for pid in "${BG_PIDS[@]}" $CAP_PID; do
        kill "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'record-all.sh: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (packet capture)"
for tool in tcpdump dumpcap tshark ss timeout "$PY" "$NODE" chromium; do
    command -v "$tool" >/dev/null || die "missing $tool"
done

# port_free PORT...: refuse to record when something else listens there.
port_free() {
    local port
    for port in "$@"; do
        if [ -n "$(ss -Hltn "sport = :$port")" ]; then
            die "port $port is in use; stop whatever listens there and retry"
        fi
    done
}

# wait_listen PORT: wait (max 10 s) until a TCP socket listens on PORT.
# Polls with ss, so no probe connection shows up in the capture.
wait_listen() {
    local i
    for i in $(seq 100); do
        [ -n "$(ss -Hltn "sport = :$1")" ] && return 0
        sleep 0.1
    done
    die "nothing listens on port $1"
}

# wait_started LOGFILE PATTERN: wait (max 10 s) until the capture tool says it runs.
wait_started() {
    local i
    for i in $(seq 100); do
        grep -q "$2" "$1" 2>/dev/null && { sleep 0.3; return 0; }
        sleep 0.1
    done
    cat "$1" >&2
    die "capture tool did not start"
}

# tcpdump_start FILE IFACE FILTER [tcpdump options...]
tcpdump_start() {
    local file=$1 iface=$2 filter=$3
    shift 3
    rm -f "$file"
    tcpdump -i "$iface" -s 0 -U -Z root -n "$@" -w "$file" "$filter" 2>"$WORK/cap.log" &
    CAP_PID=$!
    CAP_FILE=$file
    wait_started "$WORK/cap.log" "listening on"
}

# dumpcap_start FILE IFACE FILTER   (writes pcapng)
dumpcap_start() {
    local file=$1 iface=$2 filter=$3
    rm -f "$file"
    dumpcap -i "$iface" -s 0 -f "$filter" -w "$file" 2>"$WORK/cap.log" &
    CAP_PID=$!
    CAP_FILE=$file
    wait_started "$WORK/cap.log" "Capturing on"
}

# capture_stop: short sleep so the last FIN/ACKs are in, then stop the tool.
capture_stop() {
    sleep 1
    kill -INT "$CAP_PID"
    wait "$CAP_PID" || true
    CAP_PID=""
    chmod 644 "$CAP_FILE"   # dumpcap creates 0600 files
    grep -E "captured|dropped|Packets" "$WORK/cap.log" >&2 || true
}

# bg CMD...: run a peer in the background (bounded by timeout 60).
bg() {
    timeout 60 "$@" &
    BG_PIDS+=($!)
    LAST_BG=$!
}

# wait_bg: wait for every background peer; fail if one failed.
wait_bg() {
    local pid rc=0
    for pid in "${BG_PIDS[@]}"; do
        wait "$pid" || rc=$?
    done
    BG_PIDS=()
    [ "$rc" = 0 ] || die "a peer failed (exit $rc)"
}

fg() { timeout 60 "$@"; }

# ---------------------------------------------------------------- captures

rec_python_echo_ipv4() {
    local f="$OUT/python-echo-ipv4.pcap"
    port_free 8765
    tcpdump_start "$f" lo "tcp port 8765"
    bg "$PY" "$HERE/echo.py" server --host 127.0.0.1 --port 8765
    wait_listen 8765
    fg "$PY" "$HERE/echo.py" client --uri ws://127.0.0.1:8765/echo --scenario full
    wait_bg
    capture_stop
}

rec_python_echo_ipv6() {
    local f="$OUT/python-echo-ipv6.pcapng"
    port_free 8765
    dumpcap_start "$f" lo "tcp port 8765"
    bg "$PY" "$HERE/echo.py" server --host ::1 --port 8765
    wait_listen 8765
    fg "$PY" "$HERE/echo.py" client --uri "ws://[::1]:8765/echo" --scenario short
    wait_bg
    capture_stop
}

rec_chromium_deflate() {
    local f="$OUT/chromium-deflate.pcap" profile chromium_pid
    port_free 8000 8765
    profile=$(mktemp -d "$WORK/chromium-profile.XXXXXX")
    tcpdump_start "$f" lo "tcp port 8000 or tcp port 8765"
    bg "$PY" "$HERE/chromium_server.py" --http-port 8000 --ws-port 8765
    local server_pid=$LAST_BG
    wait_listen 8000
    wait_listen 8765
    # Headless Chromium keeps running after the page is done; the server exits
    # after the WebSocket closed, then we stop Chromium ourselves.
    timeout 60 chromium --headless --no-sandbox --disable-gpu \
        --user-data-dir="$profile" --no-first-run --no-default-browser-check \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-extensions --disable-default-apps \
        http://127.0.0.1:8000/ >"$WORK/chromium.log" 2>&1 &
    chromium_pid=$!
    wait "$server_pid" || die "chromium_server.py failed"
    BG_PIDS=()
    sleep 1
    kill -TERM "$chromium_pid" 2>/dev/null || true
    wait "$chromium_pid" 2>/dev/null || true
    capture_stop
}

rec_node_ws_no_context_takeover() {
    local f="$OUT/node-ws-no-context-takeover.pcap"
    port_free 8765
    tcpdump_start "$f" lo "tcp port 8765"
    fg "$NODE" "$HERE/node_no_context_takeover.js" 8765
    capture_stop
}

rec_fragmented_ping() {
    local f="$OUT/fragmented-ping.pcap"
    port_free 8765
    tcpdump_start "$f" lo "tcp port 8765"
    bg "$PY" "$HERE/fragmented_ping.py" server --port 8765
    wait_listen 8765
    fg "$PY" "$HERE/fragmented_ping.py" client --uri ws://127.0.0.1:8765/fragments
    wait_bg
    capture_stop
}

rec_close_4000_reason() {
    local f="$OUT/close-4000-reason.pcap"
    port_free 8765
    tcpdump_start "$f" lo "tcp port 8765"
    bg "$PY" "$HERE/close_4000.py" server --port 8765
    wait_listen 8765
    fg "$PY" "$HERE/close_4000.py" client --uri ws://127.0.0.1:8765/close
    wait_bg
    capture_stop
}

rec_polling_vs_websocket() {
    local f="$OUT/polling-vs-websocket.pcap"
    port_free 8080 8765
    tcpdump_start "$f" lo "tcp port 8080 or tcp port 8765"
    bg "$PY" "$HERE/polling_vs_ws.py" http-server --port 8080
    wait_listen 8080
    fg "$PY" "$HERE/polling_vs_ws.py" http-client --port 8080
    wait_bg
    bg "$PY" "$HERE/polling_vs_ws.py" ws-server --port 8765
    wait_listen 8765
    fg "$PY" "$HERE/polling_vs_ws.py" ws-client --port 8765
    wait_bg
    capture_stop
}

rec_chat_three_clients() {
    local f="$OUT/chat-three-clients.pcap" name
    port_free 8765
    tcpdump_start "$f" lo "tcp port 8765"
    bg "$PY" "$HERE/chat.py" server --port 8765
    wait_listen 8765
    for name in alice bob carol; do
        bg "$PY" "$HERE/chat.py" client "$name" --port 8765
        sleep 0.3   # connect in a fixed order: alice, bob, carol
    done
    wait_bg
    capture_stop
}

rec_any_interface_sll2() {
    local f="$OUT/any-interface-sll2.pcap"
    port_free 8765
    tcpdump_start "$f" any "tcp port 8765" -y LINUX_SLL2
    bg "$PY" "$HERE/echo.py" server --host 127.0.0.1 --port 8765
    wait_listen 8765
    fg "$PY" "$HERE/echo.py" client --uri ws://127.0.0.1:8765/any --scenario short
    wait_bg
    capture_stop
}

# Extra: the same exchange in the older Linux cooked v1 (SLL) link type
# (tcpdump 4.99.3 / libpcap 1.10.3 write SLL2 for -i any unless told otherwise).
rec_any_interface_sll() {
    local f="$OUT/any-interface-sll.pcap"
    port_free 8765
    tcpdump_start "$f" any "tcp port 8765" -y LINUX_SLL
    bg "$PY" "$HERE/echo.py" server --host 127.0.0.1 --port 8765
    wait_listen 8765
    fg "$PY" "$HERE/echo.py" client --uri ws://127.0.0.1:8765/any --scenario short
    wait_bg
    capture_stop
}

ALL=(
    python-echo-ipv4
    python-echo-ipv6
    chromium-deflate
    node-ws-no-context-takeover
    fragmented-ping
    close-4000-reason
    polling-vs-websocket
    chat-three-clients
    any-interface-sll2
    any-interface-sll
)

main() {
    local names=("$@") name
    [ ${#names[@]} -gt 0 ] || names=("${ALL[@]}")
    for name in "${names[@]}"; do
        declare -F "rec_${name//-/_}" >/dev/null || die "unknown capture $name (known: ${ALL[*]})"
    done
    for name in "${names[@]}"; do
        log "recording $name"
        "rec_${name//-/_}"
    done
    log "done; summary (Captures/record/verify.sh):"
    "$HERE/verify.sh" "${names[@]}"
}

main "$@"
