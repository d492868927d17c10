"""The kit's systemd units (deploy/systemd): `systemd-analyze verify` accepts them, and `surgery serve` starts under
the instance unit's system call filter as this machine can play it without systemd. The unit denies @resources,
which holds setpriority(), and the runtime's worker threads call setpriority() as the server starts: without
`SystemCallErrorNumber=` systemd kills the process with SIGSYS; with `SystemCallErrorNumber=EPERM` the call fails
and the server carries on. The test installs a seccomp filter of its own (the kernel's, through prctl) that denies
setpriority() alone with the unit's action, runs `surgery serve` under it on SQLite, and asserts /healthz answers;
and, so that the check is known to bite, that the same filter with systemd's default action kills the server."""
import ctypes
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

from conftest import REPO, _free_port, _healthy, _tail

UNITS = REPO / "deploy" / "systemd"
START_DEADLINE = 60  # seconds for /healthz to answer
# the kernel's architecture tag and setpriority()'s number on each machine the tests run on
SETPRIORITY = {"x86_64": (0xC000003E, 141), "aarch64": (0xC00000B7, 140)}
SECCOMP_RET_KILL_PROCESS = 0x80000000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_ALLOW = 0x7FFF0000
EPERM = 1


class SockFilter(ctypes.Structure):
    """One classic BPF instruction (struct sock_filter)."""
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class SockFprog(ctypes.Structure):
    """A BPF program (struct sock_fprog)."""
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(SockFilter))]


def deny_setpriority(action: int):
    """A preexec_fn that installs a seccomp filter answering setpriority() with `action`, everything else allowed."""
    machine = os.uname().machine
    assert machine in SETPRIORITY, f"add {machine}'s AUDIT_ARCH and setpriority number to SETPRIORITY"
    arch, number = SETPRIORITY[machine]
    load, jeq, ret = 0x20, 0x15, 0x06  # BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, BPF_RET|BPF_K
    program = (SockFilter * 6)(
        SockFilter(load, 0, 0, 4),                        # the architecture
        SockFilter(jeq, 0, 3, arch),
        SockFilter(load, 0, 0, 0),                        # the system call's number
        SockFilter(jeq, 0, 1, number),
        SockFilter(ret, 0, 0, action),
        SockFilter(ret, 0, 0, SECCOMP_RET_ALLOW))
    fprog = SockFprog(len(program), program)
    libc = ctypes.CDLL(None, use_errno=True)

    def install():
        if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS, as NoNewPrivileges=yes
            raise OSError(ctypes.get_errno(), "PR_SET_NO_NEW_PRIVS")
        if libc.prctl(22, 2, ctypes.byref(fprog), 0, 0) != 0:  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER
            raise OSError(ctypes.get_errno(), "PR_SET_SECCOMP")
    return install


def unit_action() -> int:
    """The action the instance unit gives a denied system call: its SystemCallErrorNumber=, else systemd's default."""
    text = (UNITS / "surgery@.service").read_text()
    assert re.search(r"^SystemCallFilter=~.*@resources", text, re.M), "the unit no longer denies @resources: revisit"
    number = re.search(r"^SystemCallErrorNumber=(\w+)$", text, re.M)
    if number is None:
        return SECCOMP_RET_KILL_PROCESS
    assert number.group(1) == "EPERM", f"this test plays EPERM only, the unit says {number.group(1)}"
    return SECCOMP_RET_ERRNO | EPERM


def serve_under(binary: Path, env: dict, action: int, log: Path) -> tuple[bool, int | None]:
    """`surgery serve` under the filter: (whether /healthz answered, the exit status if it exited)."""
    port = _free_port()
    with open(log, "wb") as log_file:
        process = subprocess.Popen([str(binary), "serve", "--hostname", "127.0.0.1", "--port", str(port)], cwd=REPO,
                                   env={**env, "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"},
                                   stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT,
                                   preexec_fn=deny_setpriority(action))
    try:
        deadline = time.monotonic() + START_DEADLINE
        while not _healthy(f"http://127.0.0.1:{port}/healthz"):
            if process.poll() is not None:
                return False, process.returncode
            assert time.monotonic() < deadline, f"no answer and no exit within {START_DEADLINE}s:\n{_tail(log)}"
            time.sleep(0.2)  # polling the health check, with a deadline
        return True, None
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


def test_systemd_accepts_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing (package systemd)"
    binary = os.environ.get("SURGERY_BIN", str(REPO / ".build/debug/surgery"))
    units = [*UNITS.glob("*.service"), *UNITS.glob("*.timer")]
    for unit in units:
        name = unit.name.replace("@.", "@8081.")  # a template is verified as one of its instances
        # the programs' paths moved to this machine's, as nothing is installed under /opt or /usr/local here
        text = unit.read_text().replace("/opt/surgery/surgery ", f"{binary} ")
        (tmp_path / name).write_text(text.replace("/usr/local/sbin/surgery-backup", str(REPO / "deploy" / "surgery-backup.sh")))
    assert len(units) >= 4, f"the kit's units: {units}"
    done = subprocess.run([analyze, "verify", *sorted(str(p) for p in tmp_path.iterdir())],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and not done.stderr.strip(), f"systemd-analyze verify:\n{done.stdout}{done.stderr}"


def test_the_server_starts_under_the_units_system_call_filter(server, tmp_path):
    env = {**os.environ, "DATABASE_PATH": str(tmp_path / "units.sqlite"), "BCRYPT_COST": "4"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([str(server.binary), "migrate"], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr

    # setup: systemd's default action kills the server, so the filter is known to reach setpriority()
    answered, status = serve_under(server.binary, env, SECCOMP_RET_KILL_PROCESS, tmp_path / "killed.log")
    assert not answered and status == -signal.SIGSYS, f"setpriority() denied by killing: answered {answered}, {status}"

    # MUT: the unit's own action
    answered, status = serve_under(server.binary, env, unit_action(), tmp_path / "unit.log")

    # validate
    assert answered, f"surgery serve under the unit's filter exited {status}:\n{_tail(tmp_path / 'unit.log')}"
