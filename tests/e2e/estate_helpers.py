"""Helpers for the digital estate browser test (test_estate.py): demo people signed in, the readiness
sentence and money as the pages print them, and the request page's status, chain and actions."""
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from conftest import check_accessibility, demo_person, sign_in_both_factors

REQUEST_URL = re.compile(r"/estate/requests/[0-9A-Fa-f-]{36}(\?done=[a-z]+)?$")
REFERENCE = re.compile(r"^ER-[0-9A-F]{6}$")
# "4 of 8 staff (50%) are ready to work remotely; the target is 60%. Below target: …" (EstateReadinessPages.sentence)
READINESS = re.compile(
    r"^(?P<ready>\d+) of (?P<staff>\d+) staff \((?P<percent>\d+)%\) are ready to work remotely; "
    r"the target is (?P<target>\d+)%\. (?P<verdict>.+)$")
READINESS_JS = re.compile(re.sub(r"\?P<\w+>", "", READINESS.pattern))  # the same, unnamed: the browser's RegExp has no (?P<…>)
MONEY = re.compile(r"£(\d{1,3}(?:,\d{3})*)\.(\d{2})")


# --- people --------------------------------------------------------------------------------------

def person(credentials, name: str, ods: str, role: str) -> dict:
    """The demo person called `name`, checked to hold `role` at `ods` today."""
    return demo_person(credentials, name, ods, role)


def sign_in(page: Page, who: dict, acting_for: tuple[str, str]) -> None:
    """Both factors; ends on Home acting for `acting_for` (ods, name), switching if needed."""
    sign_in_both_factors(page, who)
    switch_to(page, *acting_for)


def switch_to(page: Page, ods: str, name: str) -> None:
    """The "Acting for" switcher in the header, when the person has more than one organisation."""
    acting_for = page.get_by_role("combobox", name="Acting for", exact=True)
    if acting_for.count() and acting_for.input_value() != ods:
        acting_for.select_option(value=ods)
        page.get_by_role("button", name="Switch").click()
    expect(page.get_by_test_id("acting-for")).to_have_text(name)


def check_page(page: Page, width: int | None = None) -> None:
    """Accessibility, and on a phone no sideways scrolling."""
    check_accessibility(page)
    if width is not None:
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1] + 1, (
            f"{page.url} scrolls sideways at {width}px: scrollWidth {widths[0]}, innerWidth {widths[1]}")


# --- readiness -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Readiness:
    ready: int
    staff: int
    percent: int
    target: int
    verdict: str
    text: str

    @property
    def meets_target(self) -> bool:
        return self.staff > 0 and self.ready * 100 >= self.target * self.staff

    @property
    def shortfall(self) -> int:
        return max(0, -(-self.target * self.staff // 100) - self.ready)


def open_readiness(page: Page, practice: str) -> Readiness:
    """Digital estate (main navigation), then Readiness; returns the summary sentence, parsed and checked."""
    page.locator("nav[aria-label=Main]").get_by_role("link", name="Digital estate", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Digital estate")
    page.locator("nav[aria-label='Digital estate']").get_by_role("link", name="Readiness", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Readiness to work remotely: {practice}")
    return readiness_summary(page)


def readiness_summary(page: Page) -> Readiness:
    summary = page.locator("#readiness-summary")
    expect(summary).to_have_text(READINESS_JS)
    text = " ".join(summary.inner_text().split())
    match = READINESS.match(text)
    assert match, f"#readiness-summary reads {text!r}"
    found = Readiness(ready=int(match["ready"]), staff=int(match["staff"]), percent=int(match["percent"]),
                      target=int(match["target"]), verdict=match["verdict"], text=text)
    # The page's own arithmetic: a share rounded down, and the verdict that follows from it.
    assert found.staff > 0, f"no staff counted: {text!r}"
    assert found.percent == 100 * found.ready // found.staff, (
        f"{found.ready} of {found.staff} is {100 * found.ready // found.staff}% rounded down, not {found.percent}%: {text!r}")
    if found.meets_target:
        assert found.verdict == "The target is met.", f"the target is met, yet the page says {text!r}"
    else:
        people = "person needs" if found.shortfall == 1 else "people need"
        assert found.verdict == f"Below target: {found.shortfall} more {people} to be ready.", (
            f"{found.shortfall} short of {found.target}% of {found.staff}, yet the page says {text!r}")
    return found


def gaps_row(page: Page, name: str):
    """The #gaps row of one person: name, roles, missing."""
    row = page.locator("#gaps tbody tr").filter(has=page.get_by_role("cell", name=name, exact=True))
    expect(row).to_have_count(1)
    return row


# --- money ---------------------------------------------------------------------------------------

def pence(text: str) -> int:
    """The one amount in `text`, such as "£1,770.00", in pence."""
    amounts = MONEY.findall(text)
    assert len(amounts) == 1, f"expected one amount in {text!r}, found {amounts}"
    pounds, hundredths = amounts[0]
    return int(pounds.replace(",", "")) * 100 + int(hundredths)


def pot_drawn_down(page: Page, pot: str) -> int:
    """/estate/funding: the pot's "Drawn down" in the #pots table, in pence (and checked against "Left")."""
    page.goto("/estate/funding")
    expect(page.get_by_role("heading", level=1)).to_have_text("Funding for kit")
    row = page.locator("#pots tbody tr").filter(has=page.get_by_role("cell", name=pot, exact=True))
    expect(row).to_have_count(1)
    cells = row.locator("td")
    expect(cells).to_have_count(4)
    allocation, drawn, left = (pence(cells.nth(i).inner_text()) for i in (1, 2, 3))
    assert allocation - drawn == left, f"{pot}: {allocation} allocated − {drawn} drawn ≠ {left} left (pence)"
    return drawn


# --- a request's page ----------------------------------------------------------------------------

def summary_value(page: Page, term: str) -> str:
    """The value beside `term` in the request's summary list (dt/dd)."""
    value = page.locator("dl.summary-list dt").filter(has_text=re.compile(rf"^{re.escape(term)}$")) \
        .locator("xpath=following-sibling::dd[1]")
    expect(value).to_have_count(1)
    return value.inner_text().strip()


def expect_status(page: Page, status: str) -> None:
    expect(page.locator("#request-status")).to_have_text(f"Status: {status}")


def expect_chain(page: Page, *steps: str) -> None:
    """The approval list #approval-chain, step by step ("Commissioner IT lead: waiting", …)."""
    expect(page.locator("#approval-chain > li")).to_have_text(list(steps))


def request_reference(page: Page) -> str:
    expect(page).to_have_url(REQUEST_URL)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^Request ER-[0-9A-F]{6}$"))
    reference = heading.inner_text().split()[-1]
    assert REFERENCE.match(reference), reference
    return reference


def open_request_from_list(page: Page, reference: str, table: str = "#waiting-for-you") -> None:
    """/estate/requests, then the reference's link in `table`."""
    page.goto("/estate/requests")
    expect(page.get_by_role("heading", level=1)).to_have_text("Requests for kit and claims")
    page.locator(table).get_by_role("link", name=reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Request {reference}")


def history(page: Page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator("#request-history > li").all_inner_texts()]
