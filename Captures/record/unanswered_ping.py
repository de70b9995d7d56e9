#!/usr/bin/python3
"""A ping the client never answers, for brought/unanswered-ping.pcap.

Server: Python websockets 10.4 (legacy asyncio API, compression off,
keepalive off) echoes every text as "echo: TEXT".  After the client's 2nd
message it sends the ping "are you there?"; after the 14th (3.6 s later, with
twelve more messages and echoes in between) it sends a second ping
"still there?" and creates PING2; the recording driver stops the capture 0.2 s
later, then creates STOP.
Client: a raw-socket peer (rawws.py) that does the handshake, sends "message
1" ... "message 14" 300 ms apart (masked, a fresh random key per frame) and
reads everything, but never answers a ping: that is the misbehaviour recorded
here, and no library client would do it.  On STOP it closes with 1000.

  unanswered_ping.py server --port 8765 --ping2 FILE --log server.json
  unanswered_ping.py client --port 8765 --stop FILE --log client.json
"""
import argparse
import asyncio
import sys

import websockets

import rawws
from sentlog import SentLog

MESSAGES = [f"message {i}" for i in range(1, 15)]
INTERVAL = 0.3
PING1, PING2 = b"are you there?", b"still there?"
PING1_AFTER, PING2_AFTER = 2, 14
CLOSE_CODE = 1000


async def server(port, ping2_file, log_path, timeout):
    software = f"Python {sys.version.split()[0]} (/usr/bin/python3), websockets {websockets.version.version}"
    log = SentLog(log_path, "server", software, library_sends="the close frame echoing the client's")
    finished = asyncio.get_running_loop().create_future()

    async def handler(ws):
        count = 0
        try:
            async for message in ws:
                count += 1
                log.ws("text", f"echo: {message}")
                await ws.send(f"echo: {message}")
                if count == PING1_AFTER:
                    log.ws("ping", PING1)
                    waiter = await ws.ping(PING1)   # never answered
                    waiter.add_done_callback(lambda f: f.cancelled() or f.exception())
                elif count == PING2_AFTER:
                    log.ws("ping", PING2, note="sent 0.2 s before the capture tool was stopped")
                    waiter = await ws.ping(PING2)
                    waiter.add_done_callback(lambda f: f.cancelled() or f.exception())
                    rawws.touch(ping2_file)
        except websockets.ConnectionClosed:
            pass
        if not finished.done():
            finished.set_result(None)

    async with websockets.serve(handler, "127.0.0.1", port, compression=None, ping_interval=None):
        print(f"pinging server listening on 127.0.0.1:{port}", flush=True)
        await asyncio.wait_for(finished, timeout)
        await asyncio.sleep(0.2)
    log.save()


async def client(port, stop_file, log_path):
    log = SentLog(log_path, "client", f"Python {sys.version.split()[0]}, raw-socket peer rawws.py")
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    log.http("http-request", "GET /ping HTTP/1.1", note="the Upgrade request")
    await rawws.client_handshake(reader, writer, f"127.0.0.1:{port}", "/ping")

    async def read_all():
        while True:
            fin, opcode, data = await rawws.read_frame(reader)
            what = {rawws.PING: "ping (not answered)", rawws.CLOSE: "close"}.get(opcode, f"opcode {opcode}")
            print("client got", what, data, flush=True)
            if opcode == rawws.CLOSE:
                return

    reading = asyncio.create_task(read_all())
    loop = asyncio.get_running_loop()
    start = loop.time()
    for i, text in enumerate(MESSAGES):
        await asyncio.sleep(max(0, start + i * INTERVAL - loop.time()))
        entry = log.ws("text", text)
        entry["masking_key"] = (await rawws.send(writer, rawws.TEXT, text.encode(), mask=True)).hex()
    await rawws.wait_for_file(stop_file, 30)
    entry = log.ws("close", close_code=CLOSE_CODE, close_reason="")
    entry["masking_key"] = (await rawws.send(writer, rawws.CLOSE, rawws.close_payload(CLOSE_CODE), mask=True)).hex()
    await reading
    writer.close()
    await writer.wait_closed()
    log.save()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["server", "client"])
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--ping2", help="server: create this file after the second ping")
    p.add_argument("--stop", help="client: close when this file appears")
    p.add_argument("--log", required=True)
    p.add_argument("--timeout", type=float, default=40)
    a = p.parse_args()
    if a.role == "server":
        asyncio.run(server(a.port, a.ping2, a.log, a.timeout))
    else:
        asyncio.run(asyncio.wait_for(client(a.port, a.stop, a.log), a.timeout))


if __name__ == "__main__":
    main()
