#!/usr/bin/python3
"""Compare what the peers say they sent (logs/NAME.json) with the WebSocket
frames tshark decodes in the capture, for the captures record-honest.sh makes.

  Captures/record/verify_logs.py [NAME...]      (default: every logs/*.json)

For each direction, the frames the log says were sent while the capture ran
must appear in tshark's frames in the same order, with the same opcode and
(without compression) the same payload length, each packet at most 50 ms after
the logged send time.  Frames tshark decodes that no log names are listed:
pongs and close echoes the libraries send by themselves, or frames tshark
invents when told to decode bytes that are no frame header (-d on a handshake
or on the middle of a cut message).  Exit status 1 when a logged frame is
missing.
"""
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURES = os.path.dirname(HERE)
# decode as WebSocket without a visible handshake: snapshot length or late start
FORCED = {"snaplen-96", "snaplen-96-deflate", "snaplen-200-deflate",
          "snaplen-200-deflate-no-context", "late-start"}
KINDS = {0: "continuation", 1: "text", 2: "binary", 8: "close", 9: "ping", 10: "pong"}


def tshark_frames(path, port, forced):
    args = ["tshark", "-r", path, "-Y", "websocket", "-T", "json", "--no-duplicate-keys"]
    if forced:
        args[3:3] = ["-d", f"tcp.port=={port},websocket"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    frames = []
    for packet in json.loads(out or "[]"):
        layers = packet["_source"]["layers"]
        ws = layers["websocket"]
        for layer in ws if isinstance(ws, list) else [ws]:
            length = int(layer.get("websocket.payload_length_ext_64")
                         or layer.get("websocket.payload_length_ext_16")
                         or layer["websocket.payload_length"])
            frames.append({
                "packet": int(layers["frame"]["frame.number"]),
                "time": float(layers["frame"]["frame.time_epoch"]),
                "truncated": int(layers["frame"]["frame.cap_len"]) < int(layers["frame"]["frame.len"]),
                "from_server": int(layers["tcp"]["tcp.srcport"]) == port,
                "opcode": int(layer["websocket.opcode"]),
                "rsv1": int(layer["websocket.rsv"], 16) & 4 != 0,
                "length": length,
            })
    return frames


def check(name):
    with open(os.path.join(HERE, "logs", name + ".json"), encoding="utf-8") as f:
        log = json.load(f)
    path = os.path.join(CAPTURES, log["capture"])
    port = 8080 if "8080" in log["capture_tool"]["command"] else 8765
    frames = tshark_frames(path, port, name in FORCED)
    # permessage-deflate: lengths on the wire are compressed ones, data frames have RSV1
    compressed = "deflate" in name
    problems, extra = [], []
    matched = 0
    for from_server in (False, True):
        peer = "server" if from_server else "client"
        sent = [e for e in log["sent"] if e["layer"] == "websocket" and e["in_capture"]
                and (e["peer"] == "server") == from_server]
        seen = [fr for fr in frames if fr["from_server"] == from_server]
        i = 0
        for fr in seen:
            if i < len(sent) and fr["opcode"] == sent[i]["opcode"] and fr["time"] >= sent[i]["time"] - 0.001 \
                    and (fr["length"] == sent[i]["length"] if not compressed
                         else fr["rsv1"] == (sent[i]["opcode"] in (1, 2))):
                delay = fr["time"] - sent[i]["time"]
                if delay > 0.05:
                    problems.append(f"{peer} #{sent[i]['index']} {sent[i]['kind']}: packet {fr['packet']} "
                                    f"{delay * 1000:.1f} ms after the logged send")
                i += 1
                matched += 1
            else:
                extra.append(f"{fr['packet']}:{peer} {KINDS.get(fr['opcode'], fr['opcode'])}"
                             f"{' (cut)' if fr['truncated'] else ''}")
        for e in sent[i:]:
            problems.append(f"{peer} #{e['index']} {e['kind']} of {e['length']} bytes: no such frame in tshark")
    logged = sum(1 for e in log["sent"] if e["layer"] == "websocket" and e["in_capture"])
    outside = sum(1 for e in log["sent"] if not e["in_capture"])
    print(f"{name}: {len(frames)} tshark frames{' (decoded with -d)' if name in FORCED else ''}, "
          f"{matched}/{logged} logged frames found, {outside} logged sends outside the capture")
    if extra:
        print("  not in the logs:", ", ".join(extra))
    for p in problems:
        print("  PROBLEM:", p)
    return not problems


def main():
    names = sys.argv[1:] or sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(HERE, "logs", "*.json")))
    ok = all([check(n) for n in names])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
