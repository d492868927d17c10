"""The bench's desktop host: just enough of an RFB 3.8 server, signing viewers in with VncAuth as a real host does.

Used by bench/gateway.py, which runs `run_source` in a forked process so that it shares no GIL with the
client. Two listeners: raw RFB over TCP (what websockify and the gateway connect to) and the same over the
source's own WebSocket endpoint (the client's ceiling: no proxy in between).

The handshake: security types VeNCrypt and VncAuth offered as TigerVNC does, VncAuth accepted (DES over a
16-byte challenge with PASSWORD), ServerInit 1920x1080, 32 bpp. Then real RFB messages only, so that the
gateway follows them as it follows a desktop's (and enforces the pool's clipboard policy on them):
  ClientFence with payload 'B' + 8-byte big-endian N -> FramebufferUpdates of one Raw 1920x1080 rectangle
        (16 bytes of header and the framebuffer), as many as carry N bytes of pixels: `bulk_bytes(N)` in all;
  ClientFence with payload 'P' + 8 bytes             -> ServerFence with the same payload at once.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import socket
import struct
import threading

WIDTH, HEIGHT, BYTES_PER_PIXEL = 1920, 1080, 4
FRAMEBUFFER_BYTES = WIDTH * HEIGHT * BYTES_PER_PIXEL  # 8,294,400: one desktop frame, resent for a bulk transfer
WEBSOCKET_FRAME_BYTES = 1 << 20  # frames of the WebSocket endpoint; bench/gateway.py sets it before the fork
PASSWORD = "benchpw1"  # the host's VncAuth password; the gateway's pool file names it as the host's secret
UPDATE_HEADER = struct.pack(">BxH", 0, 1) + struct.pack(">HHHHi", 0, 0, WIDTH, HEIGHT, 0)  # one Raw rectangle


def bulk_bytes(count: int) -> int:
    """What the source sends for a bulk request of `count` bytes: whole updates, each a header and a framebuffer."""
    updates = -(-count // FRAMEBUFFER_BYTES)
    return updates * (len(UPDATE_HEADER) + FRAMEBUFFER_BYTES)


def fence(payload: bytes) -> bytes:
    """ClientFence or ServerFence (the same layout): type 248, 3 bytes of padding, flags 0, the payload."""
    return struct.pack(">B3xIB", 248, 0, len(payload)) + payload


def vnc_auth_response(challenge: bytes, password: str) -> bytes:
    """VncAuth: the 16-byte challenge DES-encrypted with the password (8 bytes, NUL-padded, each byte's bits reversed)."""
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
    from cryptography.hazmat.primitives.ciphers import Cipher, modes
    key = bytes(int(f"{byte:08b}"[::-1], 2) for byte in password.encode("latin-1")[:8].ljust(8, b"\0"))
    encryptor = Cipher(TripleDES(key * 3), modes.ECB()).encryptor()  # three equal keys: single DES
    return encryptor.update(challenge) + encryptor.finalize()



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
        for _ in range(-(-count // FRAMEBUFFER_BYTES)):
            self.conn.sendall(UPDATE_HEADER)
            self.conn.sendall(framebuffer)


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
        for _ in range(-(-count // FRAMEBUFFER_BYTES)):
            self.send(UPDATE_HEADER)
            for offset in range(0, len(framebuffer), WEBSOCKET_FRAME_BYTES):
                piece = framebuffer[offset:offset + WEBSOCKET_FRAME_BYTES]
                self.conn.sendall(self.header(len(piece)))
                self.conn.sendall(piece)


def server_init() -> bytes:
    """ServerInit: 1920x1080, 32 bits per pixel, depth 24, little-endian true colour, and a desktop name."""
    pixel_format = struct.pack(">BBBBHHHBBB3x", 32, 24, 0, 1, 255, 255, 255, 16, 8, 0)
    name = b"bench desktop"
    return struct.pack(">HH", WIDTH, HEIGHT) + pixel_format + struct.pack(">I", len(name)) + name


def serve_connection(conn: socket.socket, websocket: bool, framebuffer: memoryview) -> None:
    """RFB 3.8 as a server signing the viewer in with VncAuth, then the bench's fences until the client goes."""
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        peer = WebSocketPeer(conn) if websocket else Peer(conn)
        peer.send(b"RFB 003.008\n")
        peer.read_exact(12)  # the client's version (a health check closes here)
        peer.send(bytes([2, 19, 2]))  # VeNCrypt and VncAuth, as TigerVNC offers them
        if peer.read_exact(1) != b"\x02":
            return
        challenge = os.urandom(16)
        peer.send(challenge)
        if peer.read_exact(16) != vnc_auth_response(challenge, PASSWORD):
            reason = b"Authentication failure"
            peer.send(struct.pack(">II", 1, len(reason)) + reason)
            return
        peer.send(b"\0\0\0\0")  # SecurityResult OK
        peer.read_exact(1)  # ClientInit (shared flag)
        peer.send(server_init())
        while True:
            kind = peer.read_exact(1)[0]
            if kind == 248:  # ClientFence: the bench's commands
                length = peer.read_exact(8)[7]
                payload = peer.read_exact(length)
                if payload[:1] == b"B":
                    peer.send_bulk(struct.unpack(">Q", payload[1:9])[0], framebuffer)
                elif payload[:1] == b"P":
                    peer.send(fence(payload))
            elif kind == 2:  # SetEncodings: noted, as every encoding the bench sends is Raw
                peer.read_exact(4 * struct.unpack(">xH", peer.read_exact(3))[0])
            elif kind == 3:  # FramebufferUpdateRequest: the bench sends updates only when asked by a fence
                peer.read_exact(9)
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
