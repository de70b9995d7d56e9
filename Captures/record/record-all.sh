#!/bin/bash
# Re-record the real captures in Captures/ on the loopback interface.
#
#   sudo Captures/record/record-all.sh            # all captures
#   sudo Captures/record/record-all.sh NAME ...   # some of them, e.g. chat-three-clients
#   sudo Captures/record/record-all.sh --netns [NAME ...]   # inside a private network namespace
#
# Needs root (packet capture) and, on Debian 12:
#   apt-get install tcpdump tshark python3-websockets node-ws chromium
# Peers: /usr/bin/python3 with Debian's python3-websockets (10.4, legacy asyncio
# API), /usr/bin/node with Debian's node-ws (8.11), Debian's chromium.
# Only 127.0.0.1 and ::1 are used; every capture has a BPF filter on its ports
# so unrelated loopback traffic stays out.  Every peer stops by itself and is
# also wrapped in `timeout`.
set -euo pipefail

# --netns: record inside a private network namespace (as record-honest.sh always does).
if [ "${1:-}" = --netns ]; then
    shift
    if [ -z "${WSLENS_RECORD_NETNS:-}" ]; then
        WSLENS_RECORD_NETNS=1 exec unshare --net -- "$BASH" "$0" --netns "$@"
    fi
    NETNS=1
fi

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(dirname "$HERE")
. "$HERE/lib.sh"

[ "$(id -u)" = 0 ] || die "must run as root (packet capture)"
for tool in tcpdump dumpcap tshark ss timeout "$PY" "$NODE" chromium; do
    command -v "$tool" >/dev/null || die "missing $tool"
done
[ -z "${NETNS:-}" ] || setup_private_netns

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
