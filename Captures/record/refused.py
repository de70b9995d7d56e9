#!/usr/bin/python3
"""An Upgrade refused with 403 Forbidden (Python websockets 10.4, legacy
asyncio API), for brought/upgrade-refused-403.pcap.

The server's process_request hook refuses every request without a session
cookie: HTTP/1.1 403 Forbidden with a short text body (websockets adds Date,
Server, Content-Length, Content-Type and Connection: close) and closes TCP.
The client (websockets.connect, no cookie) gets InvalidStatusCode, gives up
and does not retry.

  refused.py server --port 8765 --log server.json
  refused.py client --uri ws://127.0.0.1:8765/chat --log client.json
"""
import argparse
import asyncio
import http
import sys

import websockets

from sentlog import SentLog

SOFTWARE = f"Python {sys.version.split()[0]} (/usr/bin/python3), websockets {websockets.version.version}"
BODY = b"Forbidden: this chat needs a session cookie. Log in at /login first.\n"


async def server(port, log_path, timeout):
    log = SentLog(log_path, "server", SOFTWARE,
                  library_sends="the response headers Date, Server, Content-Length, Content-Type, Connection: close")
    refused = asyncio.get_running_loop().create_future()

    def process_request(path, headers):
        if "session=" in headers.get("Cookie", ""):
            return None
        log.http("http-response", "HTTP/1.1 403 Forbidden", BODY,
                 note=f"refuses the Upgrade request for {path} (no session cookie)")
        if not refused.done():
            refused.set_result(None)
        return http.HTTPStatus.FORBIDDEN, [("Content-Type", "text/plain; charset=utf-8")], BODY

    async with websockets.serve(lambda ws: ws.close(), "127.0.0.1", port, process_request=process_request,
                                compression=None, ping_interval=None):
        print(f"refusing server listening on 127.0.0.1:{port}", flush=True)
        await asyncio.wait_for(refused, timeout)
        await asyncio.sleep(0.5)   # the response and the TCP close
    log.save()


async def client(uri, log_path):
    log = SentLog(log_path, "client", SOFTWARE,
                  library_sends="the whole Upgrade request (websockets.connect)")
    log.http("http-request", f"GET {uri.split('8765', 1)[1]} HTTP/1.1",
             note="websockets.connect: the Upgrade request, no cookie")
    try:
        async with websockets.connect(uri, compression=None, ping_interval=None):
            raise SystemExit("the server accepted the Upgrade")
    except websockets.InvalidStatusCode as e:
        print("refused with status", e.status_code, flush=True)
        assert e.status_code == 403
        log.event("gave-up", status=e.status_code)
    log.save()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["server", "client"])
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--uri", default="ws://127.0.0.1:8765/chat")
    p.add_argument("--log", required=True)
    p.add_argument("--timeout", type=float, default=30)
    a = p.parse_args()
    if a.role == "server":
        asyncio.run(server(a.port, a.log, a.timeout))
    else:
        asyncio.run(asyncio.wait_for(client(a.uri, a.log), a.timeout))


if __name__ == "__main__":
    main()
