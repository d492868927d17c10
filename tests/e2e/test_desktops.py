"""Virtual login in the browser, on real TigerVNC seats (scripts/desktop-seats.sh) reached through
the app's gateway and noVNC: a person's own desktop, kept when the tab or the browser closes; a
second person on the other seat; a third waiting in line and offered the seat the first signs out
of (reset first); a host that stops answering moving its person to the other host; the host
passwords in no page, log or database row; the pages accessible.

Each seat's root window is painted a colour of its own (xsetroot), so a pixel read from the
noVNC canvas says which display the browser is really showing: the centre one, which the seat's
desktop (a window manager, a terminal, a clock, an editor and the seat's name, all at the edges) leaves
bare. A seat opened shows that desktop, not one colour."""
import json
import os
import re
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from conftest import ARTIFACTS, REPO, check_accessibility, watch_csp
from desktop_helpers import (AFTER_RESET_COLOUR, COLOUR_TOLERANCE, HOST_FAILURE_TIMEOUT, OFFER_TIMEOUT, PAGES_SEEN,
                             PEOPLE, POOL_NAME, PRACTICE_ODS, SEAT_COLOURS, Staff, connected_seat, demo_person,
                             desktop_window, expect_canvas_colour, expect_canvas_varied, expect_waiting, leave_pool,
                             open_my_desktop, paint, paint_every_seat, pool_section, release_everyone, remember,
                             seat_named, seats_script, xvnc_pid)

NAME_BAR_BLUE = (0x00, 0x5E, 0xB8)  # the seat's name bar on the demo desktop (NHS blue, white letters)


# --- fixtures ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def desktops(server, tmp_path_factory):
    """Two hosts with one seat each (breadthFirst, for L81101), on the first free displays from :61,
    each painted its own colour and registered with `surgery desktop-pools load` on the server's
    database. Yields dir, pool (the pool file), seats (by name: name, port, display, host, colour)
    and secrets (the hosts' VNC passwords). Stops the seats at the end."""
    seat_dir = tmp_path_factory.mktemp("desktop-seats")
    first = seats_script("free-range", 2, 61).stdout.strip()
    seats_script("start", seat_dir, "--name", POOL_NAME, "--hosts", 2, "--seats-per-host", 1,
                 "--first-display", first, "--organisations", PRACTICE_ODS, "--placement", "breadthFirst")
    try:
        pool = json.loads((seat_dir / "pool.json").read_text())
        displays = {}  # seat name -> display number, from the script's seat list
        for line in (seat_dir / "seats.tsv").read_text().splitlines():
            display, _port, name, *_rest = line.split("\t")
            displays[name] = display
        seats = {}
        for host, colour in zip(pool["hosts"], SEAT_COLOURS, strict=True):
            (seat,) = host["seats"]
            seats[seat["name"]] = SimpleNamespace(name=seat["name"], port=seat["port"], display=displays[seat["name"]],
                                                  host=host["name"], colour=colour)
        result = SimpleNamespace(dir=seat_dir, pool=pool, seats=seats, secrets=[h["secret"] for h in pool["hosts"]])
        paint_every_seat(result)

        env = {**os.environ, "DATABASE_PATH": str(server.db_path)}
        env.pop("DATABASE_URL", None)
        loaded = subprocess.run([str(server.binary), "desktop-pools", "load", str(seat_dir / "pool.json")],
                                cwd=REPO, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                timeout=120)
        if loaded.returncode != 0:
            pytest.fail(f"surgery desktop-pools load exited {loaded.returncode}:\n{loaded.stdout}{loaded.stderr}",
                        pytrace=False)
        yield result
    finally:
        stopped = seats_script("stop", seat_dir, check=False)
        if stopped.returncode != 0:
            print(f"\ndesktop-seats.sh stop exited {stopped.returncode}:\n{stopped.stdout}{stopped.stderr}")


@pytest.fixture(scope="module")
def people(browser, server, desktops):
    """Dan Evans, Dr Amara Okafor and Erin Walsh, each with a browser of their own for the module."""
    staff = {name: Staff(browser, server, demo_person(server.credentials, name)) for name in PEOPLE}
    yield staff
    for person in staff.values():
        person.close_browser()


@pytest.fixture(scope="module")
def pool_id(people) -> str:
    """The pool's id, from the form on /desktops (its action is /desktops/{poolID}/open)."""
    page = people["Dan Evans"].page()
    form = pool_section(page).locator("form[action$='/open']")
    expect(form).to_have_count(1)
    match = re.search(r"/desktops/([^/]+)/open$", form.get_attribute("action") or "")
    assert match, f"the pool's form posts to {form.get_attribute('action')!r}, not /desktops/{{poolID}}/open"
    page.close()
    return match.group(1)


@pytest.fixture(autouse=True)
def leave_the_pool_empty(request, people, pool_id, desktops):
    """After each test: screenshots of every open page if it failed, then nobody left holding,
    offered or waiting for a seat, so the next test starts on an empty pool."""
    yield
    call = getattr(request.node, "report_call", None)
    if call is not None and call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for person in people.values():
            for number, page in enumerate(person.context.pages if person.context else [], start=1):
                try:
                    page.screenshot(path=ARTIFACTS / f"{request.node.name}-{person.name.split()[-1]}-{number}.png",
                                    full_page=True, timeout=10_000)
                except PlaywrightError as error:
                    print(f"no screenshot of {person.name}'s page {number}: {error}")
        print("seats after the failure:\n" + seats_script("status", desktops.dir, check=False).stdout)
    release_everyone(people, pool_id)


# --- tests ---------------------------------------------------------------------------------------

def test_own_desktop_is_kept_and_passes_on_after_sign_out(people, pool_id, desktops):
    dan, amara, erin = (people[name] for name in PEOPLE)
    paint_every_seat(desktops)

    # Dan opens his desktop: the viewer connects and shows his seat's display.
    page = dan.page()
    refused = watch_csp(page, [])
    dans_seat = seat_named(desktops, connected_seat(page, open_my_desktop(page, pool_id), dan.name)).name
    expect_canvas_colour(page, desktops.seats[dans_seat].colour)

    # He closes the tab: the seat stays his, not reset (still its colour).
    page.close()
    page = dan.page()
    assert connected_seat(page, open_my_desktop(page, pool_id), dan.name, "'Open my desktop' in a new tab") == dans_seat
    expect_canvas_colour(page, desktops.seats[dans_seat].colour)

    # He closes the browser and signs in again (as from another device): still his seat.
    dan.close_browser()
    page = dan.page()
    watch_csp(page, refused)
    assert connected_seat(page, open_my_desktop(page, pool_id), dan.name, "'Open my desktop' after signing in again") \
        == dans_seat
    expect_canvas_colour(page, desktops.seats[dans_seat].colour)

    # Dr Okafor gets the other seat, and sees its colour.
    amaras_page = amara.page()
    watch_csp(amaras_page, refused)
    amaras_seat = connected_seat(amaras_page, open_my_desktop(amaras_page, pool_id), amara.name)
    assert amaras_seat != dans_seat, f"Dr Okafor was given Dan's seat {dans_seat}"
    expect_canvas_colour(amaras_page, desktops.seats[amaras_seat].colour)

    # The pool is full: Erin Walsh waits, first in line.
    erins_page = erin.page()
    watch_csp(erins_page, refused)
    open_my_desktop(erins_page, pool_id)
    expect_waiting(erins_page, 1)
    remember(erins_page)

    # Dan signs out; Erin's page (not reloaded by the test) offers her the seat once it is reset.
    pid_before = xvnc_pid(desktops, desktops.seats[dans_seat])
    page.get_by_role("button", name="Sign out of desktop").click()
    expect(page).to_have_url(re.compile(r"/desktops(\?notice=signed-out)?$"))
    expect(page.locator("body")).to_contain_text("You have signed out of the desktop.")
    expect(erins_page.locator("body")).to_contain_text("A seat is ready for you", timeout=OFFER_TIMEOUT)
    remember(erins_page)
    taken_at = time.time()
    erins_page.get_by_role("button", name="Take the seat").click()
    assert connected_seat(erins_page, taken_at, erin.name, "'Take the seat'") == dans_seat

    # Dan's seat was reset before Erin got it: the script's reset restarts the seat's Xvnc, so its
    # pid has changed and its root window is a fresh one, without Dan's colour. (The canvas alone
    # cannot show "Dan's colour is gone": a canvas read before the first full update would pass
    # as well.) So paint the display anew now: that colour reaching Erin's canvas shows she sees
    # the live display of Dan's old seat.
    assert xvnc_pid(desktops, desktops.seats[dans_seat]) != pid_before, \
        f"{dans_seat} was offered to Erin without being reset (its Xvnc is the one Dan used)"
    paint(desktops, desktops.seats[dans_seat], AFTER_RESET_COLOUR)
    expect_canvas_colour(erins_page, AFTER_RESET_COLOUR)
    assert not refused, f"the Content-Security-Policy refused: {refused}"


def test_desktop_pages_are_accessible(people, pool_id):
    dan, amara, erin = (people[name] for name in PEOPLE)

    page = dan.page()
    pool_section(page)
    check_accessibility(page)  # /desktops
    connected_seat(page, open_my_desktop(page, pool_id), dan.name)
    check_accessibility(page)  # the viewer

    amaras_page = amara.page()
    connected_seat(amaras_page, open_my_desktop(amaras_page, pool_id), amara.name)

    erins_page = erin.page()
    open_my_desktop(erins_page, pool_id)
    expect_waiting(erins_page, 1)
    remember(erins_page)
    check_accessibility(erins_page)  # waiting in line


def test_a_demo_seat_shows_a_desktop_and_its_name(people, pool_id, desktops):
    """An opened demo seat shows a desktop, not a black or one-colour screen, and says which seat it is: in the
    page, in words ("Seat: NAME", NAME naming the pool, the host and the seat); on the desktop, in its name bar,
    found where the seat's X server puts it and checked to be drawn there on the canvas (blue, with light
    lettering: the words themselves are not read back from the pixels)."""
    dan = people["Dan Evans"]
    paint_every_seat(desktops)
    page = dan.page()
    seat = seat_named(desktops, connected_seat(page, open_my_desktop(page, pool_id), dan.name))
    expect(page.get_by_text(f"Seat: {seat.name}", exact=True)).to_be_visible()

    # The centre shows the seat's painted colour: the canvas is this seat's live display. Around it, the
    # desktop: at least 4 colours over the canvas, the commonest (the background) on at most 90% of it.
    expect_canvas_colour(page, seat.colour)
    seen = expect_canvas_varied(page, at_least=4, commonest_at_most=0.9)
    print(f"\ndesktop: {seat.name} shows {seen['distinct']} colours over {seen['samples']} samples, the commonest "
          f"({seen['commonest'][0][0]}) on {seen['commonestShare']:.0%}")

    # The name bar, at the top left of the desktop.
    bar = desktop_window(desktops, seat, '("seat-name" "Xmessage")')
    drawn = expect_canvas_varied(page, region=bar, step=1, at_least=2, commonest_at_most=0.95)
    rgb = lambda colour: [int(colour[i:i + 2], 16) for i in (1, 3, 5)]  # noqa: E731
    commonest = rgb(drawn["commonest"][0][0])
    assert all(abs(a - b) <= COLOUR_TOLERANCE for a, b in zip(commonest, NAME_BAR_BLUE)), \
        f"the name bar at {bar} is mostly {drawn['commonest'][0][0]}, not its blue: {drawn}"
    assert any(min(rgb(colour)) >= 180 for colour, _count in drawn["commonest"]), \
        f"the name bar at {bar} has no light lettering on it: {drawn}"
    remember(page)


def test_person_on_a_host_that_stops_answering_gets_a_new_seat(people, pool_id, desktops):
    dan = people["Dan Evans"]
    paint_every_seat(desktops)
    page = dan.page()
    lost = None
    try:
        lost = seat_named(desktops, connected_seat(page, open_my_desktop(page, pool_id), dan.name))
        other = next(seat for seat in desktops.seats.values() if seat.name != lost.name)
        expect_canvas_colour(page, lost.colour)

        # Dan's host crashes.
        lost_pid = xvnc_pid(desktops, lost)
        killed_at, killed_clock = time.monotonic(), time.time()
        seats_script("kill", desktops.dir, lost.port)
        # The broker's notice (its health check found the host down), not only the viewer's own
        # "stopped answering. Reconnecting…" when the stream drops.
        expect(page.locator("body")).to_contain_text("Your desktop stopped answering", timeout=HOST_FAILURE_TIMEOUT)
        print(f"\ndesktop: Dan was told his desktop stopped answering {time.monotonic() - killed_at:.2f}s after "
              f"its Xvnc was killed")

        # He is offered a new seat (or taken straight to one), and it works. Usually that is the other host's seat;
        # but the broker resets the lost seat at once (the demo's reset starts a fresh Xvnc), and when the other seat
        # is still being cleaned from the test before, the lost seat's host may be healthy again first: then he gets
        # that seat with a fresh desktop, never the session that was killed.
        take = page.get_by_role("button", name="Take the seat")
        on_a_seat = page.locator("#desktop-screen")
        expect(take.or_(on_a_seat)).to_be_visible(timeout=HOST_FAILURE_TIMEOUT)
        remember(page)
        since, what = killed_clock, "its host was killed"
        if take.is_visible():
            since, what = time.time(), "'Take the seat'"
            take.click()
        seat = connected_seat(page, since, dan.name, what)
        if seat == other.name:
            expect_canvas_colour(page, other.colour)
        else:
            assert seat == lost.name, f"Dan landed on {seat}, a seat of neither host"
            assert xvnc_pid(desktops, lost) != lost_pid, "Dan was given the killed seat without its reset"
            paint(desktops, lost, AFTER_RESET_COLOUR)
            expect_canvas_colour(page, AFTER_RESET_COLOUR)
        print(f"desktop: Dan was connected to {seat} {time.monotonic() - killed_at:.2f}s after the host failure")
    finally:
        if lost is not None:  # bring the crashed seat back for the tests after this one
            seats_script("reset", desktops.dir, lost.port)


def test_host_passwords_reach_no_page_log_or_database(people, pool_id, desktops, server, browser):
    secrets = desktops.secrets
    responses, received = [], []  # what the pages below were sent: (url, body)

    def keep_bodies() -> None:
        """The HTML and JSON received so far (not the event stream, which never ends); read while
        the page is still open."""
        for response in responses:
            kind = response.headers.get("content-type", "")
            if response.request.resource_type not in ("document", "fetch", "xhr") or "event-stream" in kind:
                continue
            try:
                received.append((response.url, response.text()))
            except PlaywrightError:  # a redirect has no body
                pass
        responses.clear()

    # A person's own pages: the list, the viewer (with its ticket request), the sign-out.
    page = people["Dan Evans"].page()
    page.on("response", lambda response: responses.append(response))
    connected_seat(page, open_my_desktop(page, pool_id), "Dan Evans")
    assert leave_pool(page), "Dan could not sign out of his desktop"
    remember(page)
    keep_bodies()

    # The audit trail as the practice manager reads it (desktop sessions are audited).
    erins_page = people["Erin Walsh"].page()
    erins_page.goto("/audit")
    remember(erins_page)

    # The administrator's pool pages, which show the hosts and seats.
    kim = Staff(browser, server, demo_person(server.credentials, "Kim Ali", ods=None), practice=None)
    try:
        admin = kim.page()
        admin.on("response", lambda response: responses.append(response))
        for path in ("/desktops/pools", f"/desktops/pools/{pool_id}"):
            response = admin.goto(path)
            assert response is not None and response.ok, f"{path} answered {response and response.status}"
            remember(admin)
        keep_bodies()
    finally:
        kim.close_browser()

    leaks = sorted({url for url, text in PAGES_SEEN + received for secret in secrets if secret in text})
    assert not leaks, f"a host password appears in: {leaks}"
    log = server.log.read_text(errors="replace")
    assert not [s for s in secrets if s in log], f"a host password appears in the server's log {server.log}"
    stored = b"".join(Path(f"{server.db_path}{suffix}").read_bytes()
                      for suffix in ("", "-wal", "-journal") if Path(f"{server.db_path}{suffix}").exists())
    assert not [s for s in secrets if s.encode() in stored], \
        f"a host password is stored in the clear in {server.db_path} (the contract seals it at rest)"
