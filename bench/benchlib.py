"""Shared pieces of the benchmarks in bench/: the server binary, a fresh database, a running server.

Everything here talks to 127.0.0.1 only. Every wait has a deadline; every process started is
stopped by its own id (never by name).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_SCRATCH = ROOT / ".build-bench"  # git-ignored (.build-*/)
RELEASE_BINARY = BENCH_SCRATCH / "release" / "surgery"
DEBUG_BINARY = ROOT / ".build" / "debug" / "surgery"
THROWAWAY_POSTGRES = ROOT / "scripts" / "throwaway-postgres.sh"
SEEDED_REQUESTS = 16  # `surgery seed-demo` puts 16 requests in the demo practices' queues
ONLINE_PRACTICES = ["L81101", "L81102", "L81103", "L81104", "L81105", "L81106"]  # accept requests at any hour
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def server_binary(explicit: str | None, build: bool, debug: bool = False) -> Path:
    """The server to measure: an explicit path, the debug build, or our own release build.

    The release copy lives in .build-bench so that it never races the debug build in .build.
    With `build`, `swift build -c release` runs first (incremental: seconds when nothing changed,
    about ten minutes from nothing on 2 cores)."""
    if explicit:
        path = Path(explicit).resolve()
    elif debug:
        path = DEBUG_BINARY
    else:
        path = RELEASE_BINARY
        if build or not path.exists():
            log(f"bench: building the release binary into {BENCH_SCRATCH} (about 10 minutes the first time)")
            subprocess.run(
                ["swift", "build", "-c", "release", "--scratch-path", str(BENCH_SCRATCH)],
                cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
            )
    if not path.exists():
        raise SystemExit(f"bench: no server binary at {path}")
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_cpu_seconds(pid: int, children: bool = False) -> float:
    """User + system CPU seconds of a live process (and of its waited-for children when asked)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    # after the ")" field 0 is state; utime, stime, cutime, cstime are fields 11..14
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / CLOCK_TICKS


def process_tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of a process, its reaped children, and every live descendant (a server that forks per connection).

    Read at two moments while the same children live, the difference is what the whole tree spent between them."""
    parents: dict[int, int] = {}
    own: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        parents[int(entry.name)] = int(fields[1])
        own[int(entry.name)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    total = process_cpu_seconds(pid, children=True)
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for child, its_parent in parents.items():
            if its_parent == parent:
                total += own.get(child, 0.0)
                frontier.append(child)
    return total


def totp_code(secret: str) -> str:
    """The current code for a person's TOTP secret, from scripts/totp.py (one implementation for every script)."""
    spec = importlib.util.spec_from_file_location("totp", ROOT / "scripts" / "totp.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.totp(secret)


def red_flag_version() -> str:
    """The version of the red-flag screen the server reads (config/red-flags.json)."""
    return json.loads((ROOT / "config" / "red-flags.json").read_text())["version"]


def screen_proof(data_key: str, practice: str, submission: str, version: str, subject: str = "me", flags: str = "",
                 issued_at: int | None = None) -> str:
    """The proof the red-flag screen gives a form whose patient answered "None of these" throughout, signed as the
    server signs it (Sources/Domain/Consult/ScreenProof.swift: HMAC-SHA256 under a key derived from DATA_KEY with
    HKDF-SHA256). The benches sign their own forms so that they measure sending requests, not tapping through the
    screen; the server checks each proof as it would a patient's."""
    purpose = b"red-flag screen proof v1"
    key = base64.b64decode(data_key)
    pseudo_random = hmac.new(b"\x00" * 32, key, hashlib.sha256).digest()
    derived = hmac.new(pseudo_random, purpose + b"\x01", hashlib.sha256).digest()
    seconds = int(time.time()) if issued_at is None else issued_at
    flag_list = ",".join(sorted(f for f in flags.split(",") if f))
    text = "|".join([purpose.decode(), practice.upper(), submission, subject, flag_list, version, str(seconds)])
    return f"{seconds}.{hmac.new(derived, text.encode(), hashlib.sha256).hexdigest()}"


class Database:
    """A fresh, empty database of one kind: a SQLite file or a throwaway PostgreSQL 15 cluster."""

    def __init__(self, kind: str, workdir: Path):
        self.kind = kind
        self.workdir = workdir
        self.data_key = base64.b64encode(secrets.token_bytes(32)).decode()
        self.url: str | None = None
        self.path: Path | None = None
        self.pg_dir = workdir / "postgres"
        if kind == "sqlite":
            self.path = workdir / "surgery.sqlite"
        elif kind == "postgres":
            started = subprocess.run(
                [str(THROWAWAY_POSTGRES), "start", str(self.pg_dir)],
                check=True, capture_output=True, text=True, timeout=120,
            )
            self.url = started.stdout.strip().splitlines()[-1]
        else:
            raise ValueError(kind)

    @property
    def label(self) -> str:
        return "SQLite" if self.kind == "sqlite" else "PostgreSQL"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        for name in ("DATABASE_PATH", "DATABASE_URL"):
            env.pop(name, None)
        if self.kind == "sqlite":
            env["DATABASE_PATH"] = str(self.path)
        else:
            env["DATABASE_URL"] = self.url
        env.update(DATA_KEY=self.data_key, BCRYPT_COST="4", LOG_LEVEL="warning")
        # the load comes from one address with one mobile number: the per-client throttle must never refuse it
        env.update(THROTTLE_REQUESTS_PER_ADDRESS="1000000/1s", THROTTLE_REQUESTS_PER_CONTACT="1000000/1s",
                   THROTTLE_SIGN_IN_PER_ADDRESS="1000000/1s", THROTTLE_SIGN_IN_PER_ACCOUNT="1000000/1s")
        return env

    @property
    def credentials_path(self) -> Path:
        """The demo people's passwords and TOTP secrets, written by `seed-demo --credentials-file`."""
        return self.workdir / "credentials.json"

    def prepare(self, binary: Path) -> None:
        """Migrations and the demo data (organisations, people, 16 requests)."""
        for args in (["migrate", "--yes"], ["seed-demo", "--credentials-file", str(self.credentials_path)]):
            self.command(binary, args)

    def command(self, binary: Path, args: list[str], timeout: float = 300) -> str:
        """One `surgery` command on this database; its output, or SystemExit with what it printed."""
        done = subprocess.run([str(binary), *args], env=self.env(), cwd=self.workdir,
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise SystemExit(f"bench: `surgery {' '.join(args)}` failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def query(self, sql: str) -> list[tuple[str, ...]]:
        """Rows of a read-only query, every value as text."""
        if self.kind == "sqlite":
            # a fresh connection each time: it sees everything committed, even by a killed server
            with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30) as db:
                return [tuple("" if v is None else str(v) for v in row) for row in db.execute(sql)]
        done = subprocess.run(["psql", self.url, "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                              capture_output=True, text=True, timeout=120, check=True)
        return [tuple(line.split("\t")) for line in done.stdout.splitlines() if line]

    def execute(self, sql: str) -> None:
        """A write, for the crash test's proof that its checker sees a missing row."""
        if self.kind == "sqlite":
            with sqlite3.connect(str(self.path), timeout=30) as db:
                db.execute(sql)
        else:
            subprocess.run(["psql", self.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
                           capture_output=True, text=True, timeout=120, check=True)

    def request_count(self) -> int:
        return int(self.query("SELECT count(*) FROM triage_requests")[0][0])

    def cpu_seconds(self) -> float:
        """CPU seconds of the PostgreSQL cluster so far: the postmaster, its live backends, and its exited ones."""
        if self.kind != "postgres":
            return 0.0
        try:
            postmaster = int((self.pg_dir / "data" / "postmaster.pid").read_text().split()[0])
        except (FileNotFoundError, ValueError, IndexError):
            return 0.0
        total = process_cpu_seconds(postmaster, children=True)
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError, PermissionError):
                continue
            if int(fields[1]) == postmaster:
                total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        return total

    def close(self) -> None:
        if self.kind == "postgres":
            subprocess.run([str(THROWAWAY_POSTGRES), "stop", str(self.pg_dir)], timeout=120,
                           stdout=subprocess.DEVNULL, check=False)


class Server:
    """`surgery serve` on 127.0.0.1, started, killed and restarted by its own process id."""

    def __init__(self, binary: Path, database: Database, port: int | None = None,
                 extra_env: dict[str, str] | None = None):
        self.binary = binary
        self.database = database
        self.port = port or free_port()
        self.extra_env = extra_env or {}
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = database.workdir / "server.log"
        self.starts = 0

    def start(self, deadline_seconds: float = 60) -> None:
        log_file = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [str(self.binary), "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
            env={**self.database.env(), **self.extra_env}, cwd=self.database.workdir,
            stdout=log_file, stderr=subprocess.STDOUT,
        )
        log_file.close()
        self.starts += 1
        self.wait_healthy(deadline_seconds)

    def wait_healthy(self, deadline_seconds: float) -> None:
        deadline = time.monotonic() + deadline_seconds
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise SystemExit(f"bench: the server exited with {self.process.returncode}; see {self.log_path}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    connection.close()
                    return
                connection.close()
            except OSError:
                pass
            time.sleep(0.05)
        raise SystemExit(f"bench: the server did not answer /healthz within {deadline_seconds:.0f}s; see {self.log_path}")

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no flushing; what was committed is all there is."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        """A graceful stop (SIGTERM), then SIGKILL if it takes more than 15 seconds."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    @property
    def pid(self) -> int:
        assert self.process
        return self.process.pid

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.pid) if self.process else 0.0


class StaffBrowser:
    """A signed-in member of staff as the site sees one: cookies kept, CSRF field sent back, no redirects followed."""

    def __init__(self, port: int):
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: dict[str, str] | None = None,
                timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
        """One request; returns status, headers (lower-case names, last value wins) and body."""
        headers = {"Origin": self.base_url}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if method == "POST":
            form = dict(fields or {})
            form.setdefault("csrf", self.cookies.get("sa_csrf", ""))
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            for cookie in response.msg.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                value = rest.split(";", 1)[0]
                if value and "max-age=0" not in cookie.lower():
                    self.cookies[name.strip()] = value
                else:
                    self.cookies.pop(name.strip(), None)
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        finally:
            connection.close()

    def sign_in(self, credentials_path: Path, name: str) -> None:
        """Both factors for a demo person named in seed-demo's credentials file; SystemExit saying which step failed."""
        people = json.loads(credentials_path.read_text())["people"]
        person = next((p for p in people if p["name"] == name), None)
        if person is None:
            raise SystemExit(f"bench: no {name} in {credentials_path}")
        self.request("GET", "/login")  # the CSRF cookie
        status, headers, body = self.request("POST", "/login", {"email": person["email"], "password": person["password"]})
        if status != 303 or "sa_session" not in self.cookies:
            raise SystemExit(f"bench: signing in {name} with a password gave {status}: {body[:300]!r}")
        status, headers, body = self.request("POST", "/login/second-factor", {"code": totp_code(person["totpSecret"])})
        if status != 303:
            raise SystemExit(f"bench: the second factor for {name} gave {status}: {body[:300]!r}")


def make_workdir(prefix: str) -> Path:
    """A folder under /tmp that the `postgres` OS user can also enter (throwaway-postgres runs initdb as it)."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    path.chmod(0o755)
    return path


def remove_workdir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
