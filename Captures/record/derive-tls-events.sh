#!/bin/bash
# Derives the TLS captures that show what a capture can lack, from wss-tls13-keyupdate.pcap
# (record-tls-events.sh), with editcap (Wireshark 4.x); the key log stays the original's:
#
# wss-tls13-after-handshake.pcap  packets 14 on (editcap -r): the capture starts after the TLS
#                                 handshake, so no ClientHello names the session: nothing decrypts.
# wss-tls13-snaplen-300.pcap      every packet cut to 300 bytes (editcap -s 300), as a small snapshot
#                                 length would: the ClientHello and most records are cut short.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=$(dirname "$HERE")/tls-events
SOURCE="$DIR/wss-tls13-keyupdate.pcap"
editcap -r "$SOURCE" "$DIR/wss-tls13-after-handshake.pcap" 14-1000
editcap -s 300 "$SOURCE" "$DIR/wss-tls13-snaplen-300.pcap"
chmod 644 "$DIR"/wss-tls13-after-handshake.pcap "$DIR"/wss-tls13-snaplen-300.pcap
for file in wss-tls13-after-handshake wss-tls13-snaplen-300; do
    echo "$file.pcap: tshark decodes $(tshark -r "$DIR/$file.pcap" -o "tls.keylog_file:$DIR/wss-tls13-keyupdate.keys" -Y websocket 2>/dev/null | wc -l) packets with WebSocket frames"
done
