#!/bin/bash
# Record the captures "people bring" (Captures/brought/) and the lesson-10
# latency capture, each inside a private network namespace.
#
#   sudo Captures/record/record-honest.sh            # all of them, about 55 s
#   sudo Captures/record/record-honest.sh NAME ...   # some, e.g. late-start left-open
#
# The script re-executes itself under `unshare --net`, brings up lo in the new,
# empty namespace and records there: the captures can only hold our peers'
# loopback traffic, and no peer can reach another host.  Ports are therefore
# always free (8765 WebSocket, 8080 HTTP).
#
# Peers: /usr/bin/python3 with Debian's python3-websockets 10.4 (legacy asyncio
# API), small raw-socket peers on the standard library (rawws.py) where a
# library will not misbehave the way a case needs, and python3 from PATH (pyenv
# 3.11 here; set PYTHON_AIOHTTP to choose another) with pip's aiohttp for the
# HTTP-polling cases.  Every peer stops by itself and runs under `timeout`.
# Each peer logs what it sent (sentlog.py); the logs of one capture are merged
# into Captures/record/logs/NAME.json.
set -euo pipefail

if [ -z "${WSLENS_RECORD_NETNS:-}" ]; then
    [ "$(id -u)" = 0 ] || { echo "record-honest.sh: must run as root (namespaces, packet capture)" >&2; exit 1; }
    WSLENS_RECORD_NETNS=1 exec unshare --net -- "$BASH" "$0" "$@"
fi

HERE=$(cd "$(dirname "$0")" && pwd)
CAPTURES=$(dirname "$HERE")
OUT="$CAPTURES/brought"
LOGS="$HERE/logs"
. "$HERE/lib.sh"

PYA=${PYTHON_AIOHTTP:-$(command -v python3)}
for tool in tcpdump tshark ss ip timeout "$PY" "$PYA"; do
    command -v "$tool" >/dev/null || die "missing $tool"
done
"$PY" -c 'import websockets' 2>/dev/null || die "$PY has no websockets (apt-get install python3-websockets)"
"$PYA" -c 'import aiohttp' 2>/dev/null || die "$PYA has no aiohttp (pip install aiohttp, or set PYTHON_AIOHTTP)"
setup_private_netns
mkdir -p "$OUT" "$LOGS"

# merge_logs NAME FILE [--note TEXT]... : the peers' part logs ($WORK/NAME.*.json)
# into logs/NAME.json, with the capture command and its start and stop times.
merge_logs() {
    local name=$1 file=$2
    shift 2
    "$PY" "$HERE/sentlog.py" merge "$LOGS/$name.json" \
        --capture "${file#"$CAPTURES/"}" --recipe "Captures/record/record-honest.sh $name" \
        --tool "$CAP_COMMAND" --started "$CAP_STARTED" --stopped "$CAP_STOPPED" "$@" "$WORK/$name".*.json
    rm -f "$WORK/$name".*.json
}

# tcpdump here always runs with --immediate-mode: without it libpcap hands
# packets over in blocks (up to 1 s late), and the packets of the last block
# are lost when the capture is stopped right after them (left-open,
# unanswered-ping stop the tool 0.2-0.5 s after the last frame).
IMMEDIATE=--immediate-mode

# ---------------------------------------------------------------- captures

# session NAME SNAPLEN COMPRESSION: session.py's echo session cut by -s SNAPLEN.
session() {
    local name=$1 file="$OUT/$1.pcap" compression=$3
    SNAPLEN=$2
    tcpdump_start "$file" lo "tcp port 8765" $IMMEDIATE
    SNAPLEN=0
    bg "$PY" "$HERE/session.py" server --port 8765 --compression "$compression" --log "$WORK/$name.server.json"
    wait_listen 8765
    fg "$PY" "$HERE/session.py" client --uri ws://127.0.0.1:8765/snaplen --compression "$compression" \
        --log "$WORK/$name.client.json"
    wait_bg
    capture_stop
    merge_logs "$name" "$file" --note "tcpdump -s $2: every packet is cut to its first $2 bytes (frame.cap_len)"
}

rec_snaplen_96() { session snaplen-96 96 none; }
rec_snaplen_96_deflate() { session snaplen-96-deflate 96 deflate; }
rec_snaplen_200_deflate() { session snaplen-200-deflate 200 deflate; }
rec_snaplen_200_deflate_no_context() { session snaplen-200-deflate-no-context 200 no-context; }

# The capture starts after the handshake and the first two messages: the
# client creates "ready" after them, the driver starts tcpdump and then
# creates "go", on which both peers go on with their schedule.
rec_late_start() {
    local name=late-start file="$OUT/late-start.pcap"
    bg "$PY" "$HERE/chatter.py" server --port 8765 --go "$WORK/go" --log "$WORK/$name.server.json"
    wait_listen 8765
    bg "$PY" "$HERE/chatter.py" client --uri ws://127.0.0.1:8765/chat --ready "$WORK/ready" --go "$WORK/go" \
        --log "$WORK/$name.client.json"
    wait_file "$WORK/ready"
    sleep 0.2   # the ACK of the server's answer
    tcpdump_start "$file" lo "tcp port 8765" $IMMEDIATE
    touch "$WORK/go"
    wait_bg
    capture_stop
    rm -f "$WORK/ready" "$WORK/go"
    merge_logs "$name" "$file" --note "the capture tool was started after the handshake and the first exchange \
(the client's 'hello before the capture' and the server's answer): those two sends have in_capture false"
}

# The capture stops while the connection is open: the client creates "done"
# after its last scheduled message, the driver waits 0.5 s and stops tcpdump,
# then creates "stop", on which the client closes (outside the capture).
rec_left_open() {
    local name=left-open file="$OUT/left-open.pcap"
    tcpdump_start "$file" lo "tcp port 8765" $IMMEDIATE
    bg "$PY" "$HERE/chatter.py" server --port 8765 --hold "$WORK/done" "$WORK/stop" --log "$WORK/$name.server.json"
    wait_listen 8765
    bg "$PY" "$HERE/chatter.py" client --uri ws://127.0.0.1:8765/chat --hold "$WORK/done" "$WORK/stop" \
        --log "$WORK/$name.client.json"
    wait_file "$WORK/done"
    capture_stop 0.5
    touch "$WORK/stop"
    wait_bg
    rm -f "$WORK/done" "$WORK/stop"
    merge_logs "$name" "$file" --note "the capture tool was stopped 0.5 s after the last scheduled message; \
the client's close (in_capture false), the server's answer and the TCP teardown came after it"
}

rec_upgrade_refused_403() {
    local name=upgrade-refused-403 file="$OUT/upgrade-refused-403.pcap"
    tcpdump_start "$file" lo "tcp port 8765" $IMMEDIATE
    bg "$PY" "$HERE/refused.py" server --port 8765 --log "$WORK/$name.server.json"
    wait_listen 8765
    fg "$PY" "$HERE/refused.py" client --uri ws://127.0.0.1:8765/chat --log "$WORK/$name.client.json"
    wait_bg
    capture_stop
    merge_logs "$name" "$file"
}

# The server's second ping comes 0.2 s before the capture stops; the raw
# client closes only after that (on "stop").
rec_unanswered_ping() {
    local name=unanswered-ping file="$OUT/unanswered-ping.pcap"
    tcpdump_start "$file" lo "tcp port 8765" $IMMEDIATE
    bg "$PY" "$HERE/unanswered_ping.py" server --port 8765 --ping2 "$WORK/ping2" --log "$WORK/$name.server.json"
    wait_listen 8765
    bg "$PY" "$HERE/unanswered_ping.py" client --port 8765 --stop "$WORK/stop" --log "$WORK/$name.client.json"
    wait_file "$WORK/ping2"
    capture_stop 0.2
    touch "$WORK/stop"
    wait_bg
    rm -f "$WORK/ping2" "$WORK/stop"
    merge_logs "$name" "$file" --note "the capture tool was stopped 0.2 s after the server's second ping; \
the client's close (in_capture false), the server's answer and the TCP teardown came after it"
}

rec_close_answered_1001() {
    local name=close-answered-1001 file="$OUT/close-answered-1001.pcap"
    tcpdump_start "$file" lo "tcp port 8765" $IMMEDIATE
    bg "$PY" "$HERE/close_1001.py" server --port 8765 --log "$WORK/$name.server.json"
    wait_listen 8765
    fg "$PY" "$HERE/close_1001.py" client --uri ws://127.0.0.1:8765/close --log "$WORK/$name.client.json"
    wait_bg
    capture_stop
    merge_logs "$name" "$file"
}

# tcp_streams FILE: how many TCP connections tshark finds in FILE.
tcp_streams() { tshark -r "$1" -T fields -e tcp.stream 2>/dev/null | sort -u | grep -c .; }

# polls CONNECTIONS NAME STREAMS: polls_upgrade.py, checked to use STREAMS TCP connections.
polls() {
    local connections=$1 name=$2 streams=$3 file="$OUT/$2.pcap"
    tcpdump_start "$file" lo "tcp port 8080" $IMMEDIATE
    bg "$PYA" "$HERE/polls_upgrade.py" server --port 8080 --log "$WORK/$name.server.json"
    wait_listen 8080
    fg "$PYA" "$HERE/polls_upgrade.py" client --port 8080 --connections "$connections" --log "$WORK/$name.client.json"
    wait_bg
    capture_stop
    [ "$(tcp_streams "$file")" = "$streams" ] || die "$name: $(tcp_streams "$file") TCP streams, expected $streams"
    merge_logs "$name" "$file"
}

rec_polls_then_upgrade() { polls same polls-then-upgrade 1; }
rec_polls_and_upgrade_two_connections() { polls two polls-and-upgrade-two-connections 2; }

# Lesson 10: the same updates by polling (1 s) and by push, two connections.
rec_polling_vs_push_latency() {
    local name=polling-vs-push-latency file="$CAPTURES/polling-vs-push-latency.pcap"
    tcpdump_start "$file" lo "tcp port 8080" $IMMEDIATE
    bg "$PYA" "$HERE/latency.py" server --port 8080 --log "$WORK/$name.server.json"
    wait_listen 8080
    fg "$PYA" "$HERE/latency.py" client --port 8080 --log "$WORK/$name.client.json"
    wait_bg
    capture_stop
    [ "$(tcp_streams "$file")" = 2 ] || die "$name: $(tcp_streams "$file") TCP streams, expected 2"
    merge_logs "$name" "$file"
}

ALL=(
    snaplen-96
    snaplen-96-deflate
    snaplen-200-deflate
    snaplen-200-deflate-no-context
    late-start
    left-open
    upgrade-refused-403
    unanswered-ping
    close-answered-1001
    polls-then-upgrade
    polls-and-upgrade-two-connections
    polling-vs-push-latency
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
    log "the peers' logs against tshark (Captures/record/verify_logs.py):"
    "$PY" "$HERE/verify_logs.py" "${names[@]}"
}

main "$@"
