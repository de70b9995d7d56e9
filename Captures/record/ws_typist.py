#!/usr/bin/python3
"""Feeds `openssl s_client` on its standard input with a WebSocket client's bytes, chunk by chunk
with pauses, so that s_client reads each chunk alone: the opening handshake, masked frames, and
between them s_client's own one-letter commands on a line of their own, which s_client does not
send but acts on (OpenSSL 3.0: "K" = TLS 1.3 KeyUpdate asking the peer to update too, "k" = a
KeyUpdate of its own only, "R" = TLS 1.2 renegotiation). Used by record-tls-events.sh.

  ws_typist.py COMMAND...      e.g. ws_typist.py K      (the command goes between the messages)
"""
import os
import sys
import time

KEY = "dGhlIHNhbXBsZSBub25jZQ=="   # RFC 6455's example key


def frame(opcode, payload, mask):
    header = bytes([0x80 | opcode])
    length = len(payload)
    if length < 126:
        header += bytes([0x80 | length])
    elif length < 65536:
        header += bytes([0x80 | 126]) + length.to_bytes(2, "big")
    else:
        header += bytes([0x80 | 127]) + length.to_bytes(8, "big")
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def put(data, pause=0.4):
    os.write(1, data)
    time.sleep(pause)


def main():
    commands = sys.argv[1:]
    put(("GET /chat HTTP/1.1\r\nHost: chat.wslens.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         f"Sec-WebSocket-Key: {KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode(), 0.8)
    put(frame(1, b"before the key change", b"\x11\x22\x33\x44"))
    for command in commands:
        put(command.encode() + b"\n", 0.8)
        put(frame(1, f"after {command}".encode(), b"\x55\x66\x77\x08"))
    put(frame(2, bytes(i % 256 for i in range(20000)), b"\x09\x0a\x0b\x0c"))
    put(frame(8, (1000).to_bytes(2, "big") + b"done", b"\x0d\x0e\x0f\x10"), 1.0)
    # End of input: s_client sends close_notify and quits.


main()
