"""The disk of the SQLite deployment full (issue 15), `make deploy-test` only: patients' forms keep coming while the
filesystem holding the database fills up and frees again. Every confirmed request is stored; a form that could not
be stored gets the site's error page saying to try again; the server stays up and takes forms again by itself once
space returns; the audit trail verifies afterwards. Prints what was sent, confirmed, stored and lost.

The full disk is a real one, made without root: the server runs in a user and mount namespace of its own (util-linux's
`unshare --user --map-root-user --mount`), in which a size-limited tmpfs is mounted on its data folder. The test
reaches that folder through /proc/PID/root, fills it with a file until the kernel answers ENOSPC, and deletes the file
to give the space back."""
import base64
import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, START_DEADLINE, _free_port, _healthy, _tail
from deploy_kit import CONFIRMED, PatientLoad, reckoning, send_form

sys.path.insert(0, str(REPO / "bench"))
from benchlib import red_flag_version  # noqa: E402  (the red-flag screen's version, as the server computes it)

pytestmark = pytest.mark.deploy

HEADROOM = 8 * 1024 * 1024  # bytes of the tmpfs left free after the seeded database is copied in
RECOVERY_DEADLINE = 30      # seconds for the server to take forms again once space returns
# in the namespace: mount the tmpfs on the data folder, copy the seeded database in, then become the server
INSIDE = 'mount -t tmpfs -o size="$1",mode=0700 surgery-data "$2" && cp -a "$3"/. "$2"/ && shift 3 && exec "$@"'


def fill(folder: Path) -> int:
    """Writes a file in `folder` until its filesystem answers ENOSPC, in 1 MiB blocks then in pages, so that no room is
    left at all; returns the bytes written."""
    written = 0
    with open(folder / "filler", "wb", buffering=0) as filler:
        for block in (1 << 20, 4096):
            try:
                while True:
                    written += filler.write(b"\0" * block)
            except OSError as error:
                assert error.errno == errno.ENOSPC, f"filling the disk failed otherwise: {error}"
    return written


def in_namespace(pid: int, *command: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Runs `command` in the server's namespaces, where its data folder is the tmpfs. (SQLite resolves symbolic links
    in a database's path, so /proc/PID/root would lead it back to the empty folder outside.)"""
    return subprocess.run(["nsenter", "--target", str(pid), "--user", "--mount", *command], cwd=REPO, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)


def stored_in_sqlite(pid: int, database: Path, submissions: list[str]) -> set[str]:
    quoted = ",".join("'" + s + "'" for s in submissions) or "''"
    done = in_namespace(pid, "sqlite3", "-readonly", str(database),
                        f"SELECT submission_key FROM triage_requests WHERE submission_key IN ({quoted})")
    assert done.returncode == 0, f"sqlite3 in the server's namespace: {done.stderr}"
    return set(done.stdout.split())


def test_full_disk_loses_nothing_confirmed_and_the_server_recovers_when_space_returns(server, tmp_path):
    seed, data = tmp_path / "seed", tmp_path / "data"
    seed.mkdir()
    data.mkdir()
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    data_key = base64.b64encode(os.urandom(32)).decode()
    env = {**os.environ, "DATABASE_PATH": str(seed / "surgery.sqlite"), "DATA_KEY": data_key, "BCRYPT_COST": "4",
           "PUBLIC_BASE_URL": base_url}
    env.update({name: "100000/1s" for name in ("THROTTLE_REQUESTS_PER_ADDRESS", "THROTTLE_REQUESTS_PER_CONTACT")})
    env.pop("DATABASE_URL", None)
    for args in (["migrate"], ["seed-demo"]):
        done = subprocess.run([str(server.binary), *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"surgery {args[0]}:\n{done.stdout}{done.stderr}"
    size = sum(f.stat().st_size for f in seed.iterdir()) + HEADROOM
    env["DATABASE_PATH"] = str(data / "surgery.sqlite")
    log = tmp_path / "server.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", INSIDE, "sh", str(size), str(data),
             str(seed), str(server.binary), "serve", "--hostname", "127.0.0.1", "--port", str(port)],
            cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_DEADLINE
        while not _healthy(f"{base_url}/healthz"):
            assert process.poll() is None, f"the server in its namespace exited {process.returncode}:\n{_tail(log)}"
            assert time.monotonic() < deadline, f"no 200 from /healthz within {START_DEADLINE}s:\n{_tail(log)}"
            time.sleep(0.2)  # polling the health check, with a deadline
        inside = Path(f"/proc/{process.pid}/root") / data.relative_to("/")
        assert os.statvfs(inside).f_blocks * os.statvfs(inside).f_frsize <= size + (1 << 20), (
            "the server's data folder is not on the size-limited tmpfs")

        version = red_flag_version()
        load = PatientLoad(base_url, data_key, version).start()
        time.sleep(1.0)  # load with room to spare (the fault's timing, not a wait for anything)
        full_at = time.monotonic()
        filled = fill(inside)
        time.sleep(2.0)  # load on a full disk
        freed_at = time.monotonic()
        (inside / "filler").unlink()
        time.sleep(1.0)  # load once space has returned
        load.stop()
        assert process.poll() is None, f"the server died on a full disk:\n{_tail(log)}"

        deadline = time.monotonic() + RECOVERY_DEADLINE
        while (answer := send_form(base_url, data_key, version)).status != CONFIRMED:
            assert time.monotonic() < deadline, f"no form taken {RECOVERY_DEADLINE}s after space returned: {answer.status}"
            time.sleep(0.5)  # polling for recovery, with a deadline

        full = [a for a in load.answers if full_at <= a.at <= freed_at]
        refused = [a for a in load.answers if a.status != CONFIRMED]
        lost = reckoning(f"disk full ({filled >> 20} MB written to fill it) under load", load,
                         stored_in_sqlite(process.pid, data / "surgery.sqlite", [a.submission for a in load.answers]))
        print(f"while full: {len(full)} answers, {sum(a.status == CONFIRMED for a in full)} confirmed")
        assert not lost, f"{len(lost)} confirmed requests are not stored: {lost[:5]}"
        assert refused, "no form was refused while the disk was full: the disk was not full"
        for answer in refused:
            # unavailable until space returns, not broken: the busy answer (503, Retry-After), never a 500
            assert answer.status == 503 and "try again" in answer.body.lower(), (
                f"a form on a full disk was answered {answer.status} without saying to try again: {answer.body[:300]!r}")

        verified = in_namespace(process.pid, str(server.binary), "audit", "verify", env=env)
        assert verified.returncode == 0, f"surgery audit verify after the full disk:\n{verified.stdout}{verified.stderr}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
