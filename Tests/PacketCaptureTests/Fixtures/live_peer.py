#!/usr/bin/python3
"""Live-capture test peer: a websockets echo server and a client on 127.0.0.1, in one process.

  live_peer.py PORT COUNT

Prints "ready" once the server listens. On a line "go" from standard input the client connects to
ws://127.0.0.1:PORT/live and sends COUNT texts "live message N", printing "echoed N" after each
echo; then it waits for a line "close" before it closes the connection (code 1000) and prints
"closed". So the test sees packets while the connection is still open, and decides when it ends.
Python websockets 10.4 (Debian python3-websockets, legacy asyncio API), compression and keepalive
pings off. Stops by itself after 30 s whatever happens.
"""
import asyncio
import sys

import websockets


async def echo(ws, path=None):
    try:
        async for message in ws:
            await ws.send(message)
    except websockets.ConnectionClosed:
        pass


async def read_line():
    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    return line.strip()


async def main(port, count):
    async with websockets.serve(echo, "127.0.0.1", port, compression=None, ping_interval=None):
        print("ready", flush=True)
        if await read_line() != "go":
            return
        async with websockets.connect(f"ws://127.0.0.1:{port}/live", compression=None,
                                      ping_interval=None) as ws:
            for n in range(count):
                await ws.send(f"live message {n}")
                await ws.recv()
                print(f"echoed {n}", flush=True)
            await read_line()
        print("closed", flush=True)
        await asyncio.sleep(0.2)


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8765
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    asyncio.run(asyncio.wait_for(main(port, count), 30))
