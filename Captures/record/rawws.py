#!/usr/bin/python3
"""A small raw-socket WebSocket peer (RFC 6455), for cases a library will not
play: a client that never answers a ping, a server that answers close 1000
with 1001.  Real TCP (asyncio streams), real masking (a fresh os.urandom key
per client frame), the real accept-key computation.  Stdlib only.

Not a general library: no extensions, no fragmentation, messages up to 64 KiB.
"""
import asyncio
import base64
import hashlib
import os

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, BINARY, CLOSE, PING, PONG = 1, 2, 8, 9, 10


def accept_key(key):
    return base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()


def build_frame(opcode, payload, *, mask):
    """One frame with FIN set.  mask=True: a client frame with a new random key.
    Returns (bytes, masking key or None)."""
    n = len(payload)
    header = bytearray([0x80 | opcode])
    m = 0x80 if mask else 0
    if n < 126:
        header.append(m | n)
    elif n < 65536:
        header.append(m | 126)
        header += n.to_bytes(2, "big")
    else:
        header.append(m | 127)
        header += n.to_bytes(8, "big")
    if not mask:
        return bytes(header) + payload, None
    key = os.urandom(4)
    masked = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
    return bytes(header) + key + masked, key


def close_payload(code, reason=""):
    return code.to_bytes(2, "big") + reason.encode()


async def read_frame(reader):
    """(fin, opcode, unmasked payload) of the next frame; raises IncompleteReadError at EOF."""
    b0, b1 = await reader.readexactly(2)
    n = b1 & 0x7F
    if n == 126:
        n = int.from_bytes(await reader.readexactly(2), "big")
    elif n == 127:
        n = int.from_bytes(await reader.readexactly(8), "big")
    key = await reader.readexactly(4) if b1 & 0x80 else None
    data = await reader.readexactly(n)
    if key:
        data = bytes(b ^ key[i % 4] for i, b in enumerate(data))
    return bool(b0 & 0x80), b0 & 0x0F, data


async def read_head(reader):
    """The HTTP start line and headers (lower-case names) up to the empty line."""
    raw = await reader.readuntil(b"\r\n\r\n")
    lines = raw.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return lines[0], headers


async def client_handshake(reader, writer, host, path):
    """Send the Upgrade request, check the 101 and its accept key."""
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write((f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                  f"Sec-WebSocket-Version: 13\r\nUser-Agent: wslens-rawws/1\r\n\r\n").encode())
    await writer.drain()
    status, headers = await read_head(reader)
    if not status.startswith("HTTP/1.1 101 ") or headers.get("sec-websocket-accept") != accept_key(key):
        raise RuntimeError(f"handshake refused: {status!r} {headers}")


async def server_handshake(reader, writer):
    """Read the Upgrade request, answer 101 with the accept key; returns the request line."""
    request, headers = await read_head(reader)
    key = headers["sec-websocket-key"]
    writer.write((f"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Accept: {accept_key(key)}\r\n"
                  f"Server: wslens-rawws/1\r\n\r\n").encode())
    await writer.drain()
    return request


async def send(writer, opcode, payload, *, mask):
    """Write one frame; returns its masking key (None for server frames)."""
    frame, key = build_frame(opcode, payload, mask=mask)
    writer.write(frame)
    await writer.drain()
    return key


async def wait_for_file(path, timeout):
    """Poll (every 10 ms) until a file exists: the recording driver's go signal."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not os.path.exists(path):
        if loop.time() > deadline:
            raise TimeoutError(f"no {path}")
        await asyncio.sleep(0.01)


def touch(path):
    with open(path, "w"):
        pass
