"""Virtual login on a Windows-style RDP seat, in the browser: the same viewer and gateway as a VNC seat, with the
gateway bridging the seat by FreeRDP (an xfreerdp inside an Xvnc of its own on the server's machine). The RDP host is
a real RDP server, xrdp, on loopback (scripts/rdp-seats.sh, unprivileged), whose session is a demo desktop that lives
on between connections as a Windows session does.

One seat, so that a second person waits; its pool passes the person's credentials if they give them. Dan opens his
seat giving his Windows credentials and finds his session; draws with the mouse and types a command in the session's
terminal; closes the tab (the bridge's RDP connection ends, the session stays); opens it again on the host's own
sign-in screen and types his password there, into the same session; opens it once more with his credentials and
finds the same session. His password reaches no command line, log or database row."""
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS, REPO
from desktop_helpers import (PRACTICE_ODS, Staff, connected_seat, demo_person, expect_canvas_colour,
                             expect_canvas_varied, expect_waiting, open_my_desktop, pool_section, release_everyone,
                             remember, seats_script)

RDP_SCRIPT = REPO / "scripts" / "rdp-seats.sh"
RDP_POOL = "E2E Windows desktops"
SESSION_COLOUR = "#d35400"      # orange: the session's background, painted at the start
TYPED_COLOUR = "#a020f0"        # X's "purple", which the command Dan types paints
BRIDGE_TIMEOUT = 15             # s for the bridge's FreeRDP to leave after its viewer closed
WIDTH, HEIGHT = 1280, 800       # the session's (and the bridge's) screen
FOCUS_TIMEOUT = 10              # s for the session's window manager to give a window the keyboard
SIGN_IN_PASSWORD_BOX = (680, 411)  # xrdp's sign-in box, centred on that screen: its password field
TYPING_DELAY = 50               # ms between keys on xrdp's sign-in box, a quick typist's pace


def rdp_script(*args, check=True) -> subprocess.CompletedProcess:
    done = subprocess.run([str(RDP_SCRIPT), *map(str, args)], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=120)
    if check and done.returncode != 0:
        pytest.fail(f"rdp-seats.sh {' '.join(map(str, args))} exited {done.returncode}:\n{done.stdout}{done.stderr}",
                    pytrace=False)
    return done


@pytest.fixture(scope="module")
def rdp(server, tmp_path_factory):
    """One RDP host with one seat (xrdp on a free port, its session on a free display), the pool loaded on the
    server's database. Yields dir, port, seat, user and password (the seat's account)."""
    seat_dir = tmp_path_factory.mktemp("rdp-seats")
    display = seats_script("free-range", 1, 71).stdout.strip()
    port = rdp_script("free-ports", 1, 13389).stdout.strip()
    rdp_script("start", seat_dir, "--name", RDP_POOL, "--hosts", 1, "--seats-per-host", 1, "--first-display", display,
               "--first-port", port, "--organisations", PRACTICE_ODS, "--sign-in", "personsCredentials")
    try:
        seat, rdp_port, user, password = (seat_dir / "accounts.tsv").read_text().splitlines()[0].split("\t")
        env = {**os.environ, "DATABASE_PATH": str(server.db_path)}
        env.pop("DATABASE_URL", None)
        loaded = subprocess.run([str(server.binary), "desktop-pools", "load", str(seat_dir / "pool.json")], cwd=REPO,
                                env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
        if loaded.returncode != 0:
            pytest.fail(f"surgery desktop-pools load exited {loaded.returncode}:\n{loaded.stdout}{loaded.stderr}",
                        pytrace=False)
        yield SimpleNamespace(dir=seat_dir, port=int(rdp_port), seat=seat, user=user, password=password)
    finally:
        stopped = rdp_script("stop", seat_dir, check=False)
        if stopped.returncode != 0:
            print(f"\nrdp-seats.sh stop exited {stopped.returncode}:\n{stopped.stdout}{stopped.stderr}")


@pytest.fixture(scope="module")
def people(browser, server, rdp):
    staff = {name: Staff(browser, server, demo_person(server.credentials, name)) for name in ("Dan Evans", "Dr Amara Okafor")}
    yield staff
    for person in staff.values():
        person.close_browser()


@pytest.fixture(scope="module")
def pool_id(people) -> str:
    page = people["Dan Evans"].page()
    form = pool_section(page, RDP_POOL).locator("form[action$='/open']")
    match = re.search(r"/desktops/([^/]+)/open$", form.get_attribute("action") or "")
    assert match, f"the RDP pool's form posts to {form.get_attribute('action')!r}"
    page.close()
    return match.group(1)


@pytest.fixture(autouse=True)
def screenshots_on_failure(request, people):
    """A screenshot of every open page when the test failed."""
    yield
    call = getattr(request.node, "report_call", None)
    if call is not None and call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for person in people.values():
            for number, page in enumerate(person.context.pages if person.context else [], start=1):
                page.screenshot(path=ARTIFACTS / f"rdp-{person.name.split()[-1]}-{number}.png", timeout=10_000)


def bridges_to(port: int) -> list[str]:
    """The command lines of this machine's xfreerdp processes connected to the RDP seat on `port`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if words and words[0].endswith(b"xfreerdp") and f"/v:127.0.0.1:{port}".encode() in words:
            found.append(" ".join(w.decode(errors="replace") for w in words))
    return found


def every_command_line() -> bytes:
    lines = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            lines.append(cmdline.read_bytes())
        except OSError:
            pass
    return b"\n".join(lines)


def at(page, x: int, y: int) -> tuple[float, float]:
    """The page position of the desktop's pixel (x, y): the canvas is scaled to fit the page."""
    box = page.locator("#desktop-screen canvas").bounding_box()
    assert box, "the desktop canvas has no size"
    return box["x"] + box["width"] * x / WIDTH, box["y"] + box["height"] * y / HEIGHT


def session_pid(rdp) -> str:
    """The pid of the seat's session (its Xvnc, under the host's run/ folder): the same pid, the same session."""
    (pid_file,) = (rdp.dir / "sessions" / "run").glob("*.pid")
    return pid_file.read_text().strip()


def await_session_focus(rdp, window: str) -> None:
    """Waits (at most FOCUS_TIMEOUT) until the X input focus of the seat's session, on the host, is `window`."""
    (display,) = [line.split("\t")[3] for line in (rdp.dir / "seats.tsv").read_text().splitlines()]
    env = {**os.environ, "DISPLAY": f":{display}"}
    deadline, focused = time.monotonic() + FOCUS_TIMEOUT, ""
    while time.monotonic() < deadline:
        done = subprocess.run(["xdotool", "getwindowfocus", "getwindowname"], env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=10)
        focused = done.stdout.strip()
        if focused == window:
            return
        time.sleep(0.1)
    pytest.fail(f"the session's focus is {focused!r}, not {window!r}, {FOCUS_TIMEOUT}s on", pytrace=False)


def test_a_windows_seat_opens_draws_takes_keys_and_is_there_again(people, pool_id, rdp, server):
    dan, amara = people["Dan Evans"], people["Dr Amara Okafor"]
    rdp_script("colour", rdp.dir, rdp.port, SESSION_COLOUR)
    session = session_pid(rdp)

    # Dan opens his desktop. The pool passes Windows credentials, so the viewer asks first; he gives his, and the
    # gateway's bridge signs him in: his session shows (its background in the centre, its windows around it).
    page = dan.page()
    since = open_my_desktop(page, pool_id, RDP_POOL)
    expect(page.get_by_role("heading", name="Sign in to Windows")).to_be_visible()
    remember(page)
    page.get_by_label("Windows user name").fill(rdp.user)
    page.get_by_label("Windows password").fill(rdp.password)
    page.get_by_role("button", name="Connect").click()
    assert connected_seat(page, since, dan.name, "'Connect' with his credentials") == rdp.seat
    expect_canvas_colour(page, SESSION_COLOUR)
    expect_canvas_varied(page, at_least=4, commonest_at_most=0.9)
    assert len(bridges_to(rdp.port)) == 1, f"not one bridge to the seat: {bridges_to(rdp.port)}"
    assert rdp.password.encode() not in every_command_line(), "the Windows password is on a command line"

    # Draw: holding the mouse button on the background opens the window manager's menu under the pointer, over what
    # was one colour; he lets go beside it, choosing nothing.
    region = (760, 480, 90, 60)
    page.mouse.move(*at(page, 750, 470))
    page.mouse.down()
    expect_canvas_varied(page, region=region, step=2, at_least=2, commonest_at_most=0.95)
    page.mouse.move(*at(page, 700, 470))
    page.mouse.up()

    # Type: in the session's terminal (top left), a command that paints the background purple; only keys that reach
    # the session can do that. The session's window manager gives the keyboard to the window under the pointer once
    # the pointer's move reaches it (a person sees it happen): until then keys would go to the editor he let go over.
    page.mouse.click(*at(page, 200, 200))
    await_session_focus(rdp, "Terminal")
    page.keyboard.type("xsetroot -solid purple")
    page.keyboard.press("Enter")
    expect_canvas_colour(page, TYPED_COLOUR)

    # He closes the tab: the bridge's RDP connection ends; the session on the host stays.
    page.close()
    deadline = time.monotonic() + BRIDGE_TIMEOUT
    while bridges_to(rdp.port):
        assert time.monotonic() < deadline, f"the bridge outlived its viewer by {BRIDGE_TIMEOUT}s: {bridges_to(rdp.port)}"
        time.sleep(0.1)

    # The stopped bridge left neither his user name's .rdp file nor its Xvnc's password file behind.
    left = [str(f) for f in Path(tempfile.gettempdir()).glob("surgery-rdp-*/*") if f.name in ("connection.rdp", "passwd")]
    assert not left, f"a stopped bridge left its secrets behind: {left}"

    # He opens it again and chooses the host's own sign-in screen: it shows in the viewer (not one colour, and not
    # his session's background in the centre). He clicks into its password box (the viewer takes the keyboard on a
    # click), types his password and Enter: his session, purple as he left it. He types at a person's pace: on xrdp's
    # own sign-in box a burst of keys whose capitals come without a Shift press can come out wrong.
    page = dan.page()
    since = open_my_desktop(page, pool_id, RDP_POOL)
    expect(page.get_by_role("button", name="Use the Windows sign-in screen")).to_be_visible()
    page.get_by_role("button", name="Use the Windows sign-in screen").click()
    assert connected_seat(page, since, dan.name, "the Windows sign-in screen") == rdp.seat
    expect_canvas_varied(page, at_least=3, commonest_at_most=0.97)
    page.mouse.click(*at(page, *SIGN_IN_PASSWORD_BOX))
    page.keyboard.type(rdp.password, delay=TYPING_DELAY)
    page.keyboard.press("Enter")
    expect_canvas_colour(page, TYPED_COLOUR)
    page.close()

    # And again with his credentials: the same session as he left it (the same session process, its background).
    page = dan.page()
    since = open_my_desktop(page, pool_id, RDP_POOL)
    page.get_by_label("Windows user name").fill(rdp.user)
    page.get_by_label("Windows password").fill(rdp.password)
    page.get_by_role("button", name="Connect").click()
    assert connected_seat(page, since, dan.name, "'Connect' again") == rdp.seat
    expect_canvas_colour(page, TYPED_COLOUR)
    assert session_pid(rdp) == session, "the seat's session was replaced while Dan held the seat"

    # The one seat is Dan's: Dr Okafor waits.
    amaras_page = amara.page()
    open_my_desktop(amaras_page, pool_id, RDP_POOL)
    expect_waiting(amaras_page, 1)
    remember(amaras_page)

    # The password reached no log line and no database row.
    page.close()
    release_everyone(people, pool_id)
    assert rdp.password not in server.log.read_text(errors="replace"), "the Windows password is in the server's log"
    stored = b"".join(Path(f"{server.db_path}{suffix}").read_bytes()
                      for suffix in ("", "-wal", "-journal") if Path(f"{server.db_path}{suffix}").exists())
    assert rdp.password.encode() not in stored, "the Windows password is in the database"
