"""Staff pages in the browser: every main navigation page for a practice manager (desktop
and 320 px phone), the invitation flow from "Invite someone" to the invitee's first Home
page, and the organisations a locum may act for today."""
import re
import uuid
from datetime import datetime
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from conftest import LOGIN_URL, check_accessibility, sign_in_both_factors, totp

MAIN_NAVIGATION = [
    "Home", "Remote assessment", "Virtual login", "Digital estate",
    "Staff", "Organisations", "Audit trail", "API tokens",
]
GOOD_PASSPHRASE = "copper kettle orchard lantern"


def uk_today() -> str:
    """Today as the server counts days (UK time), yyyy-mm-dd."""
    return datetime.now(ZoneInfo("Europe/London")).date().isoformat()


def practice_manager(credentials) -> dict:
    for person in credentials["people"]:
        if any(o["role"] == "Practice manager" for o in person["activeOrganisations"]):
            return person
    pytest.fail("the demo seed has no practice manager")


def locum(credentials) -> dict:
    for person in credentials["people"]:
        if "locum" in person["name"].lower():
            return person
    pytest.fail("the demo seed has no locum")


def check_page(page: Page, width: int | None = None) -> None:
    """Accessibility, and on a phone no sideways scrolling."""
    check_accessibility(page)
    if width is not None:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{page.url} scrolls sideways at {width}px (scrollWidth {scroll_width})"


def sign_in(page: Page, person: dict) -> None:
    """Password, then a fresh TOTP code; ends on Home."""
    sign_in_both_factors(page, person)


def acting_for_a_practice_with_role(page: Page, person: dict, role: str) -> dict:
    """Switches (when needed) to an organisation where `person` holds `role`; returns it."""
    organisation = next(o for o in person["activeOrganisations"] if o["role"] == role)
    acting_for = page.get_by_role("combobox", name="Acting for", exact=True)
    if acting_for.count() and acting_for.input_value() != organisation["ods"]:
        acting_for.select_option(value=organisation["ods"])
        page.get_by_role("button", name="Switch").click()
    expect(page.get_by_test_id("acting-for")).to_have_text(organisation["name"])
    return organisation


def visit_main_navigation(page: Page, width: int | None = None) -> None:
    nav = page.locator("nav[aria-label=Main]")
    links = nav.get_by_role("link")
    expect(links).to_have_text(MAIN_NAVIGATION)
    targets = [(name, links.nth(i).get_attribute("href")) for i, name in enumerate(MAIN_NAVIGATION)]
    for name, href in targets:
        link = nav.get_by_role("link", name=name, exact=True)
        with page.expect_response(
            lambda r, href=href: r.request.method == "GET" and r.request.resource_type == "document"
            and urlparse(r.url).path == href
        ) as answer:
            link.click()
        response = answer.value
        assert response.status == 200, f"{name} ({href}) answered {response.status}"
        expect(page).to_have_url(re.compile(re.escape(href) + r"(\?.*)?$"))
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"\S"))
        expect(nav.get_by_role("link", name=name, exact=True)).to_have_attribute("aria-current", "page")
        check_page(page, width)


def test_practice_manager_visits_every_main_page(page, server):
    manager = practice_manager(server.credentials)
    sign_in(page, manager)
    acting_for_a_practice_with_role(page, manager, "Practice manager")
    check_page(page)
    visit_main_navigation(page)


def test_practice_manager_visits_every_main_page_on_a_phone(phone_page, server):
    manager = practice_manager(server.credentials)
    sign_in(phone_page, manager)
    acting_for_a_practice_with_role(phone_page, manager, "Practice manager")
    check_page(phone_page, 320)
    visit_main_navigation(phone_page, 320)


def test_invitation_from_form_to_first_home_page(page, browser, server):
    manager = practice_manager(server.credentials)
    sign_in(page, manager)
    practice = acting_for_a_practice_with_role(page, manager, "Practice manager")

    # Staff, then "Invite someone".
    page.locator("nav[aria-label=Main]").get_by_role("link", name="Staff", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff")
    page.get_by_role("link", name="Invite someone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite someone")
    check_page(page)

    # Submitted empty: an error summary lists the problems, and the fields say what is wrong.
    page.get_by_role("button", name="Create invitation").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name="Enter the person's full name")).to_have_attribute("href", "#name")
    expect(summary.get_by_role("link", name=re.compile("Enter an email address"))).to_have_attribute("href", "#email")
    expect(page.get_by_label("Full name", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Email address", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("invitation-link")).to_have_count(0)
    check_page(page)

    # Filled in properly.
    unique = uuid.uuid4().hex[:10]
    invitee_name = f"Nina Shah {unique}"
    invitee_email = f"nina.shah.{unique}@demo.nhs.uk"
    page.get_by_label("Full name", exact=True).fill(invitee_name)
    page.get_by_label("Email address", exact=True).fill(invitee_email)
    page.get_by_label("Role", exact=True).select_option(label="Nurse")
    page.get_by_label("Kind of engagement", exact=True).select_option(label="Permanent")
    page.fill("input[type=date][name=startsOn]", uk_today())
    page.get_by_role("button", name="Create invitation").click()
    link_box = page.get_by_test_id("invitation-link")
    expect(link_box).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    check_page(page)
    link = link_box.inner_text().strip()
    assert link.startswith(server.base_url + "/"), f"the invitation link {link!r} is not on {server.base_url}"

    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page).to_have_url(LOGIN_URL)

    # The invitee, in a browser of their own.
    context = browser.new_context(base_url=server.base_url, viewport={"width": 1280, "height": 800})
    try:
        invitee = context.new_page()
        invitee.goto(link)
        expect(invitee.get_by_role("heading", level=1)).to_have_text(f"Join {practice['name']}")
        expect(invitee.get_by_role("main")).to_contain_text("Nurse")
        check_page(invitee)

        # A common password is refused.
        invitee.get_by_label("Password", exact=True).fill("password123")
        invitee.get_by_label("Password again", exact=True).fill("password123")
        invitee.get_by_role("button", name="Accept invitation").click()
        alert = invitee.get_by_role("alert")
        expect(alert).to_be_visible()
        expect(alert).to_contain_text("common")
        expect(invitee.get_by_label("Password", exact=True)).to_have_attribute("aria-invalid", "true")
        expect(invitee.get_by_role("heading", level=1)).to_have_text(f"Join {practice['name']}")
        check_page(invitee)

        # A good passphrase is taken.
        invitee.get_by_label("Password", exact=True).fill(GOOD_PASSPHRASE)
        invitee.get_by_label("Password again", exact=True).fill(GOOD_PASSPHRASE)
        invitee.get_by_role("button", name="Accept invitation").click()
        expect(invitee.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
        expect(invitee.locator("svg.qr-code")).to_be_visible()
        secret_box = invitee.get_by_test_id("totp-secret")
        expect(secret_box).to_have_text(re.compile(r"^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$"))
        check_page(invitee)

        secret = secret_box.inner_text().replace(" ", "")
        invitee.get_by_label("Code from your authenticator app", exact=True).fill(totp(secret))
        invitee.get_by_role("button", name="Confirm").click()
        expect(invitee.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
        codes = invitee.get_by_test_id("recovery-codes").locator("li")
        expect(codes).to_have_count(10)
        texts = [t.strip() for t in codes.all_inner_texts()]
        assert all(texts) and len(set(texts)) == 10, f"recovery codes are not 10 different codes: {texts}"
        check_page(invitee)

        invitee.get_by_role("link", name="Continue").click()
        expect(invitee.get_by_role("heading", level=1)).to_have_text("Home")
        expect(invitee.get_by_test_id("acting-for")).to_have_text(practice["name"])
        expect(invitee.locator(".acting-for__current")).to_contain_text("(Nurse)")
        check_page(invitee)
    finally:
        context.close()


def test_locum_is_offered_only_practices_active_today(page, server):
    person = locum(server.credentials)
    active = {o["ods"] for o in person["activeOrganisations"]}
    assert "L81104" not in active, "the seed should have ended the Millbrook engagement yesterday"
    assert len(active) >= 2, "the seed's locum should be active in at least two practices"
    sign_in(page, person)

    acting_for = page.get_by_role("combobox", name="Acting for", exact=True)
    expect(acting_for).to_be_visible()
    options = acting_for.locator("option")
    expect(options).to_have_count(len(active))
    offered = {value for value in (o.get_attribute("value") for o in options.all())}
    assert offered == active, f"'Acting for' offers {sorted(offered)}, active today are {sorted(active)}"
    expect(acting_for.locator("option[value=L81104]")).to_have_count(0)
    expect(acting_for).not_to_contain_text("Millbrook Health Centre")
    check_page(page)
