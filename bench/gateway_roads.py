"""The four roads bench/gateway.py drives its client along: a plain socket, the source's own WebSocket,
websockify, and `surgery serve`'s desktop gateway (with the sign-in and pool it needs)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import rfb_source
from benchlib import Database, Server, StaffBrowser, free_port, log, process_cpu_seconds, process_tree_cpu_seconds
from rfb_client import Connection, TCPConnection, websocket_open

DEBIAN_PYTHON = "/usr/bin/python3"
WEBSOCKIFY = "/usr/bin/websockify"
POOL_NAME = "Bench desktops"
STAFF_NAME = "Dan Evans"  # receptionist at L81101; seed-demo gives him the openDesktop permission

# ---------------------------------------------------------------------------------------------------------------
# The roads.

class Road:
    """One way from the client to the source; `open` gives a connection that has done the RFB handshake."""

    name = ""
    proxy_pid: int | None = None  # whose CPU is the proxy's
    tree = False  # count forked children (websockify)
    note = ""

    async def open(self) -> "Connection":
        raise NotImplementedError

    def diagnosis(self) -> str:
        """What the proxy logged, when something failed."""
        return ""

    def proxy_cpu(self) -> float:
        if self.proxy_pid is None:
            return 0.0
        return process_tree_cpu_seconds(self.proxy_pid) if self.tree else process_cpu_seconds(self.proxy_pid)


class TCPRoad(Road):
    name = "tcp"
    note = "plain socket to the source (the source's ceiling)"

    def __init__(self, port: int):
        self.port = port

    async def open(self) -> Connection:
        connection = TCPConnection(self.port)
        await connection.handshake()
        return connection


class DirectWebSocketRoad(Road):
    name = "direct-ws"

    def __init__(self, port: int):
        self.port = port
        frame_kib = rfb_source.WEBSOCKET_FRAME_BYTES >> 10
        self.note = f"the source's own WebSocket endpoint, {frame_kib} KiB frames (the client's ceiling)"

    async def open(self) -> Connection:
        return await websocket_open(f"ws://127.0.0.1:{self.port}/")


class WebsockifyRoad(Road):
    name = "websockify"
    tree = True

    def __init__(self, workdir: Path, source_port: int):
        self.port = free_port()
        self.source_port = source_port
        self.log_path = workdir / "websockify.log"
        self.process: subprocess.Popen[bytes] | None = None
        version = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "python3-websockify"],
                                 capture_output=True, text=True).stdout.strip() or "?"
        self.note = f"Debian python3-websockify {version}, forks per connection (children counted)"

    def start(self) -> None:
        source_port = self.source_port
        with open(self.log_path, "ab") as log_file:
            self.process = subprocess.Popen(
                [DEBIAN_PYTHON, WEBSOCKIFY, f"127.0.0.1:{self.port}", f"127.0.0.1:{source_port}"],
                stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
            )
        self.proxy_pid = self.process.pid
        wait_listening(self.port, self.process, self.log_path)

    async def open(self) -> Connection:
        return await websocket_open(f"ws://127.0.0.1:{self.port}/")

    def diagnosis(self) -> str:
        return log_tail(self.log_path)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # its own session: it and its per-connection children
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


class GatewayRoad(Road):
    """The app: a fresh SQLite, the demo people, a one-seat pool on the source, `serve`, and Dan Evans signed in."""

    name = "gateway"

    def __init__(self, binary: Path, workdir: Path, source_port: int, clipboard: str = "off"):
        self.binary = binary
        self.clipboard = clipboard
        self.workdir = workdir
        self.source_port = source_port
        self.database = Database("sqlite", workdir)
        self.server: Server | None = None
        self.note = (f"{binary}, pool clipboard {clipboard}"
                     + ("  (a DEBUG build: slow, not the figure to quote)" if "/debug/" in str(binary) else ""))

    def start(self) -> None:
        binary, workdir, source_port = self.binary, self.workdir, self.source_port
        probe = subprocess.run([str(binary), "desktop-pools", "--help"], cwd=workdir, capture_output=True, text=True,
                               env={**self.database.env(), "SWIFT_BACKTRACE": "enable=no"}, timeout=60)
        if probe.returncode != 0:
            said = probe.stdout + probe.stderr
            if "unknownCommand" in said:
                raise RuntimeError(f"{binary} has no `desktop-pools` command: the desktop gateway is not in this build")
            raise RuntimeError(f"`surgery desktop-pools --help` failed ({probe.returncode}): {said.strip()[:300]}")
        log("bench: gateway: migrate, seed-demo")
        self.database.prepare(binary)
        pool = workdir / "pool.json"
        pool.write_text(json.dumps({
            "name": POOL_NAME, "placement": "breadthFirst", "organisations": ["L81101"], "roles": [],
            "disconnectedTimeoutSeconds": 1200, "idleTimeoutSeconds": 1800,
            "resetCommand": ["/bin/true"], "clipboard": self.clipboard,
            "hosts": [{"name": "bench-host", "address": "127.0.0.1", "secret": rfb_source.PASSWORD,
                       "seats": [{"name": "bench-seat", "host": "127.0.0.1", "port": source_port}]}],
        }, indent=2))
        self.database.command(binary, ["desktop-pools", "load", str(pool)])
        port = free_port()
        self.server = Server(binary, self.database, port=port,
                             extra_env={"PUBLIC_BASE_URL": f"http://127.0.0.1:{port}", "DESKTOP_HEALTH_SECONDS": "5"})
        self.server.start()
        self.proxy_pid = self.server.pid
        log(f"bench: gateway: server pid {self.server.pid} on 127.0.0.1:{port}; signing in {STAFF_NAME}")
        self.browser = StaffBrowser(port)
        self.browser.sign_in(self.database.credentials_path, STAFF_NAME)
        status, _, page = self.browser.request("GET", "/desktops")
        # one <section> per pool Dan may use (the demo may have its own pool too): the one headed with ours
        ours = [part for part in page.split(b"<section")[1:] if POOL_NAME.encode() in part]
        match = re.search(rb'action="/desktops/([^/"]+)/open"', ours[0]) if ours else None
        if status != 200 or not match:
            raise RuntimeError(f"GET /desktops gave {status} with no \"Open my desktop\" form in a section for "
                               f"{POOL_NAME!r} (the desktop pages missing, or {STAFF_NAME} may not use the pool)")
        self.pool_id = match.group(1).decode()
        self.take_seat()

    def take_seat(self, deadline_seconds: float = 30) -> None:
        """Open the desktop until the broker gives Dan the seat (the host's first health check may still be due)."""
        deadline = time.monotonic() + deadline_seconds
        while True:
            status, _, body = self.browser.request("POST", f"/desktops/{self.pool_id}/open")
            if status not in (302, 303):
                raise RuntimeError(f"POST /desktops/{self.pool_id}/open gave {status}: {body[:200]!r}")
            status, _, body = self.browser.request("POST", f"/desktops/{self.pool_id}/ticket")
            if status == 200:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"no seat within {deadline_seconds:.0f}s: the ticket gave {status}: {body[:200]!r}")
            time.sleep(1)

    async def open(self) -> Connection:
        status, _, body = self.browser.request("POST", f"/desktops/{self.pool_id}/ticket")
        if status != 200:
            raise RuntimeError(f"POST /desktops/{self.pool_id}/ticket gave {status}: {body[:200]!r}")
        path = json.loads(body)["path"]
        cookie = "; ".join(f"{name}={value}" for name, value in self.browser.cookies.items())
        return await websocket_open(f"ws://127.0.0.1:{self.browser.port}{path}", headers={"Cookie": cookie},
                                    origin=self.browser.base_url)

    def diagnosis(self) -> str:
        return log_tail(self.server.log_path) if self.server else ""

    def stop(self) -> None:
        if self.server:
            self.server.stop()


def log_tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return ""


def wait_listening(port: int, process: subprocess.Popen, log_path: Path, deadline_seconds: float = 20) -> None:
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}: {log_path.read_text()[-500:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"not listening on {port} within {deadline_seconds:.0f}s; see {log_path}")


# ---------------------------------------------------------------------------------------------------------------
# Measuring.
