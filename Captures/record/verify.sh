#!/bin/bash
# Summarise the captures as tshark sees them: link type, packets, TCP streams,
# WebSocket frames (several frames in one packet are counted one by one).
#   Captures/record/verify.sh [NAME...]     (NAME without extension; default: all,
#                                            Captures/brought/ and Captures/wss/ included;
#                                            a capture with a NAME.keys beside it is decrypted)
#   VERBOSE=1 Captures/record/verify.sh NAME   also lists every frame
set -euo pipefail
DIR=$(cd "$(dirname "$0")/.." && pwd)
files=()
if [ $# -eq 0 ]; then
    files=("$DIR"/*.pcap "$DIR"/*.pcapng "$DIR"/brought/*.pcap "$DIR"/wss/*.pcap)
else
    for n in "$@"; do
        for f in "$DIR/$n.pcap" "$DIR/$n.pcapng" "$DIR/brought/$n.pcap" "$DIR/wss/$n.pcap"; do [ -e "$f" ] && files+=("$f"); done
    done
fi
ts() { tshark "$@" 2>/dev/null; }
printf '%-48s %-10s %7s %7s %9s\n' file linktype packets streams wsframes
for f in "${files[@]}"; do
    [ -e "$f" ] || continue
    keys=()
    [ -e "${f%.*}.keys" ] && keys=(-o "tls.keylog_file:${f%.*}.keys")
    link=$(capinfos -T -E "$f" 2>/dev/null | tail -1 | cut -f2)
    packets=$(capinfos -T -c "$f" 2>/dev/null | tail -1 | cut -f2)
    streams=$(ts -r "$f" -T fields -e tcp.stream | sort -u | grep -c . || true)
    frames=$(ts -r "$f" "${keys[@]}" -Y websocket -T fields -e websocket.opcode | tr ',' '\n' | grep -c . || true)
    printf '%-48s %-10s %7s %7s %9s\n' "${f#"$DIR/"}" "$link" "$packets" "$streams" "$frames"
    if [ "${VERBOSE:-}" = 1 ]; then
        ts -r "$f" "${keys[@]}" -Y websocket -T fields -e frame.number -e tcp.stream -e websocket.opcode \
            -e websocket.payload_length -e websocket.fin
    fi
done
