"""The bench's viewer: the client side of RFB 3.8 (VncAuth with the source, security None with the gateway) and
the bench's fences, over a plain socket or a WebSocket, for bench/gateway.py. The WebSocket client is the Python `websockets` library (asyncio,
binary frames), or with --client lean a minimal one of our own that hardly costs any CPU.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import socket
import struct
import urllib.parse

import websockets
from websockets.asyncio.client import connect

from rfb_source import HEIGHT, PASSWORD, WIDTH, bulk_bytes, fence, vnc_auth_response


class Connection:
    async def read_exact(self, n: int) -> bytes: ...
    async def send(self, data: bytes) -> None: ...
    async def bulk(self, n: int) -> int:
        """Ask for n bytes of pixels and receive the updates carrying them (`bulk_bytes(n)`); returns how many
        reads/frames they came in."""
        ...
    async def close(self) -> None: ...

    async def handshake(self) -> None:
        """The client's side of RFB 3.8: None when offered (the gateway, which signed in to the host itself), else
        VncAuth with the source's password (the source directly or through websockify)."""
        version = await self.read_exact(12)
        if not version.startswith(b"RFB 003."):
            raise RuntimeError(f"not an RFB greeting: {version!r}")
        await self.send(b"RFB 003.008\n")
        count = (await self.read_exact(1))[0]
        if count == 0:
            length = struct.unpack(">I", await self.read_exact(4))[0]
            raise RuntimeError(f"the server refused the connection: {(await self.read_exact(length))!r}")
        types = list(await self.read_exact(count))
        if 1 in types:
            await self.send(b"\x01")
        elif 2 in types:
            await self.send(b"\x02")
            await self.send(vnc_auth_response(await self.read_exact(16), PASSWORD))
        else:
            raise RuntimeError(f"security types {types} include neither None (1) nor VncAuth (2)")
        if await self.read_exact(4) != b"\0\0\0\0":
            raise RuntimeError("SecurityResult was not OK")
        await self.send(b"\x01")  # ClientInit: shared
        width, height = struct.unpack(">HH", await self.read_exact(4))
        await self.read_exact(16)
        name_length = struct.unpack(">I", await self.read_exact(4))[0]
        await self.read_exact(name_length)
        if (width, height) != (WIDTH, HEIGHT):
            raise RuntimeError(f"ServerInit says {width}x{height}")

    async def ping(self, payload: bytes) -> None:
        """A ClientFence carrying 'P' + payload; the source answers with a ServerFence carrying the same."""
        await self.send(fence(b"P" + payload))
        if await self.read_exact(18) != fence(b"P" + payload):
            raise RuntimeError("the echo did not match the ping")


class TCPConnection(Connection):
    """A plain blocking socket (run in the event loop's thread: nothing else is going on)."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = bytearray(1 << 20)

    async def read_exact(self, n: int) -> bytes:
        chunks, need = [], n
        while need:
            chunk = self.sock.recv(need)
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            need -= len(chunk)
        return b"".join(chunks)

    async def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    async def bulk(self, n: int) -> int:
        self.sock.sendall(fence(b"B" + struct.pack(">Q", n)))
        view, got, reads, n = memoryview(self.buffer), 0, 0, bulk_bytes(n)
        while got < n:
            size = self.sock.recv_into(view[:min(len(view), n - got)])
            if not size:
                raise EOFError
            got += size
            reads += 1
        return reads

    async def close(self) -> None:
        self.sock.close()


class WSConnection(Connection):
    """The `websockets` asyncio client: binary frames, no compression, no frame-size limit, no keepalive pings."""

    def __init__(self, ws):
        self.ws = ws
        self.pending = bytearray()

    async def read_exact(self, n: int) -> bytes:
        while len(self.pending) < n:
            message = await self.ws.recv()
            if isinstance(message, str):
                raise RuntimeError("a text frame where binary was expected")
            self.pending += message
        out = bytes(self.pending[:n])
        del self.pending[:n]
        return out

    async def send(self, data: bytes) -> None:
        await self.ws.send(data)

    async def bulk(self, n: int) -> int:
        if self.pending:
            raise RuntimeError("bytes left over before a transfer")
        await self.ws.send(fence(b"B" + struct.pack(">Q", n)))
        got, frames, n = 0, 0, bulk_bytes(n)
        while got < n:
            got += len(await self.ws.recv())
            frames += 1
        if got != n:
            raise RuntimeError(f"received {got} bytes for {n}")
        return frames

    async def close(self) -> None:
        await self.ws.close()


class LeanWSConnection(Connection):
    """A minimal RFC 6455 client on a blocking socket: `recv_into` one 1 MiB buffer, payloads counted, not copied.

    Not what a browser does; it is there to show what a proxy delivers when the client costs next to nothing."""

    def __init__(self, sock: socket.socket, leftover: bytes):
        self.sock = sock
        self.buffer = bytearray(1 << 20)
        self.view = memoryview(self.buffer)
        self.buffer[:len(leftover)] = leftover
        self.start, self.end = 0, len(leftover)
        self.pending = bytearray()

    def _fill(self) -> None:
        if self.start == self.end:
            self.start = self.end = 0
        elif self.end == len(self.buffer):
            size = self.end - self.start
            self.buffer[:size] = self.buffer[self.start:self.end]
            self.start, self.end = 0, size
        received = self.sock.recv_into(self.view[self.end:])
        if not received:
            raise EOFError
        self.end += received

    def _take(self, n: int) -> bytes:
        while self.end - self.start < n:
            self._fill()
        out = bytes(self.view[self.start:self.start + n])
        self.start += n
        return out

    def _header(self) -> tuple[int, int]:
        first, second = self._take(2)
        length = second & 0x7F
        if length == 126:
            length = struct.unpack(">H", self._take(2))[0]
        elif length == 127:
            length = struct.unpack(">Q", self._take(8))[0]
        if second & 0x80:
            raise RuntimeError("the server sent a masked frame")
        return first & 0x0F, length

    def _closed(self, payload: bytes) -> RuntimeError:
        code = struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else None
        return RuntimeError(f"the WebSocket was closed (code {code}: {payload[2:].decode(errors='replace')})")

    async def read_exact(self, n: int) -> bytes:
        while len(self.pending) < n:
            opcode, length = self._header()
            payload = self._take(length)
            if opcode == 8:
                raise self._closed(payload)
            if opcode in (0, 2):
                self.pending += payload
            elif opcode == 1:
                raise RuntimeError("a text frame where binary was expected")
        out = bytes(self.pending[:n])
        del self.pending[:n]
        return out

    def _frame(self, opcode: int, data: bytes) -> bytes:
        mask = os.urandom(4)
        key = int.from_bytes((mask * (len(data) // 4 + 1))[:len(data)], "big")
        masked = (int.from_bytes(data, "big") ^ key).to_bytes(len(data), "big") if data else b""
        length = len(data)
        size = bytes([0x80 | length]) if length < 126 else bytes([0x80 | 126]) + struct.pack(">H", length)
        return bytes([0x80 | opcode]) + size + mask + masked

    async def send(self, data: bytes) -> None:
        self.sock.sendall(self._frame(2, data))

    async def bulk(self, n: int) -> int:
        if self.pending:
            raise RuntimeError("bytes left over before a transfer")
        await self.send(fence(b"B" + struct.pack(">Q", n)))
        got, frames, n = 0, 0, bulk_bytes(n)
        while got < n:
            opcode, length = self._header()
            if opcode == 8:
                raise self._closed(self._take(length))
            remaining = length
            while remaining:
                if self.start == self.end:
                    self._fill()
                step = min(remaining, self.end - self.start)
                self.start += step
                remaining -= step
            if opcode in (0, 2):
                got += length
                frames += 1
        if got != n:
            raise RuntimeError(f"received {got} bytes for {n}")
        return frames

    async def close(self) -> None:
        try:
            self.sock.sendall(self._frame(8, struct.pack(">H", 1000)))
        except OSError:
            pass
        self.sock.close()


def lean_connect(url: str, headers: dict[str, str] | None, origin: str | None) -> LeanWSConnection:
    """The opening handshake by hand; the answer must be 101 with the right Sec-WebSocket-Accept."""
    parts = urllib.parse.urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [f"GET {parts.path or '/'}{'?' + parts.query if parts.query else ''} HTTP/1.1",
             f"Host: {parts.netloc}", "Upgrade: websocket", "Connection: Upgrade",
             f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13", "User-Agent: surgery-bench"]
    lines += [f"Origin: {origin}"] if origin else []
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = sock.recv(65536)
        if not chunk or len(answer) > 65536:
            sock.close()
            raise RuntimeError(f"the WebSocket upgrade to {parts.path} got no complete answer")
        answer += chunk
    head, _, leftover = answer.partition(b"\r\n\r\n")
    status = head.split(b"\r\n", 1)[0].decode(errors="replace")
    expected = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
    if " 101 " not in status + " " or expected not in head:
        sock.close()
        raise RuntimeError(f"the WebSocket upgrade to {parts.path} was answered {status!r}")
    return LeanWSConnection(sock, leftover)


CLIENTS = ("websockets", "lean")
CLIENT = "websockets"  # which WebSocket client websocket_open uses (bench/gateway.py --client)


async def websocket_open(url: str, headers: dict[str, str] | None = None, origin: str | None = None) -> Connection:
    if CLIENT == "lean":
        connection = lean_connect(url, headers, origin)
        await connection.handshake()
        return connection
    try:
        ws = await connect(url, origin=origin, additional_headers=headers, compression=None, max_size=None,
                           ping_interval=None, proxy=None, open_timeout=20, close_timeout=5,
                           user_agent_header="surgery-bench")
    except websockets.InvalidStatus as refused:
        raise RuntimeError(f"the WebSocket upgrade to {url.split('?')[0]} was answered "
                           f"HTTP {refused.response.status_code}") from None
    connection = WSConnection(ws)
    try:
        await asyncio.wait_for(connection.handshake(), 20)
    except websockets.ConnectionClosed as closed:
        received = closed.rcvd
        detail = f"code {received.code}: {received.reason}" if received else "no close frame"
        raise RuntimeError(f"the WebSocket was closed during the RFB handshake ({detail})") from None
    return connection
