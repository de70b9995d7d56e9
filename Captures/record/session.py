#!/usr/bin/python3
"""An echo session for the snapshot-length captures (Python websockets 10.4,
legacy asyncio API): brought/snaplen-96.pcap, snaplen-96-deflate.pcap,
snaplen-200-deflate.pcap and snaplen-200-deflate-no-context.pcap.

The client sends a fixed script, one message at a time, and waits for each
echo: ten small messages that fit whole in a 96-byte snapshot, then a
300-byte text, repeats and short texts that share words with it (with context
takeover their compressed form refers back into the 300-byte text), a 2 KB
binary message (seeded pseudo-random bytes, so deflate cannot shrink it), a
70,000-byte text, a few short texts; then a ping (the server's library answers
with a pong) and a close 1000 "bye" (the server's library echoes it and closes
TCP first).  Keepalive pings are off.

--compression: none (compression=None on both sides), deflate (websockets'
default permessage-deflate: server_max_window_bits=12, client_max_window_bits=12,
context takeover, memLevel 5), no-context (the same with
server_no_context_takeover and client_no_context_takeover).

  session.py server --port 8765 --compression deflate --log server.json
  session.py client --uri ws://127.0.0.1:8765/snaplen --compression deflate --log client.json
"""
import argparse
import asyncio
import random
import sys

import websockets
from websockets.extensions.permessage_deflate import (
    ClientPerMessageDeflateFactory, ServerPerMessageDeflateFactory)

from sentlog import SentLog

SOFTWARE = f"Python {sys.version.split()[0]} (/usr/bin/python3), websockets {websockets.version.version}"


def _exactly(text, n):
    data = text.encode()
    assert len(data) >= n
    return data[:n].decode()


PARAGRAPH = _exactly(
    "WebSocket gives a browser and a server one full-duplex communication channel over a "
    "single TCP connection. After an HTTP Upgrade handshake both sides send frames whenever "
    "they like; permessage-deflate compresses each message, and with context takeover a "
    "message may refer back to text that earlier messages carried, up to the window size.", 300)


def seeded_bytes(n, seed):
    return random.Random(seed).randbytes(n)


def seeded_text(n, seed):
    """n bytes of lines of pseudo-random numbers: deflate halves it, no more."""
    rng = random.Random(seed)
    lines, size = [], 0
    while size < n:
        line = f"row {len(lines):05d}: " + " ".join(f"{rng.random():.6f}" for _ in range(6)) + "\n"
        lines.append(line)
        size += len(line)
    return _exactly("".join(lines), n)


SCRIPT = [
    # ten small messages: a client frame is at most 2 + 4 + 24 bytes, so it fits
    # whole in the 30 payload bytes a 96-byte snapshot keeps after 66 bytes of
    # Ethernet, IPv4 and TCP (with timestamps) headers
    "hello",
    "small frame 2",
    "fits in 96 bytes",
    bytes(range(16)),
    "snapshot length",
    "tcpdump -s 96",
    "short text 7",
    "ümlaut: grüße",
    "nine",
    "ten small frames",
    # larger messages, cut by the snapshot length, and short ones after them
    PARAGRAPH,                       # 300 bytes
    "hello",                         # a repeat of the first message
    "communication channel",         # words of PARAGRAPH
    PARAGRAPH,                       # a repeat: tiny when compressed with context takeover
    seeded_bytes(2048, 2),           # 2 KB binary
    "some new words",
    seeded_text(70000, 70),          # 70,000 bytes, several TCP segments
    "hello",
    "ok, bye soon",
]
PING = b"are you there?"
CLOSE_CODE, CLOSE_REASON = 1000, "bye"


def extensions(role, compression):
    """(compression argument, extensions argument) for websockets.serve/connect."""
    if compression == "none":
        return None, None
    if compression == "deflate":
        return "deflate", None
    if role == "server":
        return None, [ServerPerMessageDeflateFactory(
            server_no_context_takeover=True, client_no_context_takeover=True,
            server_max_window_bits=12, client_max_window_bits=12, compress_settings={"memLevel": 5})]
    return None, [ClientPerMessageDeflateFactory(
        server_no_context_takeover=True, client_no_context_takeover=True,
        client_max_window_bits=True, compress_settings={"memLevel": 5})]


async def server(port, compression, log_path, timeout):
    log = SentLog(log_path, "server", SOFTWARE,
                  library_sends="the pong answering the client's ping; the close frame echoing the client's")
    done = asyncio.get_running_loop().create_future()
    comp, ext = extensions("server", compression)

    async def handler(ws):
        try:
            async for message in ws:
                log.ws("text" if isinstance(message, str) else "binary", message)
                await ws.send(message)
        except websockets.ConnectionClosed:
            pass
        await ws.wait_closed()
        if not done.done():
            done.set_result(None)

    async with websockets.serve(handler, "127.0.0.1", port, compression=comp, extensions=ext,
                                ping_interval=None, max_size=2**20):
        print(f"session server ({compression}) listening on 127.0.0.1:{port}", flush=True)
        await asyncio.wait_for(done, timeout)
        await asyncio.sleep(0.2)
    log.save()


async def client(uri, compression, log_path):
    log = SentLog(log_path, "client", SOFTWARE)
    comp, ext = extensions("client", compression)
    async with websockets.connect(uri, compression=comp, extensions=ext,
                                  ping_interval=None, max_size=2**20) as ws:
        print("negotiated:", ws.response_headers.get("Sec-WebSocket-Extensions"), flush=True)
        for message in SCRIPT:
            log.ws("text" if isinstance(message, str) else "binary", message)
            await ws.send(message)
            assert await ws.recv() == message, "echo differs"
        log.ws("ping", PING)
        await (await ws.ping(PING))
        log.ws("close", close_code=CLOSE_CODE, close_reason=CLOSE_REASON)
        await ws.close(CLOSE_CODE, CLOSE_REASON)
    print(f"sent {len(SCRIPT)} messages, ping answered, closed", flush=True)
    log.save()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["server", "client"])
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--uri", default="ws://127.0.0.1:8765/snaplen")
    p.add_argument("--compression", choices=["none", "deflate", "no-context"], default="none")
    p.add_argument("--log", required=True)
    p.add_argument("--timeout", type=float, default=30)
    a = p.parse_args()
    if a.role == "server":
        asyncio.run(server(a.port, a.compression, a.log, a.timeout))
    else:
        asyncio.run(asyncio.wait_for(client(a.uri, a.compression, a.log), a.timeout))


if __name__ == "__main__":
    main()
