#!/usr/bin/python3
"""Server side of chromium-deflate.pcap.

Serves chromium_page.html over plain HTTP on 127.0.0.1:8000 (http.server,
HTTP/1.0: one request per connection) and runs a websockets echo server on
127.0.0.1:8765 with compression left at its default (permessage-deflate).
Stops after the first WebSocket connection has closed, or after a timeout.

  chromium_server.py [--http-port 8000] [--ws-port 8765]
"""
import argparse
import asyncio
import http.server
import os
import threading

import websockets

PAGE = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "chromium_page.html"), "rb").read()


class PageHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path not in ("/", "/index.html"):
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, fmt, *args):
        print("http:", fmt % args, flush=True)


async def main_async(http_port, ws_port, timeout):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", http_port), PageHandler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    done = asyncio.get_running_loop().create_future()

    async def handler(ws):
        print("ws: extensions", ws.request_headers.get("Sec-WebSocket-Extensions"),
              "->", ws.response_headers.get("Sec-WebSocket-Extensions"), flush=True)
        try:
            async for message in ws:
                await ws.send(message)
        except websockets.ConnectionClosed:
            pass
        print(f"ws: closed {ws.close_code} {ws.close_reason!r}", flush=True)
        if not done.done():
            done.set_result(None)

    try:
        async with websockets.serve(handler, "127.0.0.1", ws_port, ping_interval=None):
            print(f"serving http://127.0.0.1:{http_port}/ and ws://127.0.0.1:{ws_port}/", flush=True)
            await asyncio.wait_for(done, timeout)
            await asyncio.sleep(0.2)
    finally:
        httpd.shutdown()
        httpd.server_close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--http-port", type=int, default=8000)
    p.add_argument("--ws-port", type=int, default=8765)
    p.add_argument("--timeout", type=float, default=40)
    a = p.parse_args()
    asyncio.run(main_async(a.http_port, a.ws_port, a.timeout))


if __name__ == "__main__":
    main()
