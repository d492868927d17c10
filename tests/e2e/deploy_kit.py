"""The deployment on one machine, as docs/deployment.md sets it up: the kit's nginx site (deploy/nginx/surgery.conf,
with a self-signed certificate and its ports moved to free loopback ones) in front of two instances sharing one
PostgreSQL database; and the patients' forms the deployment and fault tests send through it.

The test's own nginx.conf (around the kit's site, never in it) adds `X-Served-By: $upstream_addr` to every answer,
so that a test knows which instance answered a request, a server-sent-events stream or a WebSocket upgrade."""
import os
import shutil
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import REPO
from video_helpers import start_instance, stop_instance

sys.path.insert(0, str(REPO / "bench"))
from benchlib import screen_proof  # noqa: E402  (the bench's signer, checked there against the server)

KIT = REPO / "deploy" / "nginx" / "surgery.conf"
NGINX_DEADLINE = 30  # seconds for nginx to answer
PRACTICE_ODS = "L81101"
CSRF = "deploykitcsrftoken0123456789"
CONFIRMED = 303  # the form's answer when the request is stored: a redirect to its confirmation
UNVERIFIED = ssl.create_default_context()
UNVERIFIED.check_hostname = False
UNVERIFIED.verify_mode = ssl.CERT_NONE  # the test's certificate is self-signed


def curl(*args: str, timeout: int = 20) -> str:
    """curl's `-w` output for a request through nginx (certificate not checked: it is self-signed)."""
    done = subprocess.run(["curl", "-sk", "-o", "/dev/null", *args], capture_output=True, text=True, timeout=timeout)
    return done.stdout.strip()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def site_config(ports: tuple[int, int], https: int, http: int, cert: Path, key: Path) -> str:
    """The kit's site with its upstreams, listen addresses and certificate moved to this test's."""
    text = KIT.read_text()
    replacements = [
        ("127.0.0.1:8081", f"127.0.0.1:{ports[0]}"), ("127.0.0.1:8082", f"127.0.0.1:{ports[1]}"),
        ("listen 80 default_server;", f"listen 127.0.0.1:{http} default_server;"), ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
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
    log_format served '$request_method $uri $status $upstream_addr';
    access_log {tmp}/access.log served;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    # for the tests alone: which instance answered (never in the kit: it would tell the internet its addresses)
    add_header X-Served-By $upstream_addr always;
    include {tmp}/site.conf;
}}
""")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    checked = subprocess.run([nginx, "-t", "-p", str(tmp), "-c", str(tmp / "nginx.conf")], capture_output=True, text=True,
                             timeout=30)
    assert checked.returncode == 0, f"nginx -t refused the kit's site:\n{checked.stderr}"
    return subprocess.Popen([nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_nginx(nginx: subprocess.Popen, base: str, error_log: Path) -> None:
    deadline = time.monotonic() + NGINX_DEADLINE
    while curl("-w", "%{http_code}", f"{base}/healthz") != "200":
        assert nginx.poll() is None, f"nginx exited: {error_log.read_text()}"
        assert time.monotonic() < deadline, "nginx did not answer /healthz in time"
        time.sleep(0.2)  # polling nginx's first answer, with a deadline


def stop_nginx(nginx: subprocess.Popen) -> None:
    nginx.terminate()
    try:
        nginx.wait(timeout=15)
    except subprocess.TimeoutExpired:
        nginx.kill()
        nginx.wait(timeout=15)


class Deployment:
    """Instances "a" and "b" of `surgery serve` on fixed loopback ports over one PostgreSQL database (`url`), behind
    the kit's nginx at `base` (https). kill() and restart() play the faults; served_by() names the instance from
    nginx's X-Served-By."""

    def __init__(self, binary: Path, url: str, env: dict, folder: Path):
        self.binary, self.url, self.env, self.folder = binary, url, env, folder
        self.instances: dict[str, SimpleNamespace] = {}
        self.nginx = None

    def start(self, ports: tuple[int, int], https: int, http: int) -> None:
        self.base = f"https://127.0.0.1:{https}"
        for name, port in zip(("a", "b"), ports, strict=True):
            self.instances[name] = start_instance(self.binary, self.env, self.folder / f"instance-{name}.log", port=port)
        cert, key = self_signed_certificate(self.folder)
        nginx_dir = self.folder / "nginx"
        nginx_dir.mkdir()
        self.nginx = start_nginx(nginx_dir, site_config(ports, https, http, cert, key))
        wait_for_nginx(self.nginx, self.base, nginx_dir / "error.log")

    def port(self, name: str) -> int:
        return int(urllib.parse.urlsplit(self.instances[name].base_url).port)

    def served_by(self, upstream: str) -> str:
        """The instance that answered, from nginx's $upstream_addr (the last address tried)."""
        last = upstream.split(",")[-1].strip()
        for name in self.instances:
            if last == f"127.0.0.1:{self.port(name)}":
                return name
        return f"none ({upstream!r})"

    def kill(self, name: str) -> None:
        """SIGKILL, as a crash or the kernel's OOM killer would."""
        process = self.instances[name].process
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=15)

    def restart(self, name: str) -> None:
        """The instance started again on its port, as systemd's Restart= would; returns once it answers."""
        assert self.instances[name].process.poll() is not None, "restart() is for an instance that has died"
        log = self.folder / f"instance-{name}-{len(list(self.folder.glob(f'instance-{name}*.log')))}.log"
        self.instances[name] = start_instance(self.binary, self.env, log, port=self.port(name))

    def close(self) -> None:
        if self.nginx is not None:
            stop_nginx(self.nginx)
        for instance in self.instances.values():
            if instance.process.poll() is None:
                stop_instance(instance)


# --- patients' forms -----------------------------------------------------------------------------------------------

def send_form(base_url: str, data_key: str, version: str, submission: str | None = None) -> SimpleNamespace:
    """One patient's form (the screen's proof signed as the server signs it), sent again when `submission` names one
    already sent; returns submission, status (0: no answer at all), served_by (nginx's header, "" without nginx) and
    body (the page's text when it is not a confirmation)."""
    submission = submission or f"fault-{uuid.uuid4().hex}"
    fields = {
        "csrf": CSRF, "submission": submission, "redFlags": "", "subject": "me", "screenVersion": version,
        "screenProof": screen_proof(data_key, PRACTICE_ODS, submission, version), "kind": "medical",
        "description": "Fault test: a cough for a week.", "givenName": "Faye", "familyName": "Fault", "dobDay": "2",
        "dobMonth": "5", "dobYear": "1970", "postcode": "LS1 4AP", "sex": "female", "mobile": "07700900123",
        "email": "faye@example.com", "contactPreference": "sms", "consent": "yes",
    }
    request = urllib.request.Request(
        f"{base_url}/request/{PRACTICE_ODS}/send", data=urllib.parse.urlencode(fields).encode(), method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"sa_csrf={CSRF}"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=UNVERIFIED))
    sent = time.monotonic()
    try:
        with opener.open(request, timeout=60) as answer:
            return SimpleNamespace(submission=submission, status=answer.status, sent=sent,
                                   served_by=answer.headers.get("X-Served-By", ""), body="")
    except urllib.error.HTTPError as error:
        body = error.read().decode(errors="replace") if error.code != CONFIRMED else ""
        return SimpleNamespace(submission=submission, status=error.code, sent=sent,
                               served_by=error.headers.get("X-Served-By", ""), body=body)
    except OSError as error:
        return SimpleNamespace(submission=submission, status=0, served_by="", sent=sent,
                               body=f"no answer after {time.monotonic() - sent:.1f}s: {error!r}")


class PatientLoad:
    """`patients` threads each sending forms to `base_url` one after another until stop(); `answers` holds each
    answer (send_form's) with the time it came (time.monotonic())."""

    def __init__(self, base_url: str, data_key: str, version: str, patients: int = 4):
        self.answers: list[SimpleNamespace] = []
        self._lock, self._stop = threading.Lock(), threading.Event()
        self._threads = [threading.Thread(target=self._patient, args=(base_url, data_key, version), daemon=True)
                         for _ in range(patients)]

    def _patient(self, base_url: str, data_key: str, version: str) -> None:
        while not self._stop.is_set():
            answer = send_form(base_url, data_key, version)
            answer.at = time.monotonic()
            with self._lock:
                self.answers.append(answer)

    def start(self) -> "PatientLoad":
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=90)
            assert not thread.is_alive(), "a patient's form got no answer, not even a failure, within 90 s"

    def confirmed(self) -> list[str]:
        return [a.submission for a in self.answers if a.status == CONFIRMED]

    def statuses(self) -> Counter:
        return Counter(a.status for a in self.answers)


def stored_in_postgres(url: str, submissions: list[str]) -> set[str]:
    """Which of `submissions` are stored requests in the database at `url`."""
    if not submissions:
        return set()
    quoted = ",".join("'" + s + "'" for s in submissions)
    done = subprocess.run(["psql", "-At", url, "-c",
                           f"SELECT submission_key FROM triage_requests WHERE submission_key IN ({quoted})"],
                          capture_output=True, text=True, timeout=60, check=True)
    return set(done.stdout.split())


def open_requests_in_postgres(url: str) -> int:
    """The practice's open requests in the database: what its queue's total must come to."""
    return int(subprocess.run(
        ["psql", "-At", url, "-c", "SELECT count(*) FROM triage_requests WHERE status <> 'closed' AND handler_id = "
         f"(SELECT id FROM organisations WHERE ods_code = '{PRACTICE_ODS}')"],
        capture_output=True, text=True, timeout=60, check=True).stdout.strip())


def reckoning(what: str, load: PatientLoad, stored: set[str]) -> list[str]:
    """Prints what was sent, confirmed, stored and lost; returns the confirmed references not stored."""
    confirmed = load.confirmed()
    lost = [s for s in confirmed if s not in stored]
    print(f"\n{what}: sent {len(load.answers)}, confirmed {len(confirmed)}, stored {len(stored)} (of which not "
          f"confirmed to the patient: {len(stored - set(confirmed))}), lost {len(lost)}; answers {dict(load.statuses())}")
    return lost


def fail_without(variable: str) -> str:
    value = os.environ.get(variable, "")
    if not value:
        pytest.fail(f"{variable} is not set: this test needs PostgreSQL (scripts/run-tests.sh and "
                    "scripts/run-deploy-tests.sh start one).", pytrace=False)
    return value
