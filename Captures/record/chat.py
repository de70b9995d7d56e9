#!/usr/bin/python3
"""A seminar-style chat: a broadcast server and three clients (websockets 10.x).

Each client connects to ws://127.0.0.1:8765/chat/NAME.  When the third client
has joined, the server broadcasts "* alice, bob and carol are here"; from that
message on, each client sends its lines on a fixed schedule (200 ms apart,
interleaved alice, bob, carol, ...).  The server broadcasts every line as
"NAME: text" to all three clients (the sender too).  A client closes (1000)
once it has received all 9 messages; the server stops when all have left.
Compression is off.

  chat.py server --port 8765
  chat.py client alice --port 8765      (and bob, carol)
"""
import argparse
import asyncio

import websockets

NAMES = ["alice", "bob", "carol"]
# name -> [(seconds after the "are here" message, text)]
SCRIPT = {
    "alice": [(0.2, "Hi everyone!"), (0.8, "Did you all get the slides?"), (1.4, "See you next week.")],
    "bob": [(0.4, "Hello Alice, hello Carol."), (1.0, "Yes, thanks!"), (1.6, "Bye 👋")],
    "carol": [(0.6, "Hey! Ready for the WebSocket seminar?"), (1.2, "Got them too.")],
}
TOTAL = 1 + sum(len(lines) for lines in SCRIPT.values())


async def server(port, timeout):
    members = {}
    left = 0
    done = asyncio.get_running_loop().create_future()

    async def handler(ws, path):
        nonlocal left
        name = path.rsplit("/", 1)[-1]
        members[name] = ws
        try:
            if len(members) == len(NAMES):
                websockets.broadcast(list(members.values()), "* alice, bob and carol are here")
            async for line in ws:
                websockets.broadcast(list(members.values()), f"{name}: {line}")
        except websockets.ConnectionClosed:
            pass
        finally:
            left += 1
            if left == len(NAMES) and not done.done():
                done.set_result(None)

    async with websockets.serve(handler, "127.0.0.1", port, compression=None, ping_interval=None):
        print(f"chat server listening on 127.0.0.1:{port}", flush=True)
        await asyncio.wait_for(done, timeout)
        await asyncio.sleep(0.2)


async def client(name, port):
    async with websockets.connect(f"ws://127.0.0.1:{port}/chat/{name}",
                                  compression=None, ping_interval=None) as ws:
        first = await ws.recv()
        print(f"[{name}] {first}", flush=True)

        async def say():
            start = asyncio.get_running_loop().time()
            for at, text in SCRIPT[name]:
                await asyncio.sleep(max(0, start + at - asyncio.get_running_loop().time()))
                await ws.send(text)

        sender = asyncio.create_task(say())
        for _ in range(TOTAL - 1):
            print(f"[{name}] {await ws.recv()}", flush=True)
        await sender
        await ws.close(1000, "")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["server", "client"])
    p.add_argument("name", nargs="?", choices=NAMES)
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--timeout", type=float, default=30)
    a = p.parse_args()
    if a.role == "server":
        asyncio.run(server(a.port, a.timeout))
    else:
        asyncio.run(asyncio.wait_for(client(a.name, a.port), a.timeout))


if __name__ == "__main__":
    main()
