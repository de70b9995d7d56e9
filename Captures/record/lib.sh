# Shared helpers of the recording drivers (record-all.sh, record-honest.sh).
# Sourced, not run.  The sourcing script sets HERE (this folder) and OUT (where
# the captures go) before it sources this file.
#
# Every capture: the capture tool starts first (with a BPF filter on the
# capture's ports), the peers run under `timeout`, the tool stops after the
# peers are done.

PY=/usr/bin/python3
NODE=/usr/bin/node
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
export PYTHONDONTWRITEBYTECODE=1
WORK=$(mktemp -d /tmp/wslens-record.XXXXXX)
CAP_PID=""
CAP_FILE=""
CAP_COMMAND=""   # the capture command, for the logs
CAP_STARTED=""   # epoch seconds when the capture tool said it runs
CAP_STOPPED=""   # epoch seconds just before the capture tool was told to stop
SNAPLEN=0        # tcpdump -s (0: whole packets)
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
die() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }
now() { date +%s.%N; }

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

# wait_file FILE [SECONDS]: wait (default max 20 s) until a peer creates FILE.
wait_file() {
    local i limit=$(( ${2:-20} * 20 ))
    for i in $(seq "$limit"); do
        [ -e "$1" ] && return 0
        sleep 0.05
    done
    die "no $(basename "$1") from the peers"
}

# wait_started LOGFILE PATTERN: wait (max 10 s) until the capture tool says it runs.
wait_started() {
    local i
    for i in $(seq 100); do
        grep -q "$2" "$1" 2>/dev/null && { CAP_STARTED=$(now); sleep 0.3; return 0; }
        sleep 0.1
    done
    cat "$1" >&2
    die "capture tool did not start"
}

# tcpdump_start FILE IFACE FILTER [tcpdump options...]   (snapshot length: $SNAPLEN)
tcpdump_start() {
    local file=$1 iface=$2 filter=$3
    shift 3
    rm -f "$file"
    tcpdump -i "$iface" -s "$SNAPLEN" -U -Z root -n "$@" -w "$file" "$filter" 2>"$WORK/cap.log" &
    CAP_PID=$!
    CAP_COMMAND="tcpdump -i $iface -s $SNAPLEN -U -Z root -n${*:+ $*} -w $(basename "$file") '$filter'"
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

# capture_stop [PAUSE]: sleep PAUSE seconds (default 1, so the last FIN/ACKs
# are in), then stop the tool.
capture_stop() {
    sleep "${1:-1}"
    CAP_STOPPED=$(now)
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

# in_private_netns: true when this process has a network namespace of its own
# whose only interface is lo.
in_private_netns() {
    [ "$(readlink /proc/self/ns/net)" != "$(readlink /proc/1/ns/net)" ] &&
        [ "$(ip -o link show | wc -l)" = 1 ]
}

# setup_private_netns: called first thing after a driver re-executed itself
# under `unshare --net` (a new, empty network namespace; see record-honest.sh):
# bring up lo there, so the captures can only hold our peers' loopback traffic
# and nothing can reach another host.
setup_private_netns() {
    ip link set lo up
    in_private_netns || die "not in a private network namespace with lo only"
    local addresses
    addresses=$(ip -o addr show dev lo)
    [[ $addresses == *" 127.0.0.1/"* ]] || die "lo has no 127.0.0.1"
}
