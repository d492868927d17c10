"""The digital estate in the browser: a practice manager sees readiness below target with the gaps,
requests what is missing at two practices; the commissioner approves the one inside the delegated
limit and national the one above it; dispatch and delivery are recorded; the person accepts their
kit on a phone; and the practice's readiness rises by exactly one person, the pot by both costs."""
import re

from playwright.sync_api import Page, expect

from conftest import PHONE_USER_AGENT
from estate_helpers import (
    check_page, expect_chain, expect_status, gaps_row, history, open_readiness, open_request_from_list, pence,
    person, pot_drawn_down, request_reference, sign_in, summary_value, switch_to,
)

RIVERSIDE = ("L81101", "Riverside Surgery")
CASTLE_STREET = ("L81102", "Castle Street Medical Centre")
COMMISSIONER = ("15N", "NHS Demoshire ICB – Riverside (15N)")
NATIONAL = ("X24", "NHS England")
POT = "Remote working 2026/27"
PHONE = {"width": 390, "height": 844}
TRACKING = "RM123456785GB"


def request_what_is_missing(page: Page, practice: tuple[str, str]) -> dict:
    """As the practice manager acting for `practice`: Readiness, "Request what is missing", then
    "Submit for approval". Returns the request's reference, url, cost, delegated limit and line count."""
    readiness = open_readiness(page, practice[1])
    assert not readiness.meets_target, f"{practice[1]} should start below target: {readiness.text!r}"
    offer = page.locator("form").filter(has=page.get_by_role("button", name="Request what is missing"))
    expect(offer).to_contain_text(re.compile(r"^\s*\d+ items of kit are missing, £[\d,]+\.\d\d at typical prices\."))
    offered_items = int(re.match(r"\s*(\d+) items", offer.inner_text())[1])
    offered_cost = pence(offer.inner_text())

    offer.get_by_role("button", name="Request what is missing").click()
    reference = request_reference(page)
    expect_status(page, "Draft")
    assert summary_value(page, "Organisation") == practice[1]
    assert summary_value(page, "Raised by") == "Erin Walsh"
    cost = pence(summary_value(page, "Cost"))
    assert cost == offered_cost, f"{reference} costs {cost}p, but Readiness offered {offered_cost}p of kit"
    expect(page.locator("table").filter(has=page.locator("caption", has_text="What is asked for"))
           .locator("tbody tr")).to_have_count(offered_items)
    check_page(page)

    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Request {reference}")
    expect_status(page, "Awaiting approval")
    expect(page.get_by_role("button", name="Submit for approval")).to_have_count(0)
    limit = pence(summary_value(page, "Delegated limit"))
    assert pence(summary_value(page, "Cost")) == cost, f"{reference}'s cost changed on submission"
    steps = ["Commissioner IT lead: waiting"] + (["National: not yet"] if cost > limit else [])
    expect_chain(page, *steps)  # raised by the practice manager: the chain starts at the commissioner
    assert any("Awaiting approval" in line and "Erin Walsh" in line for line in history(page)), history(page)
    check_page(page)
    return {"reference": reference, "url": page.url, "cost": cost, "limit": limit, "lines": offered_items}


def approve(page: Page, reference: str, step: str, pot_option: re.Pattern) -> None:
    """From the approver's "Waiting for your decision" list: open the request, check the decision
    form's step and default funding pot, and approve."""
    open_request_from_list(page, reference)
    expect_status(page, "Awaiting approval")
    decide = page.locator("#decide")
    expect(decide).to_be_visible()
    expect(decide.get_by_role("heading", level=3)).to_have_text(f"Your decision at the {step} step")
    pot = decide.get_by_label("Funding pot", exact=True)
    expect(pot.locator("option:checked")).to_have_text(pot_option)
    expect(decide.get_by_role("button", name="Reject", exact=True)).to_be_visible()
    check_page(page)
    decide.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Request {reference}")


def advance(page: Page, button: str, status: str) -> None:
    before = len(history(page))
    page.get_by_role("button", name=button, exact=True).click()
    expect_status(page, status)
    expect(page.locator("#request-history > li")).to_have_count(before + 1)
    expect(page.locator("#request-history > li").last).to_contain_text(f"Erin Walsh: {status}")


def test_readiness_gaps_requested_approved_delivered_and_accepted(new_page, server):
    people = server.credentials
    erin = person(people, "Erin Walsh", RIVERSIDE[0], "Practice manager")
    person(people, "Erin Walsh", CASTLE_STREET[0], "Practice manager")
    isla = person(people, "Isla Morgan", COMMISSIONER[0], "Commissioner IT lead")
    jack = person(people, "Jack Turner", NATIONAL[0], "National admin")
    dan = person(people, "Dan Evans", RIVERSIDE[0], "Receptionist")

    # The practice manager, acting for Riverside: below target, and the list of gaps.
    manager = new_page()
    sign_in(manager, erin, RIVERSIDE)
    before = open_readiness(manager, RIVERSIDE[1])
    assert (before.ready, before.staff, before.target) == (4, 8, 60), f"not the demo seed's Riverside: {before.text!r}"
    assert not before.meets_target and before.shortfall == 1, before.text
    expect(manager.locator("#readiness-summary")).to_have_class(re.compile(r"\bnotice--warning\b"))
    expect(gaps_row(manager, "Dan Evans").locator("td").nth(2)).to_have_text("Headset")
    rows = manager.locator("#gaps tbody tr")
    missing = [rows.nth(i).locator("td").nth(2).inner_text().strip() for i in range(rows.count())]
    assert rows.count() == before.staff, f"#gaps lists {rows.count()} people for {before.staff} staff"
    assert missing.count("Ready") == before.ready, f"#gaps marks {missing.count('Ready')} Ready for {before.ready}: {missing}"
    check_page(manager)

    # The commissioner's pot before any decision.
    commissioner = new_page()
    sign_in(commissioner, isla, COMMISSIONER)
    drawn_before = pot_drawn_down(commissioner, POT)

    # Riverside's request (inside the delegated limit), then Castle Street's (above it).
    riverside = request_what_is_missing(manager, RIVERSIDE)
    assert riverside["cost"] <= riverside["limit"], f"Riverside's request should be inside the delegated limit: {riverside}"
    assert riverside["cost"] == 177_000, f"the demo's Riverside gaps cost about £1,770, not {riverside['cost']}p"
    dans_line = manager.locator("table").filter(has=manager.locator("caption", has_text="What is asked for")) \
        .locator("tbody tr").filter(has=manager.get_by_role("cell", name="Dan Evans", exact=True))
    expect(dans_line.locator("td")).to_have_text(["Headset", "1", "Dan Evans", "£40.00", "—"])
    switch_to(manager, *CASTLE_STREET)
    castle = request_what_is_missing(manager, CASTLE_STREET)
    assert castle["cost"] > castle["limit"], f"Castle Street's request should be above the delegated limit: {castle}"

    # The commissioner: both wait for her; Riverside's is approved outright, Castle Street's goes on to national.
    commissioner.goto("/estate/requests")
    waiting = commissioner.locator("#waiting-for-you")
    for request in (riverside, castle):
        expect(waiting.get_by_role("link", name=request["reference"], exact=True)).to_be_visible()
    check_page(commissioner)
    approve(commissioner, riverside["reference"], "commissioner IT lead", re.compile(rf"^{re.escape(POT)}: £[\d,]+\.\d\d left$"))
    expect_status(commissioner, "Approved")
    expect_chain(commissioner, "Commissioner IT lead: approved by Isla Morgan")
    expect(commissioner.locator("#decide")).to_have_count(0)
    assert summary_value(commissioner, "Funding pot").startswith(f"{POT} (")

    approve(commissioner, castle["reference"], "commissioner IT lead", re.compile(rf"^{re.escape(POT)}: £[\d,]+\.\d\d left$"))
    expect_status(commissioner, "Awaiting approval")
    expect_chain(commissioner, "Commissioner IT lead: approved by Isla Morgan", "National: waiting")
    expect(commissioner.locator("#decide")).to_have_count(0)
    commissioner.goto("/estate/requests")
    for request in (riverside, castle):
        decided = commissioner.locator("#waiting-for-you").get_by_role("link", name=request["reference"], exact=True)
        expect(decided).to_have_count(0)
    assert pot_drawn_down(commissioner, POT) == drawn_before + riverside["cost"], (
        "after approving Riverside's request only, the pot should have drawn its cost and nothing for Castle Street's yet")

    # National: only Castle Street's waits for it; the commissioner's pot is kept.
    national = new_page()
    sign_in(national, jack, NATIONAL)
    national.goto("/estate/requests")
    expect(national.locator("#waiting-for-you").get_by_role("link", name=riverside["reference"], exact=True)).to_have_count(0)
    approve(national, castle["reference"], "national", re.compile(rf"^Keep {re.escape(POT)}, as chosen by the commissioner: £[0-9,]+\.[0-9]{{2}} left$"))
    expect_status(national, "Approved")
    expect_chain(national, "Commissioner IT lead: approved by Isla Morgan", "National: approved by Jack Turner")

    drawn_after = pot_drawn_down(commissioner, POT)
    assert drawn_after - drawn_before == riverside["cost"] + castle["cost"], (
        f"{POT} drew {drawn_after - drawn_before}p, not Riverside's {riverside['cost']}p + Castle Street's {castle['cost']}p")
    check_page(commissioner)

    # The practice manager, back at Riverside, records fulfilment.
    switch_to(manager, *RIVERSIDE)
    manager.goto(riverside["url"])
    expect_status(manager, "Approved")
    advance(manager, "Mark as ordered", "Ordered")
    manager.get_by_label("Tracking reference", exact=True).fill(TRACKING)
    advance(manager, "Mark as dispatched", "Dispatched")
    assert summary_value(manager, "Tracking reference") == TRACKING
    expect(manager.locator("#request-history > li").last).to_contain_text(f"tracking {TRACKING}")
    advance(manager, "Mark as delivered", "Delivered")
    statuses = [line.split(": ", 1)[-1] for line in history(manager)]
    for status in ("Draft", "Awaiting approval", "Approved", "Ordered", "Dispatched", "Delivered"):
        assert any(s.startswith(status) for s in statuses), f"the history has no {status!r}: {history(manager)}"
    check_page(manager)

    # Dan, on a phone, accepts his headset.
    phone = new_page(viewport=PHONE, user_agent=PHONE_USER_AGENT, is_mobile=True, has_touch=True, device_scale_factor=2)
    sign_in(phone, dan, RIVERSIDE)
    phone.locator("nav[aria-label=Main]").get_by_role("link", name="Digital estate", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Digital estate")
    delivered = phone.locator(".notice").filter(has=phone.get_by_role("heading", name="Kit delivered to you"))
    expect(delivered).to_be_visible()
    expect(phone.get_by_role("main")).to_contain_text(f"{riverside['reference']} was delivered")
    accept = delivered.get_by_role("button", name="I have received my headset", exact=True)
    expect(accept).to_be_visible()
    check_page(phone, PHONE["width"])
    accept.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Digital estate")
    expect(phone.get_by_role("heading", name="Kit delivered to you")).to_have_count(0)
    kit = phone.locator("table").filter(has=phone.locator("caption", has_text="Kit in your name"))
    expect(kit.locator("tbody tr").filter(has=phone.get_by_role("cell", name="Headset", exact=True))).to_have_count(1)
    headset = kit.locator("tbody tr").filter(has=phone.get_by_role("cell", name="Headset", exact=True))
    expect(headset.locator("td").nth(3)).to_have_text("In use")
    expect(phone.get_by_role("main")).to_contain_text("Nothing: you have everything your role needs to work remotely.")
    check_page(phone, PHONE["width"])

    # Riverside's readiness rises by exactly one person: Dan.
    after = open_readiness(manager, RIVERSIDE[1])
    assert after.staff == before.staff, f"the staff count changed: {before.text!r} → {after.text!r}"
    assert after.ready == before.ready + 1, f"readiness should rise by one person: {before.text!r} → {after.text!r}"
    assert after.target == before.target
    assert after.meets_target, f"5 of 8 is above the 60% target, yet: {after.text!r}"
    expect(manager.locator("#readiness-summary")).not_to_have_class(re.compile(r"\bnotice--warning\b"))
    expect(gaps_row(manager, "Dan Evans").locator("td").nth(2)).to_have_text("Ready")
    check_page(manager)

    # On the request, Dan's line is accepted; the others wait for their people, so it stays Delivered.
    manager.goto(riverside["url"])
    expect_status(manager, "Delivered")
    lines = manager.locator("table").filter(has=manager.locator("caption", has_text="What is asked for")).locator("tbody tr")
    expect(lines).to_have_count(riverside["lines"])
    accepted = [lines.nth(i).locator("td").nth(4).inner_text().strip() for i in range(riverside["lines"])]
    owners = [lines.nth(i).locator("td").nth(2).inner_text().strip() for i in range(riverside["lines"])]
    assert [o for o, a in zip(owners, accepted) if a != "—"] == ["Dan Evans"], list(zip(owners, accepted))
