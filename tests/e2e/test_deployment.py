"""The deployment kit on one machine: deploy/nginx/surgery.conf (with a self-signed certificate, ports moved to free
loopback ones) in front of two instances sharing one PostgreSQL, as docs/deployment.md sets them up. Through nginx:
TLS with HTTP/2, the HTTP to HTTPS redirect, a patient's page in a browser with the Content-Security-Policy intact,
a large patient form reaching the app (never nginx's 413), a WebSocket upgrade reaching the desktop gateway, and
traffic moving to the other instance when one is SIGKILLed."""
import os
import re
import secrets
import shutil
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import expect

from conftest import REPO, _free_port, watch_csp
from video_helpers import postgres_env, psql, run_surgery, start_instance, stop_instance

KIT = REPO / "deploy" / "nginx" / "surgery.conf"
START_DEADLINE = 30  # seconds for nginx to answer


def curl(*args: str, timeout: int = 20) -> str:
    """curl's `-w` output for a request through nginx (certificate not checked: it is self-signed)."""
    done = subprocess.run(["curl", "-sk", "-o", "/dev/null", *args], capture_output=True, text=True, timeout=timeout)
    return done.stdout.strip()


def site_config(ports: tuple[int, int], https: int, http: int, cert: Path, key: Path) -> str:
    """The kit's site with its upstreams, listen addresses and certificate moved to this test's."""
    text = KIT.read_text()
    replacements = [
        ("127.0.0.1:8081", f"127.0.0.1:{ports[0]}"), ("127.0.0.1:8082", f"127.0.0.1:{ports[1]}"),
        ("listen 80;", f"listen 127.0.0.1:{http};"), ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
        ("/etc/ssl/surgery/fullchain.pem", str(cert)), ("/etc/ssl/surgery/privkey.pem", str(key)),
    ]
    for old, new in replacements:
        assert old in text, f"the kit's site no longer holds {old!r}: update this test with it"
        text = text.replace(old, new)
    return "\n".join(line for line in text.splitlines() if "[::]" not in line)


def start_nginx(tmp: Path, site: str) -> subprocess.Popen:
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / folder).mkdir()
    (tmp / "site.conf").write_text(site)
    (tmp / "nginx.conf").write_text(f"""
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 512; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
""")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    checked = subprocess.run([nginx, "-t", "-p", str(tmp), "-c", str(tmp / "nginx.conf")], capture_output=True, text=True,
                             timeout=30)
    assert checked.returncode == 0, f"nginx -t refused the kit's site:\n{checked.stderr}"
    return subprocess.Popen([nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_the_kits_nginx_site_in_front_of_two_instances(server, browser, tmp_path):
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url:
        pytest.fail("TEST_DATABASE_URL is not set: this test needs PostgreSQL (scripts/run-tests.sh starts one).",
                    pytrace=False)
    name = "e2e_deploy_" + secrets.token_hex(6)
    psql(url, f"CREATE DATABASE {name}")
    https, http = _free_port(), _free_port()
    env = postgres_env(urlunsplit(urlsplit(url)._replace(path="/" + name)))
    env.update(TRUSTED_PROXIES="127.0.0.1/32", PUBLIC_BASE_URL=f"https://127.0.0.1:{https}")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    instances, nginx = [], None
    try:
        run_surgery(server.binary, env, "migrate")
        run_surgery(server.binary, env, "seed-demo", "--credentials-file", str(tmp_path / "credentials.json"))
        instances = [start_instance(server.binary, env, tmp_path / f"instance-{n}.log") for n in ("a", "b")]
        ports = tuple(int(urlsplit(i.base_url).port) for i in instances)
        nginx_dir = tmp_path / "nginx"
        nginx_dir.mkdir()
        nginx = start_nginx(nginx_dir, site_config(ports, https, http, cert, key))
        base = f"https://127.0.0.1:{https}"
        deadline = time.monotonic() + START_DEADLINE
        while curl("-w", "%{http_code}", f"{base}/healthz") != "200":
            assert nginx.poll() is None, f"nginx exited: {(nginx_dir / 'error.log').read_text()}"
            assert time.monotonic() < deadline, "nginx did not answer /healthz in time"
            time.sleep(0.2)  # polling nginx's first answer, with a deadline

        # TLS with HTTP/2, and plain HTTP sent to HTTPS
        assert curl("--http2", "-w", "%{http_code} %{http_version}", f"{base}/healthz") == "200 2"
        redirect = curl("-w", "%{http_code} %{redirect_url}", f"http://127.0.0.1:{http}/request/L81101")
        assert re.match(r"^301 https://127\.0\.0\.1(:\d+)?/request/L81101$", redirect), redirect

        # a patient's first page through nginx, in a browser, with nothing refused by the CSP
        context = browser.new_context(base_url=base, ignore_https_errors=True)
        try:
            page = context.new_page()
            refused = watch_csp(page, [])
            page.goto("/request/L81101")
            expect(page.get_by_role("heading", level=1)).to_contain_text("online")
            expect(page.get_by_role("radio", name="Me", exact=True)).to_be_visible()
            assert not refused, f"the Content-Security-Policy refused through nginx: {refused}"
        finally:
            context.close()

        # a form as large as a patient's with five photos reaches the app: its answer, not nginx's 413
        body = tmp_path / "large.bin"
        body.write_bytes(os.urandom(40 * 1024 * 1024))
        status = curl("-w", "%{http_code}", "-H", "Content-Type: application/octet-stream", "--data-binary", f"@{body}",
                      f"{base}/request/L81101/send", timeout=60)
        assert status not in ("413", "502", "504"), f"a 40 MB form was answered {status} by nginx"

        # the desktop gateway's WebSocket upgrade passes through (the app answers 101, then refuses inside it)
        upgrade = curl("--http1.1", "--max-time", "3", "-w", "%{http_code}", "-H", "Connection: Upgrade",
                       "-H", "Upgrade: websocket", "-H", "Sec-WebSocket-Version: 13",
                       "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "-H", f"Origin: {base}",
                       f"{base}/desktops/gateway")
        assert upgrade == "101", f"the WebSocket upgrade was answered {upgrade}"

        # one instance SIGKILLed: every request still answered, by the other
        instances[0].process.send_signal(signal.SIGKILL)
        instances[0].process.wait(timeout=15)
        answers = [curl("-w", "%{http_code}", f"{base}/healthz") for _ in range(20)]
        assert answers == ["200"] * 20, f"after one instance died: {answers}"
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=15)
        for instance in instances:
            if instance.process.poll() is None:
                stop_instance(instance)
        psql(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
