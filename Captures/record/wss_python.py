#!/usr/bin/python3
"""wss (WebSocket over TLS) server and client, Python websockets 10.x legacy asyncio API and the
standard ssl module (OpenSSL). Used for wss-chromium-tls13.pcap (server only; Chromium is the
client) and wss-tls12-aes-gcm.pcap (both sides).

The server listens on 127.0.0.1:PORT with the test certificate in tls/ (CN and SAN
chat.wslens.test), greets each client with a text, echoes every message, answers the text
"ping please" with a ping of its own (and "pinged" once the pong came back), and stops after
CONNECTIONS connections have closed. The client connects to 127.0.0.1 with server_hostname
chat.wslens.test (so the ClientHello carries that SNI), verifies the certificate against the
same file, sends a fixed script, pings, and closes with 1000.

Secrets go to an NSS key log through ssl.SSLContext.keylog_filename (--keylog), written by the
side that is given the option.

  wss_python.py server --port 443 [--tls 1.2|1.3] [--ciphers C] [--no-deflate] [--connections N] [--keylog F]
                       [--allow-client-renegotiation]
  wss_python.py client --port 443 [--tls 1.2|1.3] [--ciphers C] [--no-deflate] [--keylog F]
"""
import argparse
import asyncio
import os
import ssl

import websockets

HERE = os.path.dirname(os.path.abspath(__file__))
CERT = os.path.join(HERE, "tls", "server.crt")
KEY = os.path.join(HERE, "tls", "server.key")
SNI = "chat.wslens.test"


def pattern(n):
    return bytes(i % 256 for i in range(n))


def noise(n):
    """n deterministic bytes that do not compress (a linear congruential generator)."""
    out, x = bytearray(), 1
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out.append((x >> 16) & 0xFF)
    return bytes(out)


CLIENT_SCRIPT = [
    "hello over wss",
    "The same sentence twice compresses well with context takeover. " * 3,
    "The same sentence twice compresses well with context takeover. " * 3,
    "Grüße über TLS ✓",
    pattern(300),
    noise(70000),   # several TLS records (16 KiB of plaintext each at most), spanning TCP segments
    "ping please",
    "bye",
]


def context(role, tls, ciphers, keylog):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER if role == "server" else ssl.PROTOCOL_TLS_CLIENT)
    version = ssl.TLSVersion.TLSv1_2 if tls == "1.2" else ssl.TLSVersion.TLSv1_3
    ctx.minimum_version = version
    ctx.maximum_version = version
    if ciphers:
        ctx.set_ciphers(ciphers)   # TLS 1.2 and below; TLS 1.3 suites are OpenSSL's defaults
    if role == "server":
        ctx.load_cert_chain(CERT, KEY)
    else:
        ctx.load_verify_locations(CERT)
        ctx.check_hostname = True
    if keylog:
        ctx.keylog_filename = keylog
    return ctx


async def server(port, ctx, deflate, connections, timeout):
    done = asyncio.get_running_loop().create_future()
    finished = 0

    async def handler(ws):
        nonlocal finished
        try:
            await ws.send("welcome to wss://chat.wslens.test")
            async for message in ws:
                await ws.send(message)
                if message == "ping please":
                    await (await ws.ping(b"server-ping"))
                    await ws.send("pinged")
        except websockets.ConnectionClosed:
            pass
        print(f"server: closed {ws.close_code} {ws.close_reason!r}", flush=True)
        finished += 1
        if finished >= connections and not done.done():
            done.set_result(None)

    async with websockets.serve(handler, "127.0.0.1", port, ssl=ctx, ping_interval=None,
                                compression="deflate" if deflate else None):
        print(f"server: listening on 127.0.0.1:{port}", flush=True)
        await asyncio.wait_for(done, timeout)
        await asyncio.sleep(0.2)


async def client(port, ctx, deflate):
    async with websockets.connect(f"wss://127.0.0.1:{port}/chat", ssl=ctx, server_hostname=SNI,
                                  ping_interval=None, compression="deflate" if deflate else None) as ws:
        print("client: cipher", ws.transport.get_extra_info("ssl_object").cipher(), flush=True)
        print("client: got", await ws.recv(), flush=True)
        for message in CLIENT_SCRIPT:
            await ws.send(message)
            echo = await ws.recv()
            assert echo == message, (echo, message)
            if message == "ping please":
                assert await ws.recv() == "pinged"
        await (await ws.ping(b"client-ping"))
        await ws.close(1000, "done")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["server", "client"])
    p.add_argument("--port", type=int, default=443)
    p.add_argument("--tls", choices=["1.2", "1.3"], default="1.3")
    p.add_argument("--ciphers")
    p.add_argument("--no-deflate", action="store_true")
    p.add_argument("--connections", type=int, default=1)
    p.add_argument("--keylog")
    p.add_argument("--allow-client-renegotiation", action="store_true")
    p.add_argument("--timeout", type=float, default=40)
    a = p.parse_args()
    ctx = context(a.role, a.tls, a.ciphers, a.keylog)
    if a.allow_client_renegotiation:
        # OpenSSL 3.0 servers refuse a client's renegotiation (no_renegotiation alert) unless
        # SSL_OP_ALLOW_CLIENT_RENEGOTIATION (1 << 8, ssl.h) is set; Python has no name for it.
        ctx.options |= 1 << 8
    if a.role == "server":
        asyncio.run(server(a.port, ctx, not a.no_deflate, a.connections, a.timeout))
    else:
        asyncio.run(client(a.port, ctx, not a.no_deflate))


if __name__ == "__main__":
    main()
