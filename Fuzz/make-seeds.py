#!/usr/bin/env python3
"""Builds the fuzzers' seed corpora from ../Captures with tshark (see README.md).

pipeline: the capture files themselves, and a gzip'd copy of each (CaptureReader inflates gzip).
secrets: the pcapng captures and the pcapng fixture with a Decryption Secrets Block. tcp: every TCP segment of every stream as a FuzzTCP record.
http: each stream's bytes in packet order as FuzzHTTP chunks. websocket: each stream's bytes after
the HTTP heads (CRLFCRLF) as FuzzWebSocket chunks, with the deflate flag when it was negotiated.
tls: each stream of the wss captures (Captures/wss) behind its key log, as FuzzTLS input. keylog:
the key logs themselves.
"""
import glob, gzip, os, shutil, struct, subprocess, sys

root = os.path.dirname(os.path.abspath(__file__))
captures = sorted(glob.glob(os.path.join(root, "..", "Captures", "*.pcap*")))
fixtures = sorted(glob.glob(os.path.join(root, "..", "Tests", "PacketCaptureTests", "Fixtures", "*.pcapng")))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "corpus")
for name in ("pipeline", "tcp", "http", "websocket", "tls", "keylog", "secrets"):
    os.makedirs(os.path.join(out, name), exist_ok=True)


def chunks(pieces, first=b""):
    """pieces: [(direction 0/1, bytes)] -> control-byte framed chunks of at most 127 bytes."""
    data = bytearray(first)
    for direction, payload in pieces:
        for start in range(0, len(payload), 127):
            piece = payload[start:start + 127]
            data.append((0x80 if direction else 0) | (len(piece) - 1))
            data += piece
    return bytes(data)


for path in captures:
    base = os.path.basename(path)
    shutil.copy(path, os.path.join(out, "pipeline", base))
    with open(path, "rb") as source:
        open(os.path.join(out, "pipeline", base + ".gz"), "wb").write(gzip.compress(source.read(), mtime=0))
    if path.endswith(".pcapng"):
        shutil.copy(path, os.path.join(out, "secrets", base))
    fields = ["tcp.stream", "tcp.srcport", "tcp.seq_raw", "tcp.flags", "tcp.payload"]
    result = subprocess.run(["tshark", "-r", path, "-Y", "tcp", "-T", "fields", "-E", "occurrence=f"]
                            + sum([["-e", f] for f in fields], []), capture_output=True, text=True)
    streams = {}
    for line in result.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) < 5 or not parts[0]:
            continue
        stream, port, seq, flags, payload = parts[:5]
        streams.setdefault(int(stream), []).append((int(port), int(seq), int(flags, 16), bytes.fromhex(payload)))
    for stream, packets in streams.items():
        first_port = packets[0][0]
        records = bytearray()
        pieces = []
        for port, seq, flags, payload in packets:
            direction = 0 if port == first_port else 1
            control = direction | (0x02 if flags & 0x02 else 0) | (0x04 if flags & 0x01 else 0) \
                | (0x08 if flags & 0x04 else 0) | (0x10 if flags & 0x10 else 0) | ((stream & 3) << 5)
            records += struct.pack("<BIHB", control, seq & 0xffffffff, len(payload), 0) + payload
            if payload:
                pieces.append((direction, payload))
        tag = f"{base}-{stream}"
        open(os.path.join(out, "tcp", tag), "wb").write(bytes(records))
        if not pieces:
            continue
        open(os.path.join(out, "http", tag), "wb").write(chunks(pieces))
        # Cut each direction after its first CRLFCRLF (the HTTP head); keep the rest as WebSocket bytes.
        seen = [bytearray(), bytearray()]
        done = [False, False]
        ws = []
        for direction, payload in pieces:
            if done[direction]:
                ws.append((direction, payload))
                continue
            before = len(seen[direction])
            seen[direction] += payload
            end = seen[direction].find(b"\r\n\r\n")
            if end >= 0:
                done[direction] = True
                rest = bytes(seen[direction][end + 4:])
                if rest:
                    ws.append((direction, rest))
        if not any(done):
            ws = pieces   # no handshake in the capture: the bytes as they are
        deflate = any(b"permessage-deflate" in bytes(s) for s in seen)
        flags = (1 if deflate else 0) | (0 if any(done) else 2) | 4
        open(os.path.join(out, "websocket", tag), "wb").write(chunks(ws, bytes([flags])))

# TLS: the wss captures' streams behind their key logs (FuzzTLS: 2-byte key log length, key log, chunks).
for path in sorted(glob.glob(os.path.join(root, "..", "Captures", "wss", "*.pcap"))):
    base = os.path.basename(path)
    keys = open(path[:-len(".pcap")] + ".keys", "rb").read()
    shutil.copy(path[:-len(".pcap")] + ".keys", os.path.join(out, "keylog", base + ".keys"))
    result = subprocess.run(["tshark", "-r", path, "-Y", "tcp.len > 0", "-T", "fields", "-E", "occurrence=f",
                             "-e", "tcp.stream", "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "tcp.payload"],
                            capture_output=True, text=True)
    streams = {}
    for line in result.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) < 4 or not parts[0]:
            continue
        streams.setdefault(int(parts[0]), []).append((0 if int(parts[2]) == 443 else 1, bytes.fromhex(parts[3])))
    for stream, pieces in streams.items():
        data = chunks(pieces, len(keys).to_bytes(2, "big") + keys)
        open(os.path.join(out, "tls", f"{base}-{stream}"), "wb").write(data[:32768])

for path in fixtures:
    shutil.copy(path, os.path.join(out, "secrets", os.path.basename(path)))

for name in ("pipeline", "tcp", "http", "websocket", "tls", "keylog", "secrets"):
    print(f"{name}: {len(os.listdir(os.path.join(out, name)))} seeds")
