"""Remote assessment in the browser: a patient's online request (red-flag screen, form, photo)
reaching an open triage queue live, the receptionist's message with a reply link, the
patient's date-of-birth check and reply, a GP's outcome and the write-back downloads; and a
red-flag answer showing 999 advice first and arriving flagged at the top of the queue."""
import json
import re
import struct
import time
import uuid
import zlib
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import check_accessibility, demo_person, sign_in_both_factors, watch_csp

PRACTICE_ODS = "L81101"
PRACTICE_NAME = "Riverside Surgery"
SUBJECTS = {"me": "Me", "child": "My child (under 16)", "caredFor": "Someone I care for"}
REFERENCE = re.compile(r"^RQ-[A-Z0-9]{6}$")
PHONE_WIDTH = 320
LIVE_QUEUE_TIMEOUT = 10_000  # ms: the acceptance item's "within a few seconds", generously
NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"


# --- helpers -------------------------------------------------------------------------------

def png(path: Path, rgb: tuple[int, int, int], size: int = 8) -> Path:
    """Writes a small, valid RGB PNG (a plain square of one colour) and returns its path."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    path.write_bytes(b"\x89PNG\r\n\x1a\n"
                     + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows))
                     + chunk(b"IEND", b""))
    return path


def check_page(page: Page, width: int | None = None) -> None:
    """Accessibility, and on a phone no sideways scrolling."""
    check_accessibility(page)
    if width is not None:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{page.url} scrolls sideways at {width}px (scrollWidth {scroll_width})"


def person(credentials, name: str, ods: str, role: str) -> dict:
    """The demo person called `name`, checked to hold `role` at `ods` today."""
    return demo_person(credentials, name, ods, role)


def sign_in(page: Page, who: dict) -> None:
    """Both factors; ends on Home acting for the practice."""
    sign_in_both_factors(page, who)
    expect(page.get_by_test_id("acting-for")).to_contain_text(PRACTICE_NAME)


def open_queue(page: Page) -> None:
    """The triage queue, with its live connection open."""
    page.goto("/consult")
    expect(page.get_by_role("heading", level=1)).to_have_text("Triage queue")
    # an attribute check, not a polled script: the page's Content-Security-Policy forbids evaluating strings
    expect(page.locator("html")).to_have_attribute("data-queue-live", "open", timeout=10_000)


def queue_count(page: Page) -> int:
    text = page.get_by_test_id("queue-count").inner_text()
    match = re.match(r"\s*(\d+) requests?\b", text)
    assert match, f"queue-count reads {text!r}, not 'N requests'"
    return int(match.group(1))


def answer_red_flags(page: Page, yes: set[str] = frozenset(), subject: str = "me", ods: str = PRACTICE_ODS,
                     name: str = PRACTICE_NAME) -> None:
    """The screen as a patient taps through it: who the request is for, then each screen of questions, ticking the
    flags in `yes` that it asks (else "None of these"), until a page that is not a screen of questions."""
    page.goto(f"/request/{ods}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Contact {name} online")
    check_page(page, PHONE_WIDTH)
    page.get_by_role("radio", name=SUBJECTS[subject], exact=True).check()
    page.get_by_role("button", name="Continue").click()
    for _ in range(8):
        progress = page.locator("p.hint", has_text=re.compile(r"^Safety questions, \d+ of \d+$"))
        if progress.count() == 0:
            return
        check_page(page, PHONE_WIDTH)
        ticked = False
        for flag in yes:
            box = page.locator(f"input[name='flags[]'][value={flag}]")
            if box.count():
                box.check()
                ticked = True
        if not ticked:
            page.get_by_role("checkbox", name="None of these", exact=True).check()
        page.get_by_role("button", name="Continue").click()
    raise AssertionError("the screen did not end within 8 pages")


def fill_request(page: Page, patient: dict, photo: Path | None) -> None:
    """The request form, filled in, not yet sent."""
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your request to {PRACTICE_NAME}")
    check_page(page, PHONE_WIDTH)
    page.get_by_role("radio", name="Medical problem", exact=True).check()
    page.get_by_label("Tell us what you need help with", exact=True).fill(patient["words"])
    if photo is not None:
        page.set_input_files("#photos", str(photo))
    page.get_by_label("First name", exact=True).fill(patient["given"])
    page.get_by_label("Last name", exact=True).fill(patient["family"])
    page.get_by_label("Day", exact=True).fill(patient["day"])
    page.get_by_label("Month", exact=True).fill(patient["month"])
    page.get_by_label("Year", exact=True).fill(patient["year"])
    page.get_by_role("radio", name="Female", exact=True).check()
    page.get_by_label("Postcode", exact=True).fill(patient.get("postcode", "ls1 4ap"))
    page.get_by_label("Mobile phone number", exact=True).fill("07700900123")
    page.get_by_label("Email address", exact=True).fill(patient["email"])
    page.get_by_role("radio", name="Text message", exact=True).check()
    page.locator("#consent").check()


def send_request(page: Page, carry_on: bool = True) -> str:
    """Sends the filled-in form; returns the reference. The request is stored at once and the patient is asked for
    the code texted to their mobile: with `carry_on` they go on without it to the confirmation page, otherwise the
    page stays on the code."""
    page.get_by_role("button", name="Send request").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your mobile number")
    check_page(page, PHONE_WIDTH)
    if not carry_on:
        return page.get_by_test_id("reference").inner_text().strip()
    page.get_by_role("link", name="Carry on without the code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    reference_box = page.get_by_test_id("reference")
    expect(reference_box).to_have_text(REFERENCE)
    check_page(page, PHONE_WIDTH)
    return reference_box.inner_text().strip()


def code_from_outbox(staff: Page, who: dict, reference: str) -> str:
    """Signs `staff` in as `who` and reads the newest code texted about `reference` from the demo outbox."""
    sign_in(staff, who)
    staff.goto("/consult/outbox")
    texts = staff.get_by_test_id("outbox").locator("li").filter(has_text=reference).filter(has_text="your code is")
    expect(texts.first).to_be_visible()
    found = re.search(r"your code is (\d{6})\.", texts.first.inner_text())
    assert found, f"no code in {texts.first.inner_text()!r}"
    return found.group(1)


def enter_mobile_code(page: Page, code: str) -> None:
    """Types `code` on the patient's code page and confirms it."""
    page.get_by_label("Code from the text message", exact=True).fill(code)
    page.get_by_role("button", name="Confirm my number").click()


def new_patient(label: str) -> dict:
    unique = uuid.uuid4().hex[:8]
    return {
        "words": f"{label} {unique}: a sore, red patch on my shin for a week, warm to touch.",
        "given": "Priya", "family": f"Test{unique}", "day": "14", "month": "3", "year": "1980",
        "email": f"priya.{unique}@example.com",
    }


def references_in(node):
    """Every `reference` string anywhere in a JSON value."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from references_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from references_in(item)


def wait_for_image(page: Page, image) -> None:
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=10_000)


# --- tests ---------------------------------------------------------------------------------

def test_patient_request_reaches_live_queue_and_is_written_back(page, phone_page, new_page, server, tmp_path):
    receptionist = person(server.credentials, "Dan Evans", PRACTICE_ODS, "Receptionist")
    gp = person(server.credentials, "Dr Amara Okafor", PRACTICE_ODS, "GP")
    patient = new_patient("Request")
    request_photo = png(tmp_path / "rash.png", (200, 40, 40))
    reply_photo = png(tmp_path / "rash-later.png", (40, 40, 200))

    # The receptionist has the queue open before the request arrives.
    queue = page
    refused = watch_csp(queue, [])
    sign_in(queue, receptionist)
    open_queue(queue)
    check_page(queue)
    count_before = queue_count(queue)
    new_before = int(re.search(r"New: (\d+)", queue.get_by_test_id("status-counts").inner_text()).group(1))
    queue.evaluate("window.__sameQueuePage = true")  # gone if the page reloads
    # When each change reached the queue's DOM (browser clock, same host as this one).
    queue.evaluate("""() => {
        const results = document.getElementById("queue-results");
        window.__queueChanges = [];
        new MutationObserver(() => window.__queueChanges.push({ at: Date.now(), text: results.textContent }))
            .observe(results, { childList: true, subtree: true, characterData: true });
    }""")

    # The patient, on a phone, without signing in.
    answer_red_flags(phone_page)
    fill_request(phone_page, patient, request_photo)
    sent_at = time.time()
    reference = send_request(phone_page, carry_on=False)
    confirmed_at = time.time()

    # The queue shows it by itself.
    expect(queue.get_by_test_id("queue")).to_contain_text(reference, timeout=LIVE_QUEUE_TIMEOUT)
    assert queue.evaluate("window.__sameQueuePage === true"), "the queue page reloaded instead of updating in place"
    shown_ms = queue.evaluate("ref => (window.__queueChanges.find(c => c.text.includes(ref)) || {}).at", reference)
    assert shown_ms is not None, "the reference is on the queue, but no change of #queue-results brought it"
    shown_at = shown_ms / 1000
    print(f"\nadmit-to-queue: {reference} appeared on the open queue {shown_at - sent_at:.2f}s after 'Send request' "
          f"was clicked ({shown_at - confirmed_at:+.2f}s relative to the patient's confirmation page)")
    expect(queue.get_by_test_id("queue-count")).to_have_text(re.compile(rf"^\s*{count_before + 1} requests\b"))
    # the status counts follow the live update too
    expect(queue.get_by_test_id("status-counts")).to_contain_text(f"New: {new_before + 1}")
    check_page(queue)
    assert not refused, f"the Content-Security-Policy refused: {refused}"

    # The patient enters the code texted to them (the demo outbox stands in for their phone), so that the reply
    # link may go to their mobile.
    enter_mobile_code(phone_page, code_from_outbox(new_page(), receptionist, reference))
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Request sent")

    # The request, as the receptionist sees it.
    queue.get_by_test_id("queue").get_by_role("link", name=reference, exact=True).click()
    expect(queue.get_by_role("heading", level=1)).to_have_text(f"Request {reference}")
    expect(queue.get_by_test_id("patient-words")).to_have_text(patient["words"])
    photos = queue.locator("img.photo")
    expect(photos).to_have_count(1)
    wait_for_image(queue, photos.first)
    check_page(queue)
    # on a laptop the patient's words and what a receptionist does next are all above the fold, side by side
    queue.evaluate("window.scrollTo(0, 0)")
    for needed in (queue.get_by_test_id("patient-words"), queue.get_by_role("button", name="Claim", exact=True),
                   queue.get_by_role("button", name="Send message")):
        expect(needed).to_be_in_viewport()
    height = queue.evaluate("document.documentElement.scrollHeight")
    assert height < 2600, f"the request page is {height}px tall on a laptop"

    queue.get_by_role("button", name="Claim", exact=True).click()
    expect(queue.get_by_role("heading", level=1)).to_have_text(f"Request {reference}")
    expect(queue.get_by_role("button", name="Claim", exact=True)).to_have_count(0)
    expect(queue.get_by_role("main")).to_contain_text(receptionist["name"])
    # the page says what happened, where the eyes are: the confirmation is scrolled into view
    confirmation = queue.locator("#confirmation")
    expect(confirmation).to_have_text("You claimed this request: it is yours now.")
    expect(confirmation).to_be_in_viewport()

    queue.get_by_label("Template", exact=True).select_option(label="Ask for more information")
    queue.get_by_label("Send by", exact=True).select_option(label="Text message")
    queue.get_by_role("button", name="Send message").click()
    expect(confirmation).to_contain_text("Your message is on its way to the patient")
    expect(confirmation).to_be_in_viewport()
    messages = queue.get_by_test_id("messages")
    # the code texted to check the mobile number, then this message
    expect(messages.locator("li")).to_have_count(2)
    expect(messages.locator("li").first).to_contain_text("your code is")
    expect(messages.locator("li").last).to_contain_text("Please tell us a little more")
    expect(messages).to_contain_text(reference)
    check_page(queue)

    # The outbox shows the text message, reply link and all.
    queue.goto("/consult/outbox")
    expect(queue.get_by_role("heading", level=1)).to_have_text("Outbox")
    newest = queue.get_by_test_id("outbox").locator("li").first
    expect(newest).to_contain_text(reference)
    reply_link = newest.locator("a[href*='/reply/']")
    expect(reply_link).to_have_count(1)
    reply_url = reply_link.get_attribute("href")
    assert reply_url.startswith(server.base_url + "/reply/"), f"the reply link {reply_url!r} is not on {server.base_url}"
    check_page(queue)

    # The patient opens the link: date of birth first, a wrong one refused.
    phone_page.goto(reply_url)
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Reply to your practice")
    check_page(phone_page, PHONE_WIDTH)
    phone_page.get_by_label("Day", exact=True).fill("15")
    phone_page.get_by_label("Month", exact=True).fill(patient["month"])
    phone_page.get_by_label("Year", exact=True).fill(patient["year"])
    phone_page.get_by_role("button", name="Continue").click()
    alert = phone_page.get_by_role("alert")
    expect(alert).to_contain_text(re.compile(r"\d+ tries left"))
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Reply to your practice")
    expect(phone_page.get_by_label("Your reply to the practice")).to_have_count(0)
    check_page(phone_page, PHONE_WIDTH)

    phone_page.get_by_label("Day", exact=True).fill(patient["day"])
    phone_page.get_by_label("Month", exact=True).fill(patient["month"])
    phone_page.get_by_label("Year", exact=True).fill(patient["year"])
    phone_page.get_by_role("button", name="Continue").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Your reply")
    # the practice's question is repeated above the reply box, its link not shown again
    question = phone_page.get_by_test_id("practice-question")
    expect(question).to_contain_text("Please tell us a little more")
    expect(question).not_to_contain_text("/reply/")
    check_page(phone_page, PHONE_WIDTH)
    reply_words = f"It is bigger today and now itches. {uuid.uuid4().hex[:6]}"
    phone_page.get_by_label("Your reply to the practice", exact=True).fill(reply_words)
    phone_page.set_input_files("#photos", str(reply_photo))
    phone_page.get_by_role("button", name="Send reply").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Reply sent")
    check_page(phone_page, PHONE_WIDTH)

    # A GP, signed in elsewhere, reads the reply and closes the request with an outcome.
    doctor = new_page()
    sign_in(doctor, gp)
    open_queue(doctor)
    doctor.get_by_test_id("queue").get_by_role("link", name=reference, exact=True).click()
    expect(doctor.get_by_role("heading", level=1)).to_have_text(f"Request {reference}")
    expect(doctor.get_by_test_id("messages")).to_contain_text(reply_words)
    photos = doctor.locator("img.photo")
    expect(photos).to_have_count(2)
    wait_for_image(doctor, photos.nth(1))

    outcome_note = f"Cellulitis unlikely; advised to mark the edge and send a photo in 48 h. {uuid.uuid4().hex[:6]}"
    doctor.get_by_label("Outcome", exact=True).select_option(label="Advice given")
    doctor.get_by_label("Outcome note (goes into the summary)", exact=True).fill(outcome_note)
    doctor.get_by_role("button", name="Close request").click()
    expect(doctor.get_by_role("heading", level=2, name="Closed", exact=True)).to_be_visible()
    check_page(doctor)

    with doctor.expect_download() as summary_download:
        doctor.get_by_role("link", name="Summary for the record (text)").click()
    assert summary_download.value.suggested_filename == f"{reference}-summary.txt"
    summary = Path(summary_download.value.path()).read_text(encoding="utf-8")
    flowing = " ".join(summary.split())  # the summary wraps long lines
    assert reference in summary, f"the summary does not name {reference}:\n{summary}"
    assert "Advice given" in summary, f"the summary does not give the outcome:\n{summary}"
    assert outcome_note in flowing, f"the summary leaves out the outcome note:\n{summary}"
    assert reply_words in flowing, f"the summary leaves out the patient's reply:\n{summary}"

    with doctor.expect_download() as bundle_download:
        doctor.get_by_role("link", name="FHIR bundle (JSON)").click()
    assert bundle_download.value.suggested_filename == f"{reference}-bundle.json"
    bundle = json.loads(Path(bundle_download.value.path()).read_text(encoding="utf-8"))
    assert bundle.get("resourceType") == "Bundle", f"not a Bundle: {bundle.get('resourceType')!r}"
    entries = bundle.get("entry") or []
    full_urls = [e.get("fullUrl") for e in entries]
    assert all(full_urls) and len(set(full_urls)) == len(full_urls), f"entries without a unique fullUrl: {full_urls}"
    references = list(references_in(bundle))
    assert references, "the bundle has no references at all"
    dangling = [r for r in references if r not in set(full_urls)]
    assert not dangling, f"references that resolve to no entry in the bundle: {dangling}"
    by_type: dict[str, list] = {}
    for e in entries:
        by_type.setdefault(e["resource"]["resourceType"], []).append(e["resource"])
    for wanted in ("Patient", "Encounter", "QuestionnaireResponse", "Communication"):
        assert wanted in by_type, f"the bundle has no {wanted}; it has {sorted(by_type)}"
    assert len(by_type["Patient"]) == 1, f"{len(by_type['Patient'])} Patient resources"
    patient_resource = by_type["Patient"][0]
    nhs_ids = [i for i in patient_resource.get("identifier") or [] if i.get("system") == NHS_NUMBER_SYSTEM or "nhs-number" in str(i.get("system", ""))]
    assert not nhs_ids, f"the patient gave no NHS number, yet the Patient has {nhs_ids}"
    assert patient_resource.get("birthDate") == f"{patient['year']}-{int(patient['month']):02d}-{int(patient['day']):02d}"
    assert len(by_type["Communication"]) == 2, f"{len(by_type['Communication'])} Communications for 2 messages"
    assert reply_words in json.dumps(by_type["Communication"]), "the patient's reply is not in the bundle"


def test_a_childs_red_flag_on_a_phone_shows_999_first_and_arrives_flagged_at_the_top(page, phone_page, server):
    """A parent asks for their child: every question is about the child; the first screen's breathing question
    shows 999 at once, before any other screen; the request still sent arrives flagged at the top of the queue."""
    receptionist = person(server.credentials, "Dan Evans", PRACTICE_ODS, "Receptionist")
    patient = new_patient("Red flag")

    phone_page.goto(f"/request/{PRACTICE_ODS}")
    phone_page.get_by_role("radio", name=SUBJECTS["child"], exact=True).check()
    phone_page.get_by_role("button", name="Continue").click()
    expect(phone_page.get_by_role("group", name="Does your child have any of these now?")).to_be_visible()
    expect(phone_page.locator("p.hint", has_text="Safety questions, 1 of")).to_be_visible()
    check_page(phone_page, PHONE_WIDTH)
    phone_page.locator("input[name='flags[]'][value=severeBreathlessness]").check()
    phone_page.get_by_role("button", name="Continue").click()
    advice = phone_page.get_by_test_id("urgent-advice")
    expect(advice).to_be_visible()
    expect(advice).to_have_attribute("role", "alert")
    expect(advice).to_contain_text("999")
    expect(advice.get_by_role("link", name="Call 999")).to_have_attribute("href", "tel:999")
    # The advice comes before any of the request form.
    for field in ("textarea", "#givenName", "#photos", "#consent"):
        expect(phone_page.locator(field)).to_have_count(0)
    check_page(phone_page, PHONE_WIDTH)

    phone_page.get_by_role("button", name=f"I understand, send a request to {PRACTICE_NAME}").click()
    expect(phone_page.get_by_role("heading", level=2, name="About your child (the patient)")).to_be_visible()
    patient["year"] = "2019"
    fill_request(phone_page, patient, photo=None)
    expect(phone_page.locator(".notice--warning")).to_contain_text("999")
    reference = send_request(phone_page)

    sign_in(page, receptionist)
    open_queue(page)
    # "At the top" is the red-flag block heading the queue: red flags first, then urgency, then
    # oldest first. The demo seed already has an older red-flagged request at this practice (an
    # hour old), so the new one is the last of that block, not necessarily row 1.
    rows = page.get_by_test_id("queue").locator("tbody tr")
    expect(rows.filter(has_text=reference)).to_have_count(1)
    texts = rows.all_inner_texts()
    flagged = ["Red flag" in t for t in texts]
    position = next(i for i, t in enumerate(texts) if reference in t)
    assert flagged[position], f"{reference} is not marked 'Red flag' in the queue: {texts[position]!r}"
    assert all(flagged[:position]), (
        f"{reference} (row {position + 1}) is below an unflagged request:\n" + "\n".join(texts[:position + 1]))
    assert flagged == sorted(flagged, reverse=True), "red-flagged requests are not all above the others"
    expect(rows.first).to_contain_text("Red flag")
    check_page(page)


def test_a_closed_practice_that_takes_requests_says_one_true_thing(page, phone_page, server):
    """A weekend, a bank holiday, or a working day Castle Street closes with its ICB's agreement (recorded here when
    today is one): the patient's page on a phone says the practice is closed and that a request can still be sent,
    above the questions that come first, never "not taking online requests"."""
    castle_street = ("L81102", "Castle Street Medical Centre")
    manager = person(server.credentials, "Erin Walsh", castle_street[0], "Practice manager")
    sign_in_both_factors(page, manager)
    expect(page.get_by_test_id("acting-for")).to_contain_text(castle_street[1])
    page.goto("/consult/settings")
    # core hours cannot be taken away: an emptied Monday is refused
    page.get_by_label("Monday opens", exact=True).fill("")
    page.get_by_label("Monday closes", exact=True).fill("")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("alert")).to_contain_text("Monday: the form must be open at least 08:00 to 18:30")
    page.goto("/consult/settings")
    today = time.strftime("%Y-%m-%d", time.localtime())
    page.get_by_label("Day", exact=True).fill(today)
    page.get_by_label("Reason", exact=True).fill("Protected learning time")
    page.get_by_label("Agreed by (name and role at the ICB)", exact=True).fill("Dr Asha Patel, ICB primary care lead")
    page.get_by_role("button", name="Record closure").click()
    recorded = page.get_by_role("status").filter(has_text="Closure recorded")
    not_working = page.get_by_role("alert").filter(has_text="is not a working day")
    expect(recorded.or_(not_working)).to_be_visible()
    check_page(page)

    phone_page.goto(f"/request/{castle_street[0]}")
    notice = phone_page.locator(".notice--warning")
    expect(notice).to_contain_text("You can still send a request")
    expect(notice).to_contain_text("111")
    expect(phone_page.locator("body")).not_to_contain_text("not taking online requests")
    expect(phone_page.get_by_role("radio", name=SUBJECTS["me"], exact=True)).to_be_visible()
    check_page(phone_page, PHONE_WIDTH)


def test_an_answer_that_needs_a_reply_today_is_promised_one_the_same_day(page, phone_page, server):
    """'Much worse in the last day' is not a 999 answer but needs a reply today: the patient is told to phone the
    practice or 111 today, may still send, and the confirmation promises a reply by the close of the day."""
    receptionist = person(server.credentials, "Dan Evans", PRACTICE_ODS, "Receptionist")
    patient = new_patient("Today")
    answer_red_flags(phone_page, yes={"worseningFast"})
    advice = phone_page.get_by_test_id("urgent-advice")
    expect(advice).to_contain_text("Contact the practice or NHS 111 today")
    expect(advice.get_by_role("link", name="Call 999")).to_have_count(0)
    check_page(phone_page, PHONE_WIDTH)
    phone_page.get_by_role("button", name="Continue to the request").click()
    fill_request(phone_page, patient, photo=None)
    reference = send_request(phone_page)
    expect(phone_page.get_by_test_id("reply-promise")).to_contain_text(re.compile(r"We will reply by 6:30pm on \w+day"))

    sign_in(page, receptionist)
    open_queue(page)
    row = page.get_by_test_id("queue").locator("tbody tr", has_text=reference)
    expect(row).to_contain_text("Today")


DUTY_ALERT_TIMEOUT = 120_000  # ms: one minute of opening hours (the smallest setting) and a few ticks of the check


def set_duty(page: Page, clinician: str, minutes: str) -> None:
    """The practice manager's online-request settings: the duty clinician and the minutes, saved."""
    page.goto("/consult/settings")
    page.get_by_label("Duty clinician", exact=True).select_option(label=clinician)
    page.get_by_label("Alert when an urgent request is unclaimed after (minutes of opening hours)", exact=True).fill(minutes)
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()


def test_an_urgent_request_left_unclaimed_alerts_the_duty_clinician(page, phone_page, new_page, server):
    """The manager names Dr Okafor duty clinician with one minute; an urgent request nobody claims shows as a Duty alert
    on her open queue (live, or at once when it arrived while the practice was closed) and reaches her by email (the
    demo's outbox), with the reference and a link but nothing the patient wrote."""
    manager = person(server.credentials, "Erin Walsh", PRACTICE_ODS, "Practice manager")
    gp = person(server.credentials, "Dr Amara Okafor", PRACTICE_ODS, "GP")
    settings_page = new_page()
    sign_in_both_factors(settings_page, manager)
    acting_for = settings_page.get_by_role("combobox", name="Acting for", exact=True)
    if acting_for.input_value() != PRACTICE_ODS:
        acting_for.select_option(value=PRACTICE_ODS)
        settings_page.get_by_role("button", name="Switch").click()
    expect(settings_page.get_by_test_id("acting-for")).to_contain_text(PRACTICE_NAME)
    set_duty(settings_page, "Dr Amara Okafor (GP)", "1")
    try:
        sign_in(page, gp)
        open_queue(page)
        expect(page.get_by_test_id("live-stopped")).to_be_hidden()

        patient = new_patient("Duty")
        answer_red_flags(phone_page, yes={"worseningFast"})
        phone_page.get_by_role("button", name="Continue to the request").click()
        fill_request(phone_page, patient, photo=None)
        reference = send_request(phone_page)

        # the demo's own urgent requests may already be on the alert: wait for this one
        alert = page.get_by_test_id("duty-alert")
        expect(alert).to_contain_text(reference, timeout=DUTY_ALERT_TIMEOUT)
        expect(alert).to_contain_text("Duty alert")
        check_page(page)
        alert.get_by_role("link", name="All duty alerts").click()
        expect(page.get_by_test_id("duty-alerts")).to_contain_text(reference)
        expect(page.get_by_test_id("duty-alerts")).to_contain_text(f"Sent to {gp['email']}")
        check_page(page)

        page.goto("/consult/outbox")
        email = page.get_by_test_id("outbox-staff").locator("li", has_text=reference).first
        expect(email).to_contain_text(f"by email to {gp['email']}")
        expect(email).to_contain_text("Duty alert.")
        expect(email).not_to_contain_text(patient["family"])
        expect(email).not_to_contain_text("sore, red patch")
        email.get_by_role("link").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    finally:
        set_duty(settings_page, "Nobody named", "30")



def test_the_queue_says_when_its_live_updates_have_stopped(page, server):
    """The sign-in behind an open queue ends (signed out in another tab): the queue's live connection ends, and a banner
    says live updates have stopped (role=status), which it did not while the connection was open."""
    receptionist = person(server.credentials, "Dan Evans", PRACTICE_ODS, "Receptionist")
    sign_in(page, receptionist)
    open_queue(page)
    stopped = page.get_by_test_id("live-stopped")
    expect(stopped).to_be_hidden()
    other_tab = page.context.new_page()
    other_tab.goto("/")
    other_tab.get_by_role("button", name="Sign out", exact=True).click()
    expect(stopped).to_be_visible(timeout=LIVE_QUEUE_TIMEOUT)
    expect(stopped).to_have_attribute("role", "status")
    expect(stopped).to_contain_text("Live updates have stopped — reload the page")
    check_page(page)
