#!/usr/bin/python3
"""Server-initiated close with an application code (Python websockets 10.x).

The client says hello and posts a message; the server answers, then closes
with code 4000 (private use, RFC 6455 7.4.2) and the reason "bye: policy".
The client's websockets library echoes the close frame (same code and
reason), then the server closes TCP first.

  close_4000.py server --port 8765
  close_4000.py client --uri ws://127.0.0.1:8765/close
"""
import argparse
import asyncio

import websockets

CODE, REASON = 4000, "bye: policy"


async def server(port, timeout):
    done = asyncio.get_running_loop().create_future()

    async def handler(ws):
        try:
            hello = await ws.recv()
            await ws.send(f"welcome, you said {hello!r}")
            post = await ws.recv()
            await ws.send(f"rejected: {post!r} breaks the room policy")
            await ws.close(CODE, REASON)
        except websockets.ConnectionClosed:
            pass
        if not done.done():
            done.set_result(None)

    async with websockets.serve(handler, "127.0.0.1", port, compression=None, ping_interval=None):
        print(f"close server listening on 127.0.0.1:{port}", flush=True)
        await asyncio.wait_for(done, timeout)
        await asyncio.sleep(0.2)


async def client(uri):
    async with websockets.connect(uri, compression=None, ping_interval=None) as ws:
        await ws.send("hello")
        print("client got:", await ws.recv(), flush=True)
        await ws.send("BUY CHEAP STUFF")
        print("client got:", await ws.recv(), flush=True)
        try:
            await ws.recv()
        except websockets.ConnectionClosed as e:
            print(f"closed by server: code {e.rcvd.code} reason {e.rcvd.reason!r}", flush=True)
            assert (e.rcvd.code, e.rcvd.reason) == (CODE, REASON)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["server", "client"])
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--uri", default="ws://127.0.0.1:8765/close")
    p.add_argument("--timeout", type=float, default=30)
    a = p.parse_args()
    if a.role == "server":
        asyncio.run(server(a.port, a.timeout))
    else:
        asyncio.run(asyncio.wait_for(client(a.uri), a.timeout))


if __name__ == "__main__":
    main()
