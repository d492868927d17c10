"""What the deployment fault tests watch in a browser page opened through nginx: every live connection the page
opens (a server-sent-events stream, a WebSocket), with the instance that took it (nginx's X-Served-By, read from
Chromium's DevTools protocol, which sees a WebSocket's handshake as Playwright's own events do not), and the video
frames a page decodes."""
import time
from urllib.parse import urlsplit

from playwright.sync_api import Page

QUEUE = "/consult/queue/events"
SIGNAL = "/signal"
GATEWAY = "/desktops/gateway"
FRAMES_OF = "(name) => ((window.__videoFrames || {})[name] || 0)"


class Streams:
    """The live connections `page` opened, in order, as (path, instance)."""

    def __init__(self, page: Page, kit):
        self.page, self.kit = page, kit
        self.opened: list[tuple[str, str]] = []
        sockets: dict[str, str] = {}
        session = page.context.new_cdp_session(page)
        session.on("Network.webSocketCreated", lambda event: sockets.__setitem__(event["requestId"], event["url"]))
        session.on("Network.webSocketHandshakeResponseReceived",
                   lambda event: self._opened(sockets.get(event["requestId"], ""), event["response"]))
        session.on("Network.responseReceived",
                   lambda event: self._opened(event["response"]["url"], event["response"])
                   if event.get("type") == "EventSource" else None)
        session.send("Network.enable")

    def _opened(self, url: str, response: dict) -> None:
        served = next((v for k, v in (response.get("headers") or {}).items() if k.lower() == "x-served-by"), "")
        self.opened.append((urlsplit(url).path, self.kit.served_by(served)))

    def of(self, kind: str) -> list[str]:
        """The instances that took each connection of `kind` (a path fragment), oldest first."""
        return [instance for path, instance in self.opened if kind in path]

    def on(self, kind: str) -> str:
        return self.of(kind)[-1]

    def wait(self, kind: str, more_than: int = 0, timeout: float = 45) -> str:
        """Waits until the page has opened more than `more_than` connections of `kind`; returns the last one's
        instance."""
        deadline = time.monotonic() + timeout
        while len(self.of(kind)) <= more_than:
            assert time.monotonic() < deadline, (
                f"{self.page.url} opened no connection to {kind} in {timeout:.0f}s (it opened {self.opened})")
            self.page.wait_for_timeout(200)  # lets Playwright deliver the browser's events; polling with a deadline
        return self.on(kind)


def expect_decoding(page: Page, source: str, timeout: float = 45) -> float:
    """The page decodes new video from `source` (its decoded-frame count rises between two looks half a second
    apart; a frozen picture never passes); returns how long that took."""
    start = time.monotonic()
    deadline = start + timeout
    before = page.evaluate(FRAMES_OF, source)
    while True:
        page.wait_for_timeout(500)  # two looks half a second apart, under a deadline
        now = page.evaluate(FRAMES_OF, source)
        if now > before and page.locator("#call-status").inner_text().strip() == "Connected":
            return time.monotonic() - start
        assert time.monotonic() < deadline, (
            f"{page.url} decoded no new video from {source} in {timeout:.0f}s (frames {before} then {now}, status "
            f"{page.locator('#call-status').inner_text()!r})")
        before = now
