#!/usr/bin/python3
"""The same tiny app twice: a counter the client sees 10 times, 200 ms apart.

HTTP/1.1 polling: http.server (protocol_version HTTP/1.1, keep-alive) answers
GET /count with {"count": n}; an http.client client polls 10 times on one
keep-alive connection, 200 ms apart, then closes.
WebSocket: a websockets server (compression off) pushes {"count": n} every
200 ms, 10 times, then closes with 1000.

  polling_vs_ws.py http-server --port 8080
  polling_vs_ws.py http-client --port 8080
  polling_vs_ws.py ws-server   --port 8765
  polling_vs_ws.py ws-client   --port 8765
"""
import argparse
import asyncio
import http.client
import http.server
import json
import time

import websockets

ROUNDS, INTERVAL = 10, 0.2


def body(n):
    return json.dumps({"count": n}).encode()


class CountHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    count = 0

    def do_GET(self):
        if self.path != "/count":
            self.send_error(404)
            return
        CountHandler.count += 1
        data = body(CountHandler.count)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        print("http server:", fmt % args, flush=True)


def http_server(port, timeout):
    with http.server.HTTPServer(("127.0.0.1", port), CountHandler) as httpd:
        httpd.timeout = timeout
        print(f"http server listening on 127.0.0.1:{port}", flush=True)
        httpd.handle_request()  # one connection, all its keep-alive requests


def http_client(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for _ in range(ROUNDS):
        time.sleep(INTERVAL)
        conn.request("GET", "/count", headers={"Accept": "application/json"})
        resp = conn.getresponse()
        print("http client got", resp.status, resp.read().decode(), flush=True)
    conn.close()


async def ws_server(port, timeout):
    done = asyncio.get_running_loop().create_future()

    async def handler(ws):
        try:
            for n in range(1, ROUNDS + 1):
                await asyncio.sleep(INTERVAL)
                await ws.send(body(n).decode())
            await ws.close(1000, "")
        except websockets.ConnectionClosed:
            pass
        if not done.done():
            done.set_result(None)

    async with websockets.serve(handler, "127.0.0.1", port, compression=None, ping_interval=None):
        print(f"ws server listening on 127.0.0.1:{port}", flush=True)
        await asyncio.wait_for(done, timeout)
        await asyncio.sleep(0.2)


async def ws_client(port):
    async with websockets.connect(f"ws://127.0.0.1:{port}/count",
                                  compression=None, ping_interval=None) as ws:
        async for message in ws:
            print("ws client got", message, flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["http-server", "http-client", "ws-server", "ws-client"])
    p.add_argument("--port", type=int)
    p.add_argument("--timeout", type=float, default=30)
    a = p.parse_args()
    if a.role == "http-server":
        http_server(a.port or 8080, a.timeout)
    elif a.role == "http-client":
        http_client(a.port or 8080)
    elif a.role == "ws-server":
        asyncio.run(ws_server(a.port or 8765, a.timeout))
    else:
        asyncio.run(asyncio.wait_for(ws_client(a.port or 8765), a.timeout))


if __name__ == "__main__":
    main()
