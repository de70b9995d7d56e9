#!/usr/bin/python3
"""Fragmented messages with a ping between fragments (Python websockets 10.x).

Server: sends a text message as 4 fragments from an async generator and sends
a ping between the 2nd and 3rd fragment; then a binary message as 3 fragments
(from a list).  websockets ends every fragmented message with an empty
continuation frame carrying FIN, so the text message has 5 frames on the wire
(opcode 1 FIN=0, opcode 0 FIN=0 x3, opcode 0 FIN=1 length 0) and the binary one 4.
Client: receives both, then sends its own fragmented binary message (masked
fragments) with a ping between fragments, reads the server's summary and closes
with 1000.  Compression is off so every fragment is readable.

  fragmented_ping.py server --port 8765
  fragmented_ping.py client --uri ws://127.0.0.1:8765/fragments
"""
import argparse
import asyncio

import websockets

TEXT_FRAGMENTS = ["This message ", "arrives in ", "four fragments ", "with a ping in between."]
BINARY_FRAGMENTS = [bytes(range(0, 100)), bytes(range(100, 200)), bytes(range(200, 256))]
CLIENT_FRAGMENTS = [b"\x01" * 10, b"\x02" * 20, b"\x03" * 30]


async def fragments(ws, parts, ping_after, ping_payload):
    for i, part in enumerate(parts):
        yield part
        if i + 1 == ping_after:
            # a control frame in the middle of a fragmented message (RFC 6455 5.4)
            await ws.ping(ping_payload)


async def server(port, timeout):
    done = asyncio.get_running_loop().create_future()

    async def handler(ws):
        try:
            await ws.send(fragments(ws, TEXT_FRAGMENTS, 2, b"server ping"))
            await ws.send(BINARY_FRAGMENTS)
            reply = await ws.recv()
            await ws.send(f"server got {len(reply)} bytes: {reply[:4].hex()}...")
            await ws.wait_closed()
        except websockets.ConnectionClosed:
            pass
        if not done.done():
            done.set_result(None)

    async with websockets.serve(handler, "127.0.0.1", port, compression=None, ping_interval=None):
        print(f"fragment server listening on 127.0.0.1:{port}", flush=True)
        await asyncio.wait_for(done, timeout)
        await asyncio.sleep(0.2)


async def client(uri):
    async with websockets.connect(uri, compression=None, ping_interval=None) as ws:
        text = await ws.recv()
        assert text == "".join(TEXT_FRAGMENTS)
        print("client got text:", text, flush=True)
        data = await ws.recv()
        assert data == b"".join(BINARY_FRAGMENTS)
        print(f"client got binary of {len(data)} bytes", flush=True)
        await ws.send(fragments(ws, CLIENT_FRAGMENTS, 1, b"client ping"))
        print("client got:", await ws.recv(), flush=True)
        await ws.close(1000, "done")
    print("closed", flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["server", "client"])
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--uri", default="ws://127.0.0.1:8765/fragments")
    p.add_argument("--timeout", type=float, default=30)
    a = p.parse_args()
    if a.role == "server":
        asyncio.run(server(a.port, a.timeout))
    else:
        asyncio.run(asyncio.wait_for(client(a.uri), a.timeout))


if __name__ == "__main__":
    main()
