#!/usr/bin/python3
"""What a peer sent, written as JSON so tests can compare wslens with it.

Each peer keeps a SentLog and saves it to a part file; record-honest.sh merges
the parts of one capture into Captures/record/logs/NAME.json:

  sentlog.py merge OUT.json --capture PATH --recipe TEXT --tool TEXT \
      --started EPOCH --stopped EPOCH PART.json...

Stdlib only: used by /usr/bin/python3 (Debian websockets) and by pyenv's
python3 (aiohttp) alike.  The format is described in Captures/README.md.
"""
import argparse
import hashlib
import json
import sys
import time

OPCODES = {"continuation": 0, "text": 1, "binary": 2, "close": 8, "ping": 9, "pong": 10}
TEXT_LIMIT = 4096   # longer texts are logged by length and digest only
HEX_LIMIT = 64      # longer binary payloads likewise


def _payload_fields(kind, payload):
    fields = {"length": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}
    if kind == "text":
        text = payload.decode("utf-8")
        if len(text) <= TEXT_LIMIT:
            fields["text"] = text
        else:
            fields["text_prefix"] = text[:64]
    elif len(payload) <= HEX_LIMIT:
        fields["hex"] = payload.hex()
    else:
        fields["hex_prefix"] = payload[:16].hex()
    return fields


class SentLog:
    """The sends of one peer, each with the wall-clock and monotonic time taken
    just before the send call."""

    def __init__(self, path, peer, software, library_sends=None):
        self.path = path
        self.header = {"peer": peer, "software": software}
        if library_sends:
            # frames the library sends by itself (pong, close echo): not in "sent"
            self.header["library_sends"] = library_sends
        self.sent = []

    def _add(self, entry):
        entry = {"time": round(time.time(), 6), "monotonic": round(time.monotonic(), 6),
                 "peer": self.header["peer"], **entry}
        self.sent.append(entry)
        return entry

    def ws(self, kind, payload=b"", *, connection=None, fin=True, opcode=None,
           close_code=None, close_reason=None, masking_key=None, fragments=None, note=None):
        """A WebSocket message or control frame.  payload: str for text, bytes otherwise;
        for a close frame pass close_code/close_reason instead."""
        if kind == "close":
            payload = b""
            if close_code is not None:
                payload = close_code.to_bytes(2, "big") + (close_reason or "").encode()
        data = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
        entry = {"layer": "websocket", "kind": kind,
                 "opcode": OPCODES[kind] if opcode is None else opcode, "fin": fin}
        if connection:
            entry["connection"] = connection
        entry.update(_payload_fields("text" if kind == "text" else "bytes", data))
        if kind == "close":
            entry["close_code"] = close_code
            entry["close_reason"] = close_reason or ""
        if masking_key is not None:
            entry["masking_key"] = masking_key.hex()
        if fragments is not None:
            entry["fragments"] = fragments
        if note:
            entry["note"] = note
        return self._add(entry)

    def http(self, kind, start_line, body=b"", *, connection=None, note=None):
        """An HTTP request or response: its start line and body (headers are the library's)."""
        data = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        entry = {"layer": "http", "kind": kind, "start_line": start_line}
        if connection:
            entry["connection"] = connection
        entry["body_length"] = len(data)
        if data:
            entry["body"] = data.decode("utf-8", "replace")
        if note:
            entry["note"] = note
        return self._add(entry)

    def event(self, what, **fields):
        """Something the peer did that is not a send (e.g. gave up after a refusal)."""
        return self._add({"layer": "event", "kind": what, **fields})

    def save(self):
        with open(self.path, "w", encoding="utf-8") as f:
            json.dump({**self.header, "sent": self.sent}, f, ensure_ascii=False, indent=1)


def merge(argv):
    p = argparse.ArgumentParser(prog="sentlog.py merge")
    p.add_argument("out")
    p.add_argument("--capture", required=True)
    p.add_argument("--recipe", required=True)
    p.add_argument("--tool", required=True)
    p.add_argument("--started", type=float, required=True)
    p.add_argument("--stopped", type=float, required=True)
    p.add_argument("--note", action="append", default=[])
    p.add_argument("parts", nargs="+")
    a = p.parse_args(argv)
    peers, sent = [], []
    for part in a.parts:
        with open(part, encoding="utf-8") as f:
            data = json.load(f)
        sent.extend(data.pop("sent"))
        peers.append(data)
    sent.sort(key=lambda e: e["time"])
    for i, entry in enumerate(sent):
        entry["index"] = i
        # "in_capture": sent while the capture tool ran (the packets of a send
        # just before "stopped" may still be missing: the kernel queues them)
        entry["in_capture"] = a.started <= entry["time"] <= a.stopped
    doc = {
        "capture": a.capture,
        "recipe": a.recipe,
        "capture_tool": {"command": a.tool, "started": round(a.started, 6), "stopped": round(a.stopped, 6)},
        "notes": a.note,
        "peers": peers,
        "sent": [{k: e[k] for k in ["index", "time", "monotonic", "in_capture", "peer"]} |
                 {k: v for k, v in e.items() if k not in ("index", "time", "monotonic", "in_capture", "peer")}
                 for e in sent],
    }
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] != "merge":
        sys.exit("usage: sentlog.py merge OUT.json --capture PATH --recipe TEXT --tool TEXT "
                 "--started EPOCH --stopped EPOCH PART.json...")
    merge(sys.argv[2:])
