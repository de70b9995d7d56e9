#!/bin/bash
# Makes the pcapng captures that carry their own TLS keys: each key log stored in a Decryption
# Secrets Block (DSB) of the capture, as Wireshark and `editcap --inject-secrets` store it, so that
# `wslens frames FILE.pcapng` (and Wireshark) decrypt the capture with no key log beside it.
#
#   Captures/record/inject-secrets.sh          # all of them
#
# Needs editcap (Wireshark 4.x; Debian: apt-get install tshark). The packets are copied unchanged
# (`editcap -F pcapng` first: --inject-secrets writes pcapng only); the DSB goes right after the
# section header block, the key log inside it verbatim.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CAPTURES=$(dirname "$HERE")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# inject SOURCE.pcap KEYS OUT.pcapng
inject() {
    editcap -F pcapng "$1" "$WORK/plain.pcapng"
    editcap --inject-secrets "tls,$2" "$WORK/plain.pcapng" "$3"
    chmod 644 "$3"
    local frames
    frames=$(tshark -r "$3" -Y websocket 2>/dev/null | wc -l)
    [ "$frames" -gt 0 ] || { echo "inject-secrets.sh: tshark decodes no WebSocket frame in $3 without a key log" >&2; exit 1; }
    echo "wrote $3 (tshark, keys from the file alone: $frames packets with WebSocket frames)"
}

# Part 1's TLS 1.2 recording (two connections, AES-128-GCM and AES-256-GCM), keys inside.
inject "$CAPTURES/wss/wss-tls12-aes-gcm.pcap" "$CAPTURES/wss/wss-tls12-aes-gcm.keys" "$CAPTURES/wss/wss-tls12-aes-gcm-dsb.pcapng"

# The wss lesson's captures (Lessons/11-wss.md; lessons embed only the top level of Captures/):
# part 1's Node TLS 1.3 recording as it is (its packets and its key log beside it), and the same
# packets with the key log inside.
cp "$CAPTURES/wss/wss-tls13-aes128.pcap" "$CAPTURES/wss-tls13.pcap"
cp "$CAPTURES/wss/wss-tls13-aes128.keys" "$CAPTURES/wss-tls13.keys"
chmod 644 "$CAPTURES/wss-tls13.pcap" "$CAPTURES/wss-tls13.keys"
inject "$CAPTURES/wss-tls13.pcap" "$CAPTURES/wss-tls13.keys" "$CAPTURES/wss-tls13-keys-inside.pcapng"
