"""What the kit's nginx site (deploy/nginx/surgery.conf) tells the instances behind it on a WebSocket upgrade: the
desktop gateway and video signalling trust X-Forwarded-For from nginx, so it must end with the address nginx saw, not
only an address the client wrote; and Host and X-Forwarded-Proto must arrive, as on every other request.

nginx copies the server's `proxy_set_header` lines into a location only when the location sets none of its own, and
the WebSocket location sets Upgrade and Connection: this test catches a site that forgets to repeat the others there.
Behind nginx is a small upstream of the test's own, a real HTTP server on loopback that records the headers of each
request and answers a WebSocket upgrade with 101, so the test needs neither the server nor a database."""
import base64
import hashlib
import http.server
import socket
import ssl
import threading
import time

from conftest import _free_port
from deploy_kit import self_signed_certificate, site_config, start_nginx, stop_nginx

FORGED = "203.0.113.66"  # an address the client claims for itself (TEST-NET-3)
WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
PATHS = ("/desktops/gateway", "/video/abc/signal", "/consult/video/abc/signal", "/request/L81101")


class Recorder(http.server.BaseHTTPRequestHandler):
    """Records each request's path and headers; answers a WebSocket upgrade with 101, anything else with 200."""
    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, dict[str, list[str]]]] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        headers: dict[str, list[str]] = {}
        for name, value in self.headers.items():
            headers.setdefault(name.lower(), []).append(value)
        Recorder.seen.append((self.path, headers))
        if self.headers.get("Upgrade", "").lower() == "websocket":
            accept = base64.b64encode(hashlib.sha1((self.headers["Sec-WebSocket-Key"] + WEBSOCKET_GUID).encode())
                                      .digest()).decode()
            self.send_response(101)
            self.send_header("Upgrade", "websocket")
            self.send_header("Connection", "Upgrade")
            self.send_header("Sec-WebSocket-Accept", accept)
            self.end_headers()
            self.close_connection = True
        else:
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        if self.path == "/healthz":
            Recorder.seen.pop()

    def log_message(self, *args):
        pass


def wait_for_port(nginx, port: int, error_log) -> None:
    """Returns once nginx accepts connections on `port`; fails if it exits or takes longer than 30 s."""
    deadline = time.monotonic() + 30
    while True:
        assert nginx.poll() is None, f"nginx exited: {error_log.read_text()}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
            return
        except OSError:
            assert time.monotonic() < deadline, "nginx did not listen in time"
            time.sleep(0.1)  # polling nginx's listening socket, with a deadline


def upgrade_through(https: int, path: str) -> str:
    """A WebSocket upgrade (or a plain GET for a page) through nginx with a forged X-Forwarded-For; nginx's status line."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's certificate is self-signed
    with socket.create_connection(("127.0.0.1", https), timeout=10) as raw, \
            context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
        lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{https}", f"X-Forwarded-For: {FORGED}"]
        if path != "/request/L81101":
            lines += ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", f"Origin: https://127.0.0.1:{https}"]
        else:
            lines += ["Connection: close"]
        tls.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        answer = b""
        while b"\r\n" not in answer:
            chunk = tls.recv(4096)
            if not chunk:
                break
            answer += chunk
        return answer.split(b"\r\n")[0].decode()


def test_the_websocket_location_passes_host_and_the_real_client_address(tmp_path):
    upstreams = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder) for _ in range(2)]
    threads = [threading.Thread(target=u.serve_forever, daemon=True) for u in upstreams]
    Recorder.seen = []
    https, http_port = _free_port(), _free_port()
    cert, key = self_signed_certificate(tmp_path)
    nginx = None
    try:
        for thread in threads:
            thread.start()
        ports = tuple(u.server_address[1] for u in upstreams)
        nginx = start_nginx(tmp_path, site_config(ports, https, http_port, cert, key))
        wait_for_port(nginx, https, tmp_path / "error.log")

        for path in PATHS:
            status = upgrade_through(https, path)
            expected = "200" if path == "/request/L81101" else "101"
            assert status.split()[1] == expected, f"{path} through nginx was answered {status!r}"

        by_path = {path: headers for path, headers in Recorder.seen}
        assert set(by_path) == set(PATHS), f"the upstream saw {sorted(by_path)}"
        for path, headers in by_path.items():
            forwarded = [a.strip() for a in ",".join(headers.get("x-forwarded-for", [])).split(",") if a.strip()]
            assert forwarded and forwarded[-1] == "127.0.0.1", \
                f"{path}: X-Forwarded-For {forwarded} does not end with the client's real address (127.0.0.1)"
            assert headers.get("x-forwarded-proto") == ["https"], \
                f"{path}: X-Forwarded-Proto {headers.get('x-forwarded-proto')} (expected https)"
            assert headers.get("host") == [f"127.0.0.1:{https}"], \
                f"{path}: Host {headers.get('host')} (expected the address the browser used, 127.0.0.1:{https})"
    finally:
        if nginx is not None:
            stop_nginx(nginx)
        for upstream in upstreams:
            upstream.shutdown()
            upstream.server_close()
