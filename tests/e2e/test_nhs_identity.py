"""NHS CIS2 and NHS login in the browser, through the test identity provider's own sign-in page (Authlib, on
loopback): a member of staff links their NHS Care Identity after a password sign-in and then signs in with it; a
patient signs in with NHS login at P9 and their request carries the details NHS login holds, marked verified."""
import sqlite3

from playwright.sync_api import Page, expect

from conftest import demo_person, sign_in_both_factors
from test_triage import PRACTICE_ODS, answer_red_flags, send_request


def through_the_provider(page: Page, name: str) -> None:
    """The provider's page: choose who is signing in, and sign in."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Test identity provider")
    page.get_by_label("Who is signing in").select_option(label=name)
    page.get_by_role("button", name="Sign in").click()


def test_a_clinician_links_their_nhs_care_identity_and_signs_in_with_it(page, server):
    # setup: Dr Okafor's smartcard sign-in at the provider
    server.oidc.add_user("cis2-e2e-okafor", "Amara Okafor (smartcard)", acr="AAL3")
    okafor = demo_person(server.credentials, "Dr Amara Okafor", "L81101", "GP")
    sign_in_both_factors(page, okafor)
    expect(page.get_by_text("You signed in with your password and authenticator code.")).to_be_visible()
    # link
    page.get_by_role("button", name="Link your NHS Care Identity").click()
    through_the_provider(page, "Amara Okafor (smartcard)")
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    expect(page.get_by_text("Your NHS Care Identity is linked")).to_be_visible()
    # sign out, then in with CIS2 alone
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.get_by_role("link", name="Sign in with NHS Care Identity").click()
    through_the_provider(page, "Amara Okafor (smartcard)")
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    expect(page.get_by_text("You signed in with your NHS Care Identity at assurance level AAL3")).to_be_visible()


def test_a_patient_signed_in_with_nhs_login_sends_a_verified_request(phone_page, server):
    page = phone_page
    # setup: a P9 patient at the provider
    server.oidc.add_user("nhs-login-e2e", "Wanda Verified (NHS login)", id_token_claims={"vot": "P9.Cp.Cd"},
                         userinfo={"nhs_number": "9990000026", "given_name": "Wanda", "family_name": "Verified",
                                   "birthdate": "1971-02-03"})
    page.goto(f"/request/{PRACTICE_ODS}")
    page.get_by_role("link", name="Sign in with NHS login").click()
    through_the_provider(page, "Wanda Verified (NHS login)")
    expect(page.get_by_test_id("nhs-login")).to_contain_text("signed in with NHS login as Wanda Verified")
    # the screen, then a form that shows NHS login's details instead of asking for them
    answer_red_flags(page)
    details = page.get_by_test_id("details-from-nhs-login")
    expect(details).to_contain_text("Wanda Verified")
    expect(details).to_contain_text("999 000 0026")
    expect(page.get_by_label("First name", exact=True)).to_have_count(0)
    page.get_by_role("radio", name="Medical problem", exact=True).check()
    page.get_by_label("Tell us what you need help with", exact=True).fill("A sore throat for a week.")
    page.get_by_role("radio", name="Female", exact=True).check()
    page.get_by_label("Postcode", exact=True).fill("ls1 4ap")
    page.get_by_label("Mobile phone number", exact=True).fill("07700900123")
    page.get_by_label("Email address", exact=True).fill("wanda@example.com")
    page.get_by_role("radio", name="Text message", exact=True).check()
    page.locator("#consent").check()
    reference = send_request(page)
    # the stored request carries NHS login's details and is marked verified
    with sqlite3.connect(server.db_path) as db:
        row = db.execute("SELECT given_name, family_name, nhs_number, identity_verified_by, identity_confirmed_at "
                         "FROM triage_requests WHERE reference = ?", (reference,)).fetchone()
    assert row is not None, f"no request {reference}"
    assert row[:4] == ("Wanda", "Verified", "9990000026", "NHS login (P9)")
    assert row[4] is not None
