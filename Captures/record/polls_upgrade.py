#!/usr/bin/env python3
"""HTTP polls, then a WebSocket (pip's aiohttp, run with pyenv's python3), for
brought/polls-then-upgrade.pcap and brought/polls-and-upgrade-two-connections.pcap.

Server (aiohttp.web on 127.0.0.1:8080): GET /news?poll=N answers a fixed JSON
body per poll (application/json, keep-alive); GET /live upgrades to a
WebSocket (compression off, no heartbeat) that answers the client's
"subscribe" with three fixed JSON texts and then echoes "thanks, bye" as
"bye"; the client closes with 1000, aiohttp's server answers 1000.
Client (aiohttp.ClientSession, no heartbeat, compression off): five polls
200 ms apart, then the WebSocket.
--connections same: one ClientSession for all of it; its connection pool hands
the polls' keep-alive connection to ws_connect, so the Upgrade goes over the
same TCP connection (the recipe checks that with tshark: one tcp.stream).
--connections two: the polls on one ClientSession, closed (FIN) after the
fifth poll, then a second ClientSession for the WebSocket: two TCP
connections, the same requests, bodies and messages.

  polls_upgrade.py server --port 8080 --log server.json
  polls_upgrade.py client --port 8080 --connections same --log client.json
"""
import argparse
import asyncio
import json
import sys

import aiohttp
from aiohttp import web

from sentlog import SentLog

SOFTWARE = f"Python {sys.version.split()[0]} ({sys.executable}), aiohttp {aiohttp.__version__}"
POLLS, INTERVAL = 5, 0.2
HEADLINES = ["Seminar moved to room 2.07", "Slides for week 3 are online", "No lab on Friday",
             "Exercise 4 deadline extended", "WebSocket demo next week"]
UPDATES = [{"live": i, "headline": h} for i, h in enumerate(["Doors open", "Talk starts", "Questions"], 1)]


def poll_body(n):
    """The same bytes every recording: the n-th poll (1-based) sees the first n headlines."""
    return json.dumps({"poll": n, "headlines": HEADLINES[:n]}, separators=(",", ":"))


async def server(port, log_path, timeout):
    log = SentLog(log_path, "server", SOFTWARE,
                  library_sends="HTTP response headers (Content-Type, Content-Length, Date, Server); "
                                "the 101 response; the close frame answering the client's")
    finished = asyncio.get_running_loop().create_future()

    async def news(request):
        n = int(request.query["poll"])
        body = poll_body(n)
        log.http("http-response", "HTTP/1.1 200 OK", body, note=f"answers GET /news?poll={n}")
        return web.Response(text=body, content_type="application/json")

    async def live(request):
        ws = web.WebSocketResponse(compress=False, heartbeat=None, autoping=True)
        await ws.prepare(request)
        async for msg in ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                continue
            if msg.data == "subscribe":
                for update in UPDATES:
                    text = json.dumps(update, separators=(",", ":"))
                    log.ws("text", text)
                    await ws.send_str(text)
            else:
                log.ws("text", "bye")
                await ws.send_str("bye")
        if not finished.done():
            finished.set_result(None)
        return ws

    app = web.Application()
    app.add_routes([web.get("/news", news), web.get("/live", live)])
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    print(f"aiohttp server listening on 127.0.0.1:{port}", flush=True)
    try:
        await asyncio.wait_for(finished, timeout)
        await asyncio.sleep(0.5)   # the client's FIN after the close handshake
    finally:
        await runner.cleanup()
    log.save()


async def polls(session, base, log, connection):
    for n in range(1, POLLS + 1):
        await asyncio.sleep(INTERVAL)
        log.http("http-request", f"GET /news?poll={n} HTTP/1.1", connection=connection)
        async with session.get(f"{base}/news", params={"poll": n},
                               headers={"Accept": "application/json"}) as resp:
            body = await resp.text()
            assert resp.status == 200 and body == poll_body(n), (resp.status, body)
            print("poll", n, "->", body, flush=True)


async def websocket(session, base, log, connection):
    await asyncio.sleep(INTERVAL)
    log.http("http-request", "GET /live HTTP/1.1", connection=connection, note="the Upgrade request (ws_connect)")
    async with session.ws_connect(f"{base}/live", heartbeat=None, autoping=True, compress=0) as ws:
        log.ws("text", "subscribe", connection=connection)
        await ws.send_str("subscribe")
        for update in UPDATES:
            msg = await ws.receive()
            assert json.loads(msg.data) == update, msg
            print("update", msg.data, flush=True)
        log.ws("text", "thanks, bye", connection=connection)
        await ws.send_str("thanks, bye")
        print("got", (await ws.receive()).data, flush=True)
        log.ws("close", close_code=1000, close_reason="", connection=connection)
        await ws.close(code=1000)


async def client(port, connections, log_path):
    log = SentLog(log_path, "client", SOFTWARE,
                  library_sends="HTTP request headers (Host, Accept-Encoding, User-Agent, ...); "
                                "the Upgrade request's headers")
    base = f"http://127.0.0.1:{port}"
    if connections == "same":
        async with aiohttp.ClientSession() as session:
            await polls(session, base, log, None)
            await websocket(session, base, log, None)
    else:
        async with aiohttp.ClientSession() as session:
            await polls(session, base, log, "polls")
        async with aiohttp.ClientSession() as session:
            await websocket(session, base, log, "websocket")
    log.save()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["server", "client"])
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--connections", choices=["same", "two"], default="same")
    p.add_argument("--log", required=True)
    p.add_argument("--timeout", type=float, default=30)
    a = p.parse_args()
    if a.role == "server":
        asyncio.run(server(a.port, a.log, a.timeout))
    else:
        asyncio.run(asyncio.wait_for(client(a.port, a.connections, a.log), a.timeout))


if __name__ == "__main__":
    main()
