"""Helpers for the desktop browser tests (test_desktops.py): the seats script, demo people each in
a browser of their own, and the desktop pages (open, connected, the canvas's colours, leaving the pool).

Each demo seat shows a desktop (scripts/desktop-seats.sh: twm, a terminal, a clock, an editor and the
seat's name in a bar) that keeps to the edges of the screen: the centre pixel, which the colour checks
read, is always the root window's background."""
import re
import subprocess
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import REPO, sign_in_both_factors

SEATS_SCRIPT = REPO / "scripts" / "desktop-seats.sh"
POOL_NAME = "E2E desktops"
PRACTICE_ODS = "L81101"
PRACTICE_NAME = "Riverside Surgery"
PEOPLE = ("Dan Evans", "Dr Amara Okafor", "Erin Walsh")  # all act for L81101
SEAT_COLOURS = ("#c0392b", "#1e8449")  # host 1 red, host 2 green
AFTER_RESET_COLOUR = "#2e86c1"          # blue, painted on a seat after its reset
COLOUR_TOLERANCE = 8                    # per channel
CONNECT_TIMEOUT = 20_000                # ms from the viewer page to "Connected"
CANVAS_TIMEOUT = 10_000                 # ms from "Connected" (or a repaint) to the colour on the canvas
DESKTOP_TIMEOUT = 15_000               # ms from "Connected" to the desktop's windows on the canvas
HOST_FAILURE_TIMEOUT = 15_000           # ms: acceptance 5, "within 15 s"
OFFER_TIMEOUT = 30_000                  # ms for a freed seat (its reset included) to reach the next in line

# Every page the tests saw (url, html): the host passwords must be in none of them.
PAGES_SEEN: list[tuple[str, str]] = []

# Marks, in the browser's own clock (epoch ms, the same clock as time.time() here), the moment
# #desktop-status first reads "Connected" on each page: timing without polling lag.
CONNECTED_WATCH = """(() => {
  const mark = () => {
    const status = document.getElementById('desktop-status');
    if (status && !window.__desktopConnectedAt && /^\\s*Connected\\b/.test(status.textContent)) {
      window.__desktopConnectedAt = Date.now();
    }
  };
  new MutationObserver(mark).observe(document, { subtree: true, childList: true, characterData: true });
})();"""

# The noVNC canvas's centre pixel as [r, g, b, a], or null before the canvas has a size.
CANVAS_PIXEL = """() => {
  const canvas = document.querySelector('#desktop-screen canvas');
  if (!canvas || canvas.width === 0 || canvas.height === 0) return null;
  const x = Math.floor(canvas.width / 2), y = Math.floor(canvas.height / 2);
  return Array.from(canvas.getContext('2d').getImageData(x, y, 1, 1).data);
}"""

CANVAS_IS = """([r, g, b, tolerance]) => {
  const canvas = document.querySelector('#desktop-screen canvas');
  if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
  const d = canvas.getContext('2d').getImageData(Math.floor(canvas.width / 2), Math.floor(canvas.height / 2), 1, 1).data;
  return d[3] === 255 && Math.abs(d[0] - r) <= tolerance && Math.abs(d[1] - g) <= tolerance
      && Math.abs(d[2] - b) <= tolerance;
}"""


# How many colours a grid of samples over the canvas finds, the share of the commonest, and the commonest
# few (as "#rrggbb", count); null before the canvas has a size. The argument is the region [x, y, width,
# height] in the desktop's pixels (the canvas is as large as the desktop; CSS scales it) and the grid's step.
CANVAS_COLOURS = """([x, y, width, height, step]) => {
  const canvas = document.querySelector('#desktop-screen canvas');
  if (!canvas || canvas.width === 0 || canvas.height === 0) return null;
  const left = Math.max(0, x), top = Math.max(0, y);
  const w = Math.min(canvas.width, x + width) - left, h = Math.min(canvas.height, y + height) - top;
  if (w <= 0 || h <= 0) return null;
  const data = canvas.getContext('2d').getImageData(left, top, w, h).data;
  const counts = new Map();
  let samples = 0;
  for (let row = 0; row < h; row += step) {
    for (let col = 0; col < w; col += step) {
      const i = (row * w + col) * 4;
      const key = '#' + [data[i], data[i + 1], data[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('');
      counts.set(key, (counts.get(key) || 0) + 1);
      samples += 1;
    }
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return { samples, distinct: counts.size, commonestShare: ranked[0][1] / samples, commonest: ranked.slice(0, 6) };
}"""


# --- the seats -------------------------------------------------------------------------------

def seats_script(*args, env=None, check=True) -> subprocess.CompletedProcess:
    """Runs scripts/desktop-seats.sh; fails the test with its output when it fails."""
    done = subprocess.run([str(SEATS_SCRIPT), *map(str, args)], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=90)
    if check and done.returncode != 0:
        pytest.fail(f"desktop-seats.sh {' '.join(map(str, args))} exited {done.returncode}:\n"
                    f"{done.stdout}{done.stderr}", pytrace=False)
    return done


def paint(desktops, seat, colour: str) -> None:
    """Paints `seat`'s whole root window one colour (waits for the seat to answer first)."""
    seats_script("colour", desktops.dir, seat.port, colour)


def paint_every_seat(desktops) -> None:
    """Each seat its own colour again: a reset (every sign-out) leaves a fresh, unpainted X server."""
    for seat in desktops.seats.values():
        paint(desktops, seat, seat.colour)


def desktop_window(desktops, seat, wm_class: str) -> tuple[int, int, int, int]:
    """Where the window of `wm_class` ('("instance" "Class")' as xwininfo prints it) is on `seat`'s desktop:
    (x, y, width, height) in the desktop's pixels, read from the seat's X server with xwininfo."""
    done = subprocess.run(["xwininfo", "-display", f":{seat.display}", "-root", "-tree"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=10)
    assert done.returncode == 0, f"xwininfo on :{seat.display} exited {done.returncode}: {done.stderr}"
    for line in done.stdout.splitlines():
        if f": {wm_class}" in line:
            # 0x40002c "Seat name": ("seat-name" "Xmessage")  338x33+12+12  +12+12 (the last pair: on the screen)
            match = re.search(r"(\d+)x(\d+)[+-]-?\d+[+-]-?\d+\s+\+(-?\d+)\+(-?\d+)\s*$", line)
            assert match, f"cannot read the geometry in xwininfo's line {line!r}"
            width, height, x, y = map(int, match.groups())
            return x, y, width, height
    pytest.fail(f"{seat.name}'s desktop (:{seat.display}) has no {wm_class} window:\n{done.stdout}", pytrace=False)


def xvnc_pid(desktops, seat) -> str:
    """The pid of the Xvnc behind `seat` as the script recorded it (a reset changes it)."""
    return (desktops.dir / "run" / f"{seat.display}.pid").read_text().strip()


# --- people --------------------------------------------------------------------------------------

def sign_in(page: Page, who: dict, practice: str | None = PRACTICE_ODS) -> None:
    """Both factors; ends on Home acting for `practice` (switching if needed)."""
    sign_in_both_factors(page, who)
    if practice is None:
        return
    acting_for = page.get_by_role("combobox", name="Acting for", exact=True)
    if acting_for.count() and acting_for.input_value() != practice:
        acting_for.select_option(value=practice)
        page.get_by_role("button", name="Switch").click()
    expect(page.get_by_test_id("acting-for")).to_contain_text(PRACTICE_NAME)


class Staff:
    """One demo person in a browser context of their own (their "browser"), signed in on first use.
    page() opens another tab in it; close_browser() ends it, so the next page() signs in afresh."""

    def __init__(self, browser, server, who: dict, practice: str | None = PRACTICE_ODS):
        self.browser, self.server, self.who, self.practice = browser, server, who, practice
        self.name = who["name"]
        self.context = None

    def page(self) -> Page:
        if self.context is not None:
            return self.context.new_page()
        self.context = self.browser.new_context(base_url=self.server.base_url, viewport={"width": 1280, "height": 800})
        self.context.add_init_script(CONNECTED_WATCH)
        page = self.context.new_page()
        sign_in(page, self.who, self.practice)
        return page

    def close_browser(self) -> None:
        if self.context is not None:
            self.context.close()
            self.context = None


def demo_person(credentials, name: str, ods: str | None = PRACTICE_ODS) -> dict:
    found = next((p for p in credentials["people"] if p["name"] == name), None)
    if found is None:
        pytest.fail(f"the demo seed has no {name}")
    if ods is not None and not any(o["ods"] == ods for o in found["activeOrganisations"]):
        pytest.fail(f"the demo seed's {name} is not active at {ods}: {found['activeOrganisations']}")
    return found


def release_everyone(people, pool_id: str) -> None:
    """Whoever holds a seat signs out of it; whoever is offered one or waits leaves the line
    (or, without a "Leave the line" button, takes the seat when it comes and signs out)."""
    still_waiting = []
    for person in people.values():
        if person.context is None:
            continue
        for page in list(person.context.pages):
            page.close()
        page = person.page()
        page.goto(f"/desktops/{pool_id}")
        if not leave_pool(page):
            still_waiting.append(person)
        page.close()
    for person in still_waiting:
        page = person.page()
        page.goto(f"/desktops/{pool_id}")
        take = page.get_by_role("button", name="Take the seat")
        expect(take).to_be_visible(timeout=OFFER_TIMEOUT)
        take.click()
        assert leave_pool(page), f"{person.name} took a seat but has no way to sign out of it"
        page.close()


def leave_pool(page: Page) -> bool:
    """Signs out of the seat or leaves the line on a pool page; False if the person can only wait.
    Checks only that the person ends with no seat (the "Open my desktop" form on the pool's page):
    where the browser lands is test_own_desktop_is_kept_and_passes_on_after_sign_out's business."""
    pool_page = page.url
    # the page reloads itself when the person's state changes (a seat freed by someone else's sign-out is offered
    # to the next in line): a read that meets such a reload is read again from the new page, a few times at most
    for attempt in range(5):
        try:
            for label in ("Sign out of desktop", "Leave the line"):
                button = page.get_by_role("button", name=label)
                if button.count():
                    with page.expect_navigation():
                        button.click()
                    page.goto(pool_page)
                    expect(page.get_by_role("button", name="Open my desktop")).to_be_visible()
                    return True
            status = " ".join(page.locator("#desktop-status").all_inner_texts())
            return page.get_by_role("button", name="Take the seat").count() == 0 and "in line" not in status
        except PlaywrightError as error:
            if "Execution context was destroyed" not in str(error) or attempt == 4:
                raise
            page.wait_for_load_state()
    return False


# --- pages ---------------------------------------------------------------------------------------

def remember(page: Page) -> None:
    """Keeps the page's HTML for the check that no host password reached a page."""
    PAGES_SEEN.append((page.url, page.content()))


def pool_section(page: Page, name: str = POOL_NAME):
    """/desktops, and on it the section of the test pool (or of the pool `name`)."""
    page.goto("/desktops")
    section = page.locator("section").filter(has=page.get_by_role("heading", name=name, exact=True))
    expect(section).to_have_count(1)
    remember(page)
    return section


def open_my_desktop(page: Page, pool: str, name: str = POOL_NAME) -> float:
    """Presses "Open my desktop" in the pool's section on /desktops; returns when (time.time())."""
    section = pool_section(page, name)
    clicked_at = time.time()
    section.get_by_role("button", name="Open my desktop").click()
    expect(page).to_have_url(re.compile(rf"/desktops/{re.escape(pool)}$"))
    return clicked_at


def connected_seat(page: Page, since: float, who: str, what: str = "'Open my desktop'") -> str:
    """Waits for the viewer to say "Connected"; prints how long it took since `since`; returns
    the seat (data-seat), checked against the page's "Seat: NAME"."""
    screen = page.locator("#desktop-screen")
    expect(screen).to_have_count(1, timeout=CONNECT_TIMEOUT)
    expect(page.locator("#desktop-status")).to_have_text(re.compile(r"^\s*Connected\b"), timeout=CONNECT_TIMEOUT)
    connected_at = page.evaluate("window.__desktopConnectedAt")
    seat = screen.get_attribute("data-seat")
    assert seat, "#desktop-screen has no data-seat"
    expect(page.locator("body")).to_contain_text(f"Seat: {seat}")
    if connected_at:
        print(f"\ndesktop: {who} saw 'Connected' on {seat} {connected_at / 1000 - since:.2f}s after {what}")
    remember(page)
    return seat


def expect_canvas_colour(page: Page, colour: str) -> None:
    """The centre pixel of the noVNC canvas becomes `colour` (±COLOUR_TOLERANCE per channel)."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    try:
        page.wait_for_function(CANVAS_IS, arg=[*rgb, COLOUR_TOLERANCE], polling=100, timeout=CANVAS_TIMEOUT)
    except PlaywrightTimeout:
        pytest.fail(f"the desktop canvas's centre pixel is {page.evaluate(CANVAS_PIXEL)} (r, g, b, a), "
                    f"not {colour} {rgb}, {CANVAS_TIMEOUT / 1000:.0f}s on", pytrace=False)


def expect_canvas_varied(page: Page, region: tuple[int, int, int, int] | None = None, step: int = 8,
                         at_least: int = 2, commonest_at_most: float = 0.97) -> dict:
    """The noVNC canvas (or `region` of it: x, y, width, height) comes to show at least `at_least` colours over a
    grid of samples `step` pixels apart, none of them on more than `commonest_at_most` of the samples: a black or
    one-colour canvas, or one with only a pointer on it, never passes. Returns what was counted."""
    area = list(region) if region else [0, 0, 1 << 16, 1 << 16]
    test = f"""(arg) => {{ const c = ({CANVAS_COLOURS})(arg);
        return c !== null && c.distinct >= {at_least} && c.commonestShare <= {commonest_at_most}; }}"""
    try:
        page.wait_for_function(test, arg=[*area, step], polling=200, timeout=DESKTOP_TIMEOUT)
    except PlaywrightTimeout:
        pytest.fail(f"the desktop canvas{f' at {region}' if region else ''} still shows "
                    f"{page.evaluate(CANVAS_COLOURS, [*area, step])} (at least {at_least} colours, the commonest on at "
                    f"most {commonest_at_most:.0%} of the samples, expected) {DESKTOP_TIMEOUT / 1000:.0f}s on",
                    pytrace=False)
    return page.evaluate(CANVAS_COLOURS, [*area, step])


def seat_named(desktops, name: str):
    assert name in desktops.seats, f"data-seat {name!r} is none of the pool's seats {list(desktops.seats)}"
    return desktops.seats[name]


def expect_waiting(page: Page, place: int) -> None:
    status = page.locator("#desktop-status")
    expect(status).to_contain_text(f"You are number {place} in line")
    expect(page.locator("#waiting-place")).to_have_text(re.compile(rf"^\s*{place}\s*$"))
