#!/usr/bin/python3
"""A close 1000 answered with 1001, for brought/close-answered-1001.pcap.

Server: a raw-socket peer (rawws.py) that answers the handshake, echoes each
text as "echo: TEXT" and answers the client's close frame with its own close
frame carrying 1001 "going away" (not the client's 1000, which libraries
echo), then closes TCP.  RFC 6455 5.5.1: the endpoint "typically echos the
status code it received"; it need not.
Client: Python websockets 10.4 (legacy asyncio API, compression off,
keepalive off): sends "hello" and "how are you?", reads the echoes, closes
with 1000 "done" and waits for the server's close and its TCP FIN.

  close_1001.py server --port 8765 --log server.json
  close_1001.py client --uri ws://127.0.0.1:8765/close --log client.json
"""
import argparse
import asyncio
import sys

import websockets

import rawws
from sentlog import SentLog

TEXTS = ["hello", "how are you?"]
CLIENT_CLOSE, SERVER_CLOSE = (1000, "done"), (1001, "going away")


async def server(port, log_path, timeout):
    log = SentLog(log_path, "server", f"Python {sys.version.split()[0]}, raw-socket peer rawws.py")
    finished = asyncio.get_running_loop().create_future()

    async def handle(reader, writer):
        try:
            log.http("http-response", "HTTP/1.1 101 Switching Protocols")
            await rawws.server_handshake(reader, writer)
            while True:
                fin, opcode, data = await rawws.read_frame(reader)
                if opcode == rawws.TEXT:
                    reply = "echo: " + data.decode()
                    log.ws("text", reply)
                    await rawws.send(writer, rawws.TEXT, reply.encode(), mask=False)
                elif opcode == rawws.CLOSE:
                    print("server got close", int.from_bytes(data[:2], "big"), data[2:], flush=True)
                    code, reason = SERVER_CLOSE
                    log.ws("close", close_code=code, close_reason=reason,
                           note=f"answers the client's close {int.from_bytes(data[:2], 'big')}")
                    await rawws.send(writer, rawws.CLOSE, rawws.close_payload(code, reason), mask=False)
                    break
            writer.close()   # the server closes TCP first (RFC 6455 7.1.1)
            await writer.wait_closed()
        finally:
            if not finished.done():
                finished.set_result(None)

    srv = await asyncio.start_server(handle, "127.0.0.1", port)
    async with srv:
        print(f"raw close server listening on 127.0.0.1:{port}", flush=True)
        await asyncio.wait_for(finished, timeout)
        await asyncio.sleep(0.2)
    log.save()


async def client(uri, log_path):
    software = f"Python {sys.version.split()[0]} (/usr/bin/python3), websockets {websockets.version.version}"
    log = SentLog(log_path, "client", software)
    async with websockets.connect(uri, compression=None, ping_interval=None) as ws:
        for text in TEXTS:
            log.ws("text", text)
            await ws.send(text)
            print("client got", await ws.recv(), flush=True)
        code, reason = CLIENT_CLOSE
        log.ws("close", close_code=code, close_reason=reason)
        await ws.close(code, reason)
        print("closed; the server answered", ws.close_code, repr(ws.close_reason), flush=True)
        assert (ws.close_code, ws.close_reason) == SERVER_CLOSE
    log.save()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["server", "client"])
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--uri", default="ws://127.0.0.1:8765/close")
    p.add_argument("--log", required=True)
    p.add_argument("--timeout", type=float, default=30)
    a = p.parse_args()
    if a.role == "server":
        asyncio.run(server(a.port, a.log, a.timeout))
    else:
        asyncio.run(asyncio.wait_for(client(a.uri, a.log), a.timeout))


if __name__ == "__main__":
    main()
