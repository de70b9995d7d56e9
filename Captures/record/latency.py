#!/usr/bin/env python3
"""One stream of updates, delivered by HTTP polling and pushed over a
WebSocket at the same time (pip's aiohttp, run with pyenv's python3), for
Captures/polling-vs-push-latency.pcap (lesson 10).

Server (aiohttp.web on 127.0.0.1:8080) creates update n (n = 1..10) at
U0 + (n - 1) * 0.7 s, where U0 is 0.35 s after the first poll arrived.  Each
update is the JSON object {"update": n, "created": EPOCH} (EPOCH: the
server's clock when it created the update, 6 decimals, the same clock the
capture's timestamps come from).
- Push: GET /push upgrades to a WebSocket (compression off, no heartbeat);
  the server sends every update the moment it creates it, as one text
  message: the update with "sent": EPOCH added.
- Polling: GET /updates?after=K answers {"updates": [...], "sent": EPOCH} with
  every update numbered above K created so far (possibly none), keep-alive.
Client: one process, two aiohttp.ClientSessions (so two TCP connections):
first it opens the WebSocket, then it polls at P0 + k * 1.0 s (k = 0, 1, ...;
P0 its first poll) on one keep-alive connection until it has update 10, then
closes that session (FIN).  The WebSocket client closes with 1000 once it has
update 10.  Update n is created (0.35 + 0.7 (n - 1)) s after P0, so polling
delivers it 0.65, 0.95, 0.25, 0.55, 0.85, 0.15, 0.45, 0.75, 0.05, 0.35 s after
its creation (plus the poll's own round trip), 0.5 s on average; the push
delivers it within a millisecond.

  latency.py server --port 8080 --log server.json
  latency.py client --port 8080 --log client.json
"""
import argparse
import asyncio
import json
import sys
import time

import aiohttp
from aiohttp import web

from sentlog import SentLog

SOFTWARE = f"Python {sys.version.split()[0]} ({sys.executable}), aiohttp {aiohttp.__version__}"
UPDATES, UPDATE_INTERVAL, FIRST_UPDATE_AFTER = 10, 0.7, 0.35
POLL_INTERVAL = 1.0


def encode(obj):
    # fixed six decimals so every recording has bodies of the same length
    return json.dumps(obj, separators=(",", ":")).replace('"@', "").replace('@"', "")


def stamp(t):
    return f"@{t:.6f}@"   # a JSON number in the output of encode()


async def server(port, log_path, timeout):
    log = SentLog(log_path, "server", SOFTWARE,
                  library_sends="HTTP response headers (Content-Type, Content-Length, Date, Server); "
                                "the 101 response; the close frame answering the client's")
    loop = asyncio.get_running_loop()
    created = []                     # the updates so far, as dicts
    first_poll = loop.create_future()
    pushes = []                      # WebSocket responses to push to
    ws_closed, polled_all = loop.create_future(), loop.create_future()

    async def updates(request):
        after = int(request.query.get("after", "0"))
        if not first_poll.done():
            first_poll.set_result(None)
        fresh = [u for u in created if u["update"] > after]
        body = encode({"updates": fresh, "sent": stamp(time.time())})
        log.http("http-response", "HTTP/1.1 200 OK", body,
                 note=f"answers GET /updates?after={after} with {len(fresh)} update(s)")
        if fresh and fresh[-1]["update"] == UPDATES and not polled_all.done():
            polled_all.set_result(None)
        return web.Response(text=body, content_type="application/json")

    async def push(request):
        ws = web.WebSocketResponse(compress=False, heartbeat=None, autoping=True)
        await ws.prepare(request)
        pushes.append(ws)
        async for _ in ws:
            pass
        if not ws_closed.done():
            ws_closed.set_result(None)
        return ws

    async def produce():
        await first_poll
        start = loop.time() + FIRST_UPDATE_AFTER
        for n in range(1, UPDATES + 1):
            await asyncio.sleep(max(0, start + (n - 1) * UPDATE_INTERVAL - loop.time()))
            update = {"update": n, "created": stamp(time.time())}
            created.append(update)
            for ws in pushes:
                text = encode({**update, "sent": stamp(time.time())})
                log.ws("text", text)
                await ws.send_str(text)

    app = web.Application()
    app.add_routes([web.get("/updates", updates), web.get("/push", push)])
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    print(f"aiohttp server listening on 127.0.0.1:{port}", flush=True)
    try:
        producer = asyncio.create_task(produce())
        await asyncio.wait_for(asyncio.gather(producer, ws_closed, polled_all), timeout)
        await asyncio.sleep(0.5)
    finally:
        await runner.cleanup()
    log.save()


async def client(port, log_path):
    log = SentLog(log_path, "client", SOFTWARE,
                  library_sends="HTTP request headers (Host, Accept-Encoding, User-Agent, ...); "
                                "the Upgrade request's headers")
    base = f"http://127.0.0.1:{port}"

    async def listen(ws):
        seen = 0
        while seen < UPDATES:
            msg = await ws.receive()
            seen = json.loads(msg.data)["update"]
            print("pushed:", msg.data, flush=True)
        log.ws("close", close_code=1000, close_reason="", connection="push")
        await ws.close(code=1000)

    async def poll(session):
        loop = asyncio.get_running_loop()
        start, k, last = loop.time(), 0, 0
        while last < UPDATES:
            await asyncio.sleep(max(0, start + k * POLL_INTERVAL - loop.time()))
            log.http("http-request", f"GET /updates?after={last} HTTP/1.1", connection="polling")
            async with session.get(f"{base}/updates", params={"after": last},
                                   headers={"Accept": "application/json"}) as resp:
                body = await resp.json()
            if body["updates"]:
                last = body["updates"][-1]["update"]
            print(f"poll {k}: {[u['update'] for u in body['updates']]}", flush=True)
            k += 1

    async with aiohttp.ClientSession() as push_session, aiohttp.ClientSession() as poll_session:
        log.http("http-request", "GET /push HTTP/1.1", connection="push", note="the Upgrade request (ws_connect)")
        async with push_session.ws_connect(f"{base}/push", heartbeat=None, autoping=True, compress=0) as ws:
            listener = asyncio.create_task(listen(ws))
            await poll(poll_session)
            await listener
    log.save()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["server", "client"])
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--log", required=True)
    p.add_argument("--timeout", type=float, default=30)
    a = p.parse_args()
    if a.role == "server":
        asyncio.run(server(a.port, a.log, a.timeout))
    else:
        asyncio.run(asyncio.wait_for(client(a.port, a.log), a.timeout))


if __name__ == "__main__":
    main()
