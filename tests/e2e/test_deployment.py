"""The deployment kit on one machine: deploy/nginx/surgery.conf (with a self-signed certificate, ports moved to free
loopback ones) in front of two instances sharing one PostgreSQL, as docs/deployment.md sets them up. Through nginx:
TLS with HTTP/2, the HTTP to HTTPS redirect, a patient's page in a browser with the Content-Security-Policy intact,
a large patient form reaching the app (never nginx's 413), a WebSocket upgrade reaching the desktop gateway, and
traffic moving to the other instance when one is SIGKILLed."""
import os
import re
import secrets
import signal
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import expect

from conftest import _free_port, watch_csp
from deploy_kit import curl, self_signed_certificate, site_config, start_nginx, stop_nginx, wait_for_nginx
from video_helpers import postgres_env, psql, run_surgery, start_instance, stop_instance

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
    cert, key = self_signed_certificate(tmp_path)
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
        wait_for_nginx(nginx, base, nginx_dir / "error.log")

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
        assert status not in ("413", "502", "503", "504"), f"a 40 MB form was answered {status} by nginx"

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
            stop_nginx(nginx)
        for instance in instances:
            if instance.process.poll() is None:
                stop_instance(instance)
        psql(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
