"""Who the patient is, in the browser: on a 390 px phone, a patient sends a request and is asked for the code texted
to their mobile on a page without scripts (so it works on an old phone), gets a wrong code refused and a new one sent, enters it and
reaches the confirmation; the receptionist sees the number confirmed and the patient not yet confirmed against the
record, the directory's answer beside the button, and confirms them."""
import re

from playwright.sync_api import expect

import test_triage
from conftest import PHONE_USER_AGENT
from test_triage import (PRACTICE_ODS, answer_red_flags, check_page, code_from_outbox, enter_mobile_code, fill_request,
                         new_patient, person, send_request, sign_in)

PHONE = 390


def test_mobile_verification_on_a_390px_phone(browser, server, new_page, monkeypatch):
    # the patient's helpers check for sideways scrolling at this phone's width
    monkeypatch.setattr(test_triage, "PHONE_WIDTH", PHONE)
    receptionist = person(server.credentials, "Dan Evans", PRACTICE_ODS, "Receptionist")
    patient = new_patient("Mobile check")
    context = browser.new_context(
        base_url=server.base_url, viewport={"width": PHONE, "height": 844}, user_agent=PHONE_USER_AGENT, is_mobile=True,
        has_touch=True)
    try:
        phone = context.new_page()
        answer_red_flags(phone)
        fill_request(phone, patient, photo=None)
        reference = send_request(phone, carry_on=False)
        expect(phone.locator("body")).to_contain_text("ending in 123")
        expect(phone.locator("script")).to_have_count(0)  # plain forms: nothing for an old phone to run

        # A wrong code is refused plainly, with the tries left; the request is stored all the same.
        enter_mobile_code(phone, "000000")
        expect(phone.get_by_role("heading", level=1)).to_have_text("Check your mobile number")
        expect(phone.locator(".error-message")).to_contain_text(re.compile(r"not right.*4 tries left"))
        check_page(phone, PHONE)

        # A new code replaces the first; the newest is the one that works.
        phone.get_by_role("button", name="Send a new code").click()
        expect(phone.get_by_test_id("code-notice")).to_contain_text("A new code is on its way")
        staff = new_page()
        code = code_from_outbox(staff, receptionist, reference)
        enter_mobile_code(phone, code)
        expect(phone.get_by_role("heading", level=1)).to_have_text("Request sent")
        expect(phone.get_by_test_id("reference")).to_have_text(reference)
        check_page(phone, PHONE)
    finally:
        context.close()

    # The receptionist sees the number confirmed by the patient, and the patient not yet confirmed against the record.
    staff.goto("/consult")
    row = staff.get_by_test_id("queue").locator("tbody tr").filter(has_text=reference)
    expect(row).to_contain_text("Identity not verified")
    row.get_by_role("link", name=reference, exact=True).click()
    identity = staff.get_by_test_id("identity")
    expect(staff.get_by_test_id("mobile-confirmed")).to_contain_text("by the patient, with the code texted to it")
    expect(identity).to_contain_text("Identity not verified")
    expect(staff.get_by_test_id("directory-match")).to_contain_text("No match for these details")
    staff.get_by_role("button", name="Confirm identity against the record").click()
    expect(staff.locator("#confirmation")).to_have_text("The patient is confirmed against the record.")
    expect(identity).to_contain_text(f"Identity confirmed by {receptionist['name']}")
    check_page(staff)
