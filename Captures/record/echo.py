#!/usr/bin/python3
"""Echo server and client (Python websockets, legacy asyncio API of 10.x).

Used for python-echo-ipv4.pcap (scenario "full"), python-echo-ipv6.pcapng and
any-interface-*.pcap (scenario "short").  Every peer stops by itself: the
server after its connections have closed (or a timeout), the client after
its fixed script of messages.

  echo.py server --host 127.0.0.1 --port 8765 [--deflate]
  echo.py client --uri ws://127.0.0.1:8765/echo --scenario full [--deflate]
"""
import argparse
import asyncio
import sys

import websockets


def pattern(n):
    """n deterministic bytes: 00 01 02 ... ff 00 01 ..."""
    return bytes(i % 256 for i in range(n))


SCENARIOS = {
    "full": [
        "Hello, wslens!",                     # short texts (7-bit length)
        "second message",
        "3",
        pattern(125),                         # largest 7-bit length
        pattern(126),                         # smallest 16-bit length
        pattern(200),                         # 16-bit length
        pattern(70000),                       # 64-bit length (> 65535)
        pattern(1000),                        # 16-bit length
        "Grüße aus München! Ünïcödé ✓ 👋🌍",  # UTF-8, 2-, 3- and 4-byte sequences
    ],
    "short": [
        "Hello over the loopback interface",
        pattern(300),
        "bye",
    ],
}
PING_PAYLOAD = b"wslens-ping"


async def server(host, port, deflate, connections, timeout):
    done = asyncio.get_running_loop().create_future()
    finished = 0

    async def handler(ws):
        nonlocal finished
        try:
            async for message in ws:
                await ws.send(message)
        except websockets.ConnectionClosed:
            pass
        finished += 1
        if finished >= connections and not done.done():
            done.set_result(None)

    async with websockets.serve(
        handler, host, port,
        compression="deflate" if deflate else None,
        ping_interval=None, max_size=2**20,
    ):
        print(f"echo server listening on {host}:{port}", flush=True)
        await asyncio.wait_for(done, timeout)
        # let the closing handshake and TCP close of the last connection finish
        await asyncio.sleep(0.2)


async def client(uri, scenario, deflate):
    async with websockets.connect(
        uri,
        compression="deflate" if deflate else None,
        ping_interval=None, max_size=2**20,
    ) as ws:
        for message in SCENARIOS[scenario]:
            await ws.send(message)
            echo = await ws.recv()
            assert echo == message, "echo differs"
            size = len(message.encode()) if isinstance(message, str) else len(message)
            print(f"echoed {type(message).__name__} of {size} bytes", flush=True)
        pong_waiter = await ws.ping(PING_PAYLOAD)
        await pong_waiter
        print("ping answered by pong", flush=True)
    # leaving the context manager sent close 1000 and waited for the TCP close
    print("closed", flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["server", "client"])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--uri", default="ws://127.0.0.1:8765/echo")
    p.add_argument("--scenario", choices=sorted(SCENARIOS), default="full")
    p.add_argument("--deflate", action="store_true")
    p.add_argument("--connections", type=int, default=1)
    p.add_argument("--timeout", type=float, default=30)
    a = p.parse_args()
    if a.role == "server":
        asyncio.run(server(a.host, a.port, a.deflate, a.connections, a.timeout))
    else:
        asyncio.run(asyncio.wait_for(client(a.uri, a.scenario, a.deflate), a.timeout))


if __name__ == "__main__":
    sys.exit(main())
