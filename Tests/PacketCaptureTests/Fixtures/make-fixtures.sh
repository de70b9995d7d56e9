#!/bin/bash
# Re-makes the pcapng-with-secrets fixture from a bundled capture (see README.md).
#   Tests/PacketCaptureTests/Fixtures/make-fixtures.sh          # keeps tls-keylog.txt
#   NEW_KEYS=1 Tests/PacketCaptureTests/Fixtures/make-fixtures.sh   # also new random secrets
# Needs editcap (Wireshark) and, for NEW_KEYS, openssl.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [ "${NEW_KEYS:-0}" = 1 ]; then
    client_random=$(openssl rand -hex 32)
    {
        echo "# NSS key log (SSLKEYLOGFILE format) with random secrets: a fixture for the pcapng secrets walker, not the keys of any capture"
        for label in CLIENT_HANDSHAKE_TRAFFIC_SECRET SERVER_HANDSHAKE_TRAFFIC_SECRET CLIENT_TRAFFIC_SECRET_0 SERVER_TRAFFIC_SECRET_0 EXPORTER_SECRET; do
            echo "$label $client_random $(openssl rand -hex 48)"
        done
        echo "CLIENT_RANDOM $(openssl rand -hex 32) $(openssl rand -hex 48)"
    } > "$HERE/tls-keylog.txt"
fi

editcap -F pcapng "$ROOT/Captures/close-4000-reason.pcap" "$WORK/in.pcapng"
editcap --inject-secrets "tls,$HERE/tls-keylog.txt" "$WORK/in.pcapng" "$HERE/close-4000-with-secrets.pcapng"
echo "wrote $HERE/close-4000-with-secrets.pcapng"
