#!/bin/bash
# Records the rarer TLS events with real peers, WebSocket inside, into Captures/tls-events/ with their key
# logs: openssl s_client (OpenSSL 3.0) as the client, fed by ws_typist.py (the WebSocket bytes and
# s_client's one-letter commands), against wss_python.py's server (Python websockets 10.4).
#
#   sudo Captures/record/record-tls-events.sh            # all of them
#   sudo Captures/record/record-tls-events.sh wss-tls13-keyupdate
#
# wss-tls13-keyupdate   TLS 1.3; "K": the client sends KeyUpdate(update_requested), the server
#                       answers with its own KeyUpdate; both directions go on under new keys;
#                       close_notify both ways at the end.
# wss-tls12-renegotiation  TLS 1.2; "R": the client renegotiates in the middle of the WebSocket
#                       connection (a new handshake under the old keys, then new keys); the server
#                       allows it (SSL_OP_ALLOW_CLIENT_RENEGOTIATION).
# wss-tls13-hello-retry  TLS 1.3; the client offers X25519 and P-256 with a key share for X25519
#                       only (s_client -groups X25519:P-256), the server (wss_node.js, Node 20)
#                       accepts only P-256 (--ecdh-curve P-256): a HelloRetryRequest, a second
#                       ClientHello, then the session.
# wss-tls13-resumption  TLS 1.3; two connections to the Python server: the first saves the
#                       server's NewSessionTicket (s_client -sess_out), the second resumes with
#                       it (-sess_in): a PSK handshake without the certificate.
# tls13-early-data      TLS 1.3 0-RTT with openssl s_server and s_client (no WebSocket: see below).
# tls13-early-data-refused  the same, but the server that takes the second connection is started
#                       without -early_data: it refuses the early data, the client sends its
#                       request again after the handshake.
# wss-tls12-renegotiation-refused  the same against OpenSSL 3.0's default: the server answers the
#                       encrypted ClientHello with a no_renegotiation warning alert, the client gives
#                       up with a fatal handshake_failure alert.
#
# Like record-wss.sh: a private network namespace (unshare -n, loopback only), tcpdump on lo port
# 443, the test certificate in tls/, each capture checked with tshark and its key log.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(dirname "$HERE")/tls-events
PY=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
die() { printf 'record-tls-events.sh: %s\n' "$*" >&2; exit 1; }
log() { printf '== %s\n' "$*" >&2; }
[ "$(id -u)" = 0 ] || die "must run as root (network namespace, packet capture)"
for tool in unshare ip tcpdump tshark timeout ss openssl "$PY"; do command -v "$tool" >/dev/null || die "missing $tool"; done
if [ -z "${WSLENS_IN_NETNS:-}" ]; then
    exec unshare -n env WSLENS_IN_NETNS=1 bash -c 'ip link set lo up && exec bash "$0" "$@"' "$0" "$@"
fi
[ "$(ip -o link show | wc -l)" = 1 ] || die "expected a namespace with only lo"
WORK=$(mktemp -d /tmp/wslens-record-tls-events.XXXXXX)
CAP_PID=""
SERVER_PID=""
cleanup() { for pid in $SERVER_PID $CAP_PID; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

# tcpdump on lo writing $PCAP, port $1, once it listens.
start_capture() {
    tcpdump -i lo -s 0 -U -Z root -n -w "$PCAP" "tcp port $1" 2>"$WORK/cap.log" &
    CAP_PID=$!
    for _ in $(seq 100); do grep -q "listening on" "$WORK/cap.log" 2>/dev/null && break; sleep 0.1; done
    sleep 0.3
}

wait_listen() {
    for _ in $(seq 100); do [ -n "$(ss -Hltn "sport = :$1")" ] && return 0; sleep 0.1; done
    die "nothing listens on port $1"
}

# record NAME TLS-VERSION COMMAND [SERVER-OPTION...]; SERVER=node for wss_node.js (else Python),
# CLIENT_ARGS for s_client, RUNS connections (each with CLIENT_ARGS_2 from the second on).
record() {
    local name=$1 version=$2 command=$3 flag run
    shift 3
    PCAP="$OUT/$name.pcap"; KEYS="$OUT/$name.keys"
    rm -f "$PCAP" "$KEYS"
    start_capture 443
    if [ "${SERVER:-python}" = node ]; then
        timeout 60 /usr/bin/node "$HERE/wss_node.js" server --port 443 --tls "$version" "$@" &
    else
        timeout 60 "$PY" "$HERE/wss_python.py" server --port 443 --tls "$version" --no-deflate --connections "${RUNS:-1}" "$@" &
    fi
    SERVER_PID=$!
    wait_listen 443
    flag=-tls1_3; [ "$version" = 1.2 ] && flag=-tls1_2
    for run in $(seq "${RUNS:-1}"); do
        local extra=(${CLIENT_ARGS:-})
        [ "$run" -gt 1 ] && extra=(${CLIENT_ARGS_2:-})
        "$PY" "$HERE/ws_typist.py" $command | timeout 60 openssl s_client -connect 127.0.0.1:443 \
            -servername chat.wslens.test "$flag" -keylogfile "$KEYS" -CAfile "$HERE/tls/server.crt" "${extra[@]}" >"$WORK/client.log" 2>&1 || true
        grep -aE "Reused|New, TLS" "$WORK/client.log" | sort -u >&2 || true
    done
    grep -aE "KEYUPDATE|RENEGOTIATING|Protocol|Cipher is" "$WORK/client.log" | sort -u >&2 || true
    wait "$SERVER_PID" || true
    SERVER_PID=""
    sleep 1
    kill -INT "$CAP_PID"; wait "$CAP_PID" || true; CAP_PID=""
    chmod 644 "$PCAP" "$KEYS"
    local frames
    frames=$(tshark -r "$PCAP" -o "tls.keylog_file:$KEYS" -Y websocket -T fields -e websocket.opcode 2>/dev/null | tr , '\n' | grep -c . || true)
    [ "$frames" -gt 0 ] || die "$name: tshark decodes no WebSocket frame with the key log"
    log "$name: tshark decodes $frames WebSocket frames with the key log"
}

# 0-RTT needs a server that accepts early data, which neither Python's ssl nor Node offers: openssl
# s_server -early_data, so no WebSocket inside. Two connections: the first saves the session, the
# second resumes it and sends an HTTP request as early data (s_client -early_data), before its
# handshake is done. s_server writes the key log (CLIENT_EARLY_TRAFFIC_SECRET included).
record_early_data() {
    local name=${1:-tls13-early-data} refuse=${2:-}
    PCAP="$OUT/$name.pcap"; KEYS="$OUT/$name.keys"
    rm -f "$PCAP" "$KEYS"
    start_capture 4433
    openssl s_server -accept 127.0.0.1:4433 -cert "$HERE/tls/server.crt" -key "$HERE/tls/server.key" -tls1_3 \
        -early_data -keylogfile "$KEYS" -quiet >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    wait_listen 4433
    (echo "first connection"; sleep 1) | timeout 20 openssl s_client -connect 127.0.0.1:4433 -tls1_3 \
        -sess_out "$WORK/session.pem" >"$WORK/client.log" 2>&1 || true
    local client_keys=()
    if [ -n "$refuse" ]; then
        # A restarted s_server has new ticket keys: it cannot resume the saved session, so it runs a
        # full handshake and refuses the early data the client sends anyway. Only the client knows
        # the early secret then: it writes a key log of its own, appended to the server's.
        kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
        openssl s_server -accept 127.0.0.1:4433 -cert "$HERE/tls/server.crt" -key "$HERE/tls/server.key" -tls1_3 \
            -keylogfile "$KEYS" -quiet >"$WORK/server.log" 2>&1 &
        SERVER_PID=$!
        wait_listen 4433
        client_keys=(-keylogfile "$WORK/client.keys")
    fi
    printf 'GET /chat HTTP/1.1\r\nHost: x\r\n\r\n' >"$WORK/early.txt"
    (echo "after the handshake"; sleep 1) | timeout 20 openssl s_client -connect 127.0.0.1:4433 -tls1_3 \
        -sess_in "$WORK/session.pem" -early_data "$WORK/early.txt" "${client_keys[@]}" >"$WORK/client.log" 2>&1 || true
    grep -a "Early data" "$WORK/client.log" >&2 || die "$name: no early data"
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
    [ -n "$refuse" ] && grep CLIENT_EARLY_TRAFFIC_SECRET "$WORK/client.keys" >>"$KEYS"
    sleep 1
    kill -INT "$CAP_PID"; wait "$CAP_PID" || true; CAP_PID=""
    chmod 644 "$PCAP" "$KEYS"
    log "$name: tshark decrypts $(tshark -r "$PCAP" -o "tls.keylog_file:$KEYS" -Y 'frame.number == 20' -x 2>/dev/null | grep -c 'GET /chat' || true) early-data request"
}

WHICH=("$@")
[ ${#WHICH[@]} -eq 0 ] && WHICH=(wss-tls13-keyupdate wss-tls12-renegotiation wss-tls12-renegotiation-refused wss-tls13-hello-retry wss-tls13-resumption tls13-early-data)
for name in "${WHICH[@]}"; do
    case "$name" in
        wss-tls13-keyupdate) record "$name" 1.3 K ;;
        wss-tls12-renegotiation) record "$name" 1.2 R --allow-client-renegotiation ;;
        wss-tls12-renegotiation-refused) record "$name" 1.2 R ;;
        wss-tls13-hello-retry) SERVER=node CLIENT_ARGS="-groups X25519:P-256" record "$name" 1.3 "" --ecdh-curve P-256 ;;
        wss-tls13-resumption) RUNS=2 CLIENT_ARGS="-sess_out $WORK/session.pem" CLIENT_ARGS_2="-sess_in $WORK/session.pem" record "$name" 1.3 "" ;;
        tls13-early-data) record_early_data ;;
        tls13-early-data-refused) record_early_data "$name" refuse ;;
        *) die "unknown capture $name" ;;
    esac
done
