#!/usr/bin/env python3
"""Loads an HTML page in headless Chromium and reports, as one JSON object, what a test needs:
every console, log and CSP message, every SVG's rendered size, the size of every table inside a
<details> once all are opened, and optionally a screenshot of one element.

    browser-check.py PAGE.html [--screenshot OUT.png [--selector CSS]] [--media dark|print]

Run it inside a private network namespace (`unshare -n`, loopback up): the page must load nothing,
and the DevTools connection stays on 127.0.0.1. Needs chromium and python3-websockets.
"""
import asyncio
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websockets

SIZES = """JSON.stringify({
  svgs: Array.from(document.querySelectorAll('svg')).map(s => { const r = s.getBoundingClientRect(); return [r.width, r.height]; }),
  tables: (() => { document.querySelectorAll('details').forEach(d => d.open = true);
    return Array.from(document.querySelectorAll('details table')).map(t => { const r = t.getBoundingClientRect(); return [r.width, r.height]; }); })(),
  scripts: document.querySelectorAll('script').length,
  title: document.title
})"""


async def check(page_path, screenshot, selector, media):
    profile = tempfile.mkdtemp(prefix="wslens-chromium-")
    browser = subprocess.Popen(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
         "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "--user-data-dir=" + profile,
         "--window-size=1400,1000", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.time() + 30
        while not (os.path.exists(port_file) and open(port_file).read().count("\n") >= 1):
            if time.time() > deadline or browser.poll() is not None:
                raise SystemExit("chromium did not open its DevTools port")
            await asyncio.sleep(0.1)
        port = open(port_file).read().split("\n")[0].strip()
        targets = json.load(urllib.request.urlopen("http://127.0.0.1:%s/json/list" % port))
        page = next(t for t in targets if t.get("type") == "page")
        async with websockets.connect(page["webSocketDebuggerUrl"], max_size=None) as ws:
            messages, events, counter = [], [], [0]

            async def call(method, params=None):
                counter[0] += 1
                ident = counter[0]
                await ws.send(json.dumps({"id": ident, "method": method, "params": params or {}}))
                while True:
                    reply = json.loads(await ws.recv())
                    if reply.get("id") == ident:
                        if "error" in reply:
                            raise SystemExit("%s failed: %s" % (method, reply["error"]))
                        return reply.get("result", {})
                    events.append(reply)

            async def wait_for(method, seconds=30):
                end = time.time() + seconds
                while time.time() < end:
                    if any(e.get("method") == method for e in events):
                        return
                    try:
                        events.append(json.loads(await asyncio.wait_for(ws.recv(), timeout=end - time.time())))
                    except asyncio.TimeoutError:
                        break
                raise SystemExit("no %s from chromium" % method)

            for domain in ("Runtime.enable", "Log.enable", "Page.enable"):
                await call(domain)
            if media == "dark":
                await call("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
            elif media == "print":
                await call("Emulation.setEmulatedMedia", {"media": "print"})
            await call("Page.navigate", {"url": "file://" + os.path.abspath(page_path)})
            await wait_for("Page.loadEventFired")
            await asyncio.sleep(0.3)
            result = await call("Runtime.evaluate", {"expression": SIZES, "returnByValue": True})
            report = json.loads(result["result"]["value"])
            if screenshot:
                clip = None
                if selector:
                    box = await call("Runtime.evaluate", {"returnByValue": True, "expression":
                        "JSON.stringify((r => [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height])"
                        "(document.querySelector(%s).getBoundingClientRect()))" % json.dumps(selector)})
                    x, y, w, h = json.loads(box["result"]["value"])
                    clip = {"x": x, "y": y, "width": w, "height": h, "scale": 1}
                params = {"format": "png", "captureBeyondViewport": True}
                if clip:
                    params["clip"] = clip
                shot = await call("Page.captureScreenshot", params)
                with open(screenshot, "wb") as out:
                    out.write(base64.b64decode(shot["data"]))
            # Anything the page said: console calls, exceptions, log entries (CSP violations land here).
            for event in events:
                method = event.get("method", "")
                if method in ("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded"):
                    messages.append(event.get("params", {}))
            report["messages"] = messages
            print(json.dumps(report))
    finally:
        browser.terminate()
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            browser.kill()
        shutil.rmtree(profile, ignore_errors=True)


def main():
    args = sys.argv[1:]
    if not args:
        raise SystemExit(__doc__)
    screenshot = args[args.index("--screenshot") + 1] if "--screenshot" in args else None
    selector = args[args.index("--selector") + 1] if "--selector" in args else None
    media = args[args.index("--media") + 1] if "--media" in args else None
    asyncio.run(check(args[0], screenshot, selector, media))


if __name__ == "__main__":
    main()
