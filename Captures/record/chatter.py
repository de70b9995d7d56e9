#!/usr/bin/python3
"""A client and a server that both talk (Python websockets 10.4, legacy asyncio
API, compression off, keepalive off), for brought/late-start.pcap and
brought/left-open.pcap.

After the handshake the client says "hello before the capture" and the server
answers "welcome, before the capture".  With --ready READY --go GO the client
then creates READY, and both peers wait until the recording driver creates GO
(it starts the capture tool on READY and creates GO once the tool runs), so the
capture starts after the handshake and these first messages.  Then the peers
follow one fixed schedule, one step every 200 ms, the client on even steps and
the server on odd ones: texts, binary messages, pings each way (the other
side's library answers with a pong at once), see SCHEDULE.  Then the client
closes with 1000 "done".  With --hold DONE STOP the client leaves out the close:
it creates DONE, and both peers keep the connection open until the driver
creates STOP (after it stopped the capture tool); then the client closes.

  chatter.py server --port 8765 --log server.json [--go FILE] [--hold DONE STOP]
  chatter.py client --uri ws://127.0.0.1:8765/chat --log client.json [--ready FILE --go FILE] [--hold DONE STOP]
"""
import argparse
import asyncio
import os
import sys

import websockets

from rawws import touch, wait_for_file
from sentlog import SentLog

SOFTWARE = f"Python {sys.version.split()[0]} (/usr/bin/python3), websockets {websockets.version.version}"
STEP = 0.2
BEFORE = {"client": "hello before the capture", "server": "welcome, before the capture"}
# step -> (peer, kind, payload)
SCHEDULE = [
    ("client", "text", "first message in the capture"),
    ("server", "text", "server text 1"),
    ("client", "binary", bytes(range(8))),
    ("server", "ping", b"server ping 1"),
    ("client", "ping", b"client ping 1"),
    ("server", "binary", bytes(range(32))),
    ("client", "text", "client text 2"),
    ("server", "text", "server text 2"),
    ("client", "text", "ünïcödé ✓"),
    ("server", "ping", b"server ping 2"),
    ("client", "ping", b"client ping 2"),
    ("server", "text", "server text 3"),
    ("client", "binary", bytes(i % 256 for i in range(300))),
    ("server", "text", "server text 4"),
    ("client", "text", "last words"),
    ("server", "text", "server text 5 (last)"),
]
CLOSE_CODE, CLOSE_REASON = 1000, "done"


async def receive(ws, role):
    try:
        async for message in ws:
            size = len(message) if isinstance(message, bytes) else len(message.encode())
            print(f"{role} got {type(message).__name__} of {size} bytes", flush=True)
    except websockets.ConnectionClosed:
        pass


async def before(ws, role, log, ready):
    """The first exchange, before the capture: the client says hello, the server
    answers; then the client creates READY (the driver starts the capture)."""
    if role == "server":
        print("server got", await ws.recv(), flush=True)
    log.ws("text", BEFORE[role])
    await ws.send(BEFORE[role])
    if role == "client":
        print("client got", await ws.recv(), flush=True)
        if ready:
            touch(ready)


async def talk(ws, role, log, go, hold):
    """The shared part: the go signal, the schedule, the hold."""
    if go:
        await wait_for_file(go, 30)
    loop = asyncio.get_running_loop()
    start = loop.time()
    for step, (peer, kind, payload) in enumerate(SCHEDULE):
        if peer != role:
            continue
        await asyncio.sleep(max(0, start + step * STEP - loop.time()))
        log.ws(kind, payload)
        if kind == "ping":
            await ws.ping(payload)   # not awaited: the pong arrives while we go on
        else:
            await ws.send(payload)
    await asyncio.sleep(max(0, start + len(SCHEDULE) * STEP - loop.time()))
    if hold:
        done, stop = hold
        if role == "client":
            touch(done)
        await wait_for_file(stop, 30)


async def server(port, log_path, go, hold, timeout):
    log = SentLog(log_path, "server", SOFTWARE,
                  library_sends="a pong for every client ping; the close frame echoing the client's")
    finished = asyncio.get_running_loop().create_future()

    async def handler(ws):
        receiver = None
        try:
            await before(ws, "server", log, None)
            receiver = asyncio.create_task(receive(ws, "server"))
            await talk(ws, "server", log, go, hold)
        except websockets.ConnectionClosed:
            pass
        if receiver:
            await receiver
        if not finished.done():
            finished.set_result(None)

    async with websockets.serve(handler, "127.0.0.1", port, compression=None, ping_interval=None):
        print(f"chatter server listening on 127.0.0.1:{port}", flush=True)
        await asyncio.wait_for(finished, timeout)
        await asyncio.sleep(0.2)
    log.save()


async def client(uri, log_path, ready, go, hold):
    log = SentLog(log_path, "client", SOFTWARE, library_sends="a pong for every server ping")
    async with websockets.connect(uri, compression=None, ping_interval=None) as ws:
        await before(ws, "client", log, ready)
        receiver = asyncio.create_task(receive(ws, "client"))
        await talk(ws, "client", log, go, hold)
        log.ws("close", close_code=CLOSE_CODE, close_reason=CLOSE_REASON)
        await ws.close(CLOSE_CODE, CLOSE_REASON)
        await receiver
    log.save()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["server", "client"])
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--uri", default="ws://127.0.0.1:8765/chat")
    p.add_argument("--log", required=True)
    p.add_argument("--ready", help="client: create this file after the first exchange")
    p.add_argument("--go", help="wait for this file after the first messages")
    p.add_argument("--hold", nargs=2, metavar=("DONE", "STOP"),
                   help="leave the connection open: create DONE (client), wait for STOP")
    p.add_argument("--timeout", type=float, default=40)
    a = p.parse_args()
    if a.go and os.path.exists(a.go):
        sys.exit(f"{a.go} exists already")
    if a.role == "server":
        asyncio.run(server(a.port, a.log, a.go, a.hold, a.timeout))
    else:
        asyncio.run(asyncio.wait_for(client(a.uri, a.log, a.ready, a.go, a.hold), a.timeout))


if __name__ == "__main__":
    main()
