"""The bench's desktop host: just enough of an RFB 3.8 server, then a bulk-transfer and echo protocol.

Used by bench/gateway.py, which runs `run_source` in a forked process so that it shares no GIL with the
client. Two listeners: raw RFB over TCP (what websockify and the gateway connect to) and the same over the
source's own WebSocket endpoint (the client's ceiling: no proxy in between).

After the handshake (security type None only; ServerInit 1920x1080, 32 bpp):
  'B' + 8-byte big-endian N  -> N bytes as fast as the source can send them (one framebuffer, again and again);
  'P' + 8 bytes              -> 'P' + the same 8 bytes at once.
"""

from __future__ import annotations

import base64
import hashlib
import re
import socket
import struct
import threading

WIDTH, HEIGHT, BYTES_PER_PIXEL = 1920, 1080, 4
FRAMEBUFFER_BYTES = WIDTH * HEIGHT * BYTES_PER_PIXEL  # 8,294,400: one desktop frame, resent for a bulk transfer
WEBSOCKET_FRAME_BYTES = 1 << 20  # frames of the WebSocket endpoint; bench/gateway.py sets it before the fork



class Peer:
    """The source's side of one connection: read exactly n bytes, send bytes."""

    def __init__(self, conn: socket.socket):
        self.conn = conn

    def read_exact(self, n: int) -> bytes:
        chunks, need = [], n
        while need:
            chunk = self.conn.recv(need)
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            need -= len(chunk)
        return b"".join(chunks)

    def send(self, data: bytes) -> None:
        self.conn.sendall(data)

    def send_bulk(self, count: int, framebuffer: memoryview) -> None:
        while count:
            piece = framebuffer[:min(count, len(framebuffer))]
            self.conn.sendall(piece)
            count -= len(piece)


class WebSocketPeer(Peer):
    """The same over a server-side WebSocket (RFC 6455): unmasked binary frames out, masked frames in."""

    def __init__(self, conn: socket.socket):
        super().__init__(conn)
        self.pending = bytearray()
        self.accept()

    def accept(self) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = self.conn.recv(4096)
            if not chunk or len(request) > 65536:
                raise EOFError
            request += chunk
        match = re.search(rb"(?im)^sec-websocket-key:\s*(\S+)", request)
        if not match:
            raise EOFError
        accept = base64.b64encode(hashlib.sha1(match.group(1) + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest())
        self.conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")

    def read_exact(self, n: int) -> bytes:
        while len(self.pending) < n:
            head = super().read_exact(2)
            opcode, length = head[0] & 0x0F, head[1] & 0x7F
            if length == 126:
                length = struct.unpack(">H", super().read_exact(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", super().read_exact(8))[0]
            mask = super().read_exact(4) if head[1] & 0x80 else b"\0\0\0\0"
            payload = super().read_exact(length)
            if opcode == 8:
                raise EOFError
            if opcode in (9, 10):
                continue  # the client sends no pings here; ignore them if it does
            key = int.from_bytes((mask * (length // 4 + 1))[:length], "big")
            self.pending += (int.from_bytes(payload, "big") ^ key).to_bytes(length, "big")
        out = bytes(self.pending[:n])
        del self.pending[:n]
        return out

    @staticmethod
    def header(length: int) -> bytes:
        if length < 126:
            return bytes([0x82, length])
        if length < 65536:
            return bytes([0x82, 126]) + struct.pack(">H", length)
        return bytes([0x82, 127]) + struct.pack(">Q", length)

    def send(self, data: bytes) -> None:
        self.conn.sendall(self.header(len(data)) + data)

    def send_bulk(self, count: int, framebuffer: memoryview) -> None:
        offset = 0
        while count:
            size = min(count, WEBSOCKET_FRAME_BYTES, len(framebuffer) - offset)
            self.conn.sendall(self.header(size))
            self.conn.sendall(framebuffer[offset:offset + size])
            offset = (offset + size) % len(framebuffer)
            count -= size


def server_init() -> bytes:
    """ServerInit: 1920x1080, 32 bits per pixel, depth 24, little-endian true colour, and a desktop name."""
    pixel_format = struct.pack(">BBBBHHHBBB3x", 32, 24, 0, 1, 255, 255, 255, 16, 8, 0)
    name = b"bench desktop"
    return struct.pack(">HH", WIDTH, HEIGHT) + pixel_format + struct.pack(">I", len(name)) + name


def serve_connection(conn: socket.socket, websocket: bool, framebuffer: memoryview) -> None:
    """RFB 3.8 as a server offering security None, then the bench protocol until the client goes."""
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        peer = WebSocketPeer(conn) if websocket else Peer(conn)
        peer.send(b"RFB 003.008\n")
        peer.read_exact(12)  # the client's version (a health check closes here)
        peer.send(bytes([1, 1]))  # one security type: None
        if peer.read_exact(1) != b"\x01":
            return
        peer.send(b"\0\0\0\0")  # SecurityResult OK
        peer.read_exact(1)  # ClientInit (shared flag)
        peer.send(server_init())
        while True:
            command = peer.read_exact(1)
            if command == b"B":
                peer.send_bulk(struct.unpack(">Q", peer.read_exact(8))[0], framebuffer)
            elif command == b"P":
                peer.send(b"P" + peer.read_exact(8))
            else:
                return
    except (EOFError, OSError):
        pass
    finally:
        conn.close()


def run_source(rfb: socket.socket, ws: socket.socket) -> None:
    """The source process: a thread per connection (the gateway's health checks arrive beside a transfer)."""
    framebuffer = memoryview(bytes(i * 2654435761 >> 13 & 0xFF for i in range(4096)) * (FRAMEBUFFER_BYTES // 4096)
                             + bytes(FRAMEBUFFER_BYTES % 4096))

    def accept_loop(listener: socket.socket, websocket: bool) -> None:
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve_connection, args=(conn, websocket, framebuffer), daemon=True).start()

    threading.Thread(target=accept_loop, args=(ws, True), daemon=True).start()
    accept_loop(rfb, False)
