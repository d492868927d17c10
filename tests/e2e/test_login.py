"""Acceptance item 1: sign in with a password and a TOTP code, act for another
organisation, sign out, on a desktop and on a 320 px phone."""
import re
import time
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from conftest import check_accessibility, fresh_totp, totp

LOGIN_URL = re.compile(r"/login(\?.*)?$")


def person_in_two_organisations(credentials) -> dict:
    for person in credentials["people"]:
        if len(person["activeOrganisations"]) >= 2:
            return person
    pytest.fail("the demo seed has nobody active in two organisations")


def check_page(page: Page, width: int | None) -> None:
    """Accessibility, and on a phone no sideways scrolling."""
    check_accessibility(page)
    if width is not None:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{page.url} scrolls sideways at {width}px (scrollWidth {scroll_width})"


def sign_in_until_code(page: Page, person: dict, width: int | None = None):
    """From a signed-out browser to the second-factor page; returns the code box."""
    page.goto("/")
    expect(page).to_have_url(LOGIN_URL)
    check_page(page, width)
    page.get_by_label("Email address", exact=True).fill(person["email"])
    page.get_by_label("Password", exact=True).fill(person["password"])
    page.get_by_role("button", name="Sign in").click()
    code_box = page.get_by_label("Code from your authenticator app", exact=True)
    expect(code_box).to_be_visible()
    return code_box


def sign_in_switch_and_sign_out(page: Page, person: dict, width: int | None = None) -> None:
    code_box = sign_in_until_code(page, person, width)
    check_page(page, width)
    code_box.fill(fresh_totp(person["totpSecret"]))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    check_page(page, width)

    # Act for the other organisation. Option values are ODS codes.
    acting_for = page.get_by_role("combobox", name="Acting for", exact=True)
    expect(acting_for).to_have_attribute("name", "organisation")
    organisations = {o["ods"]: o for o in person["activeOrganisations"]}
    current = acting_for.input_value()
    assert current in organisations, f"'Acting for' value {current!r} is not one of {list(organisations)}"
    expect(page.get_by_test_id("acting-for")).to_contain_text(organisations[current]["name"])
    other = next(o for ods, o in organisations.items() if ods != current)
    acting_for.select_option(value=other["ods"])
    page.get_by_role("button", name="Switch").click()
    expect(page.get_by_test_id("acting-for")).to_contain_text(other["name"])
    check_page(page, width)

    # Sign out with the header button and stay out.
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page).to_have_url(LOGIN_URL)
    page.goto("/")
    expect(page).to_have_url(LOGIN_URL)


def test_sign_in_switch_organisation_and_sign_out(page, server):
    sign_in_switch_and_sign_out(page, person_in_two_organisations(server.credentials))


def test_sign_in_on_a_phone_has_no_sideways_scroll(phone_page, server):
    sign_in_switch_and_sign_out(phone_page, person_in_two_organisations(server.credentials), width=320)


def test_wrong_code_is_refused(page, server):
    # The last person, so that a refused code does not count against the flow tests' person.
    person = server.credentials["people"][-1]
    code_box = sign_in_until_code(page, person)

    now = time.time()
    near = {totp(person["totpSecret"], now + 30 * k) for k in range(-2, 3)}
    wrong = next(c for c in (f"{n:06d}" for n in range(10)) if c not in near)
    code_box.fill(wrong)
    page.get_by_role("button", name="Continue").click()

    alert = page.get_by_role("alert").first
    expect(alert).to_be_visible()
    expect(alert).to_have_text(re.compile(r"\S"))
    check_accessibility(page)

    page.goto("/")
    assert urlparse(page.url).path != "/", "a wrong code signed the person in"
    expect(page.get_by_role("heading", level=1, name="Home")).to_have_count(0)
