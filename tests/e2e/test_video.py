"""Video consultations in the browser (issue 4, acceptance 1, 2 and 6), on Chromium's fake camera and
microphone: the patient passes the pre-call check and waits; Dr Amara Okafor sees them waiting and admits
them; both pages say "Connected" and decode each other's video (getStats) within 15 s, and the time from
"Admit" to connected is printed; sending back and admitting again works; a guest joins a three-way call in
which each of the three decodes video from the other two; the clinician ends the call. Then the same call
with the patient and the clinician on two app instances sharing PostgreSQL (TEST_DATABASE_URL)."""
import json
import os
import re
import secrets
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import Page, expect

from conftest import ARTIFACTS, _tail, check_accessibility, watch_csp
from desktop_helpers import sign_in
from video_helpers import (CALL_TIMEOUT, VIDEO_BITRATE_CAPS, admit_and_connect, clear_connected_mark,
                           expect_connected_and_decoding, expect_patient_waiting, expect_waiting_place,
                           join_waiting_room, open_consultation, pass_precall, postgres_env, psql, run_surgery,
                           start_instance, stop_instance, video_consultation, watched)

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
RUNNING_LATE = "Running about 10 minutes late, sorry."
GUEST = "Interpreter (Polish)"


@pytest.fixture(scope="module")
def consultation(server):
    return video_consultation(server.credentials)


def test_waiting_room_admit_send_back_and_three_way_call(new_page, consultation):
    # The patient, on a phone, passes the pre-call check and waits, first in line.
    patient = watched(new_page(**PHONE))
    refused = watch_csp(patient, [])
    print(f"\nvideo: network check said: {pass_precall(patient, consultation.link, consultation.dob)}")
    check_accessibility(patient)  # the pre-call check
    join_waiting_room(patient)
    expect_waiting_place(patient, 1)
    check_accessibility(patient)  # the waiting room

    # Dr Okafor sees them waiting, and says she is running late.
    clinician = watched(new_page())
    watch_csp(clinician, refused)
    sign_in(clinician, consultation.clinician)
    open_consultation(clinician, consultation.id)
    expect_patient_waiting(clinician, consultation.patient_name)
    check_accessibility(clinician)
    clinician.locator("#running-late-text").fill(RUNNING_LATE)
    clinician.get_by_role("button", name="Send running late message").click()
    expect(patient.locator("#running-late")).to_have_text(RUNNING_LATE)

    # Admit: both connected and decoding video within 15 s.
    admit_and_connect(clinician, patient, "first admit")
    check_accessibility(patient)  # in the call
    check_accessibility(clinician)
    check_controls(clinician, patient)

    # Send back: the patient is in the waiting room again, and on the clinician's list.
    clinician.get_by_role("button", name="Send back to the waiting room").click()
    expect(patient.locator("#waiting")).to_be_visible()
    expect(patient.locator("#call")).to_be_hidden()
    expect_waiting_place(patient, 1)
    expect_patient_waiting(clinician, consultation.patient_name)
    expect(patient.locator("#remote-videos video")).to_have_count(0)

    # Admit again: connected again.
    admit_and_connect(clinician, patient, "admit after sending back")

    # A guest (an interpreter) joins from the link the clinician makes: a three-way call.
    guest = add_guest(clinician, patient, new_page)
    guest_id = guest.locator("#video-call").get_attribute("data-self")
    assert guest_id and re.fullmatch(r"guest-\d+", guest_id), f"the guest's page has data-self={guest_id!r}"
    clear_connected_mark(clinician, patient, guest)
    joined_at, deadline = time.time(), time.monotonic() + CALL_TIMEOUT / 1000
    guest.get_by_role("button", name="Join the waiting room").click()
    expect(guest.locator("#call")).to_be_visible(timeout=CALL_TIMEOUT)
    connected = [expect_connected_and_decoding(page, who, sources, deadline) for page, who, sources in (
        (guest, "the guest", ["clinician", "patient"]),
        (patient, "the patient", ["clinician", guest_id]),
        (clinician, "the clinician", ["patient", guest_id]))]
    print(f"video: three-way call: all three connected and decoding {max(connected) - joined_at:.2f}s after the "
          f"guest joined")
    check_accessibility(guest)

    # The clinician ends the consultation; everyone is told.
    end_form = clinician.locator("form").filter(has=clinician.get_by_role("button", name="End consultation"))
    end_form.get_by_label("Outcome").select_option("adviceGiven")
    end_form.get_by_role("button", name="End consultation").click()
    for page in (patient, guest):
        expect(page.locator("#call-status")).to_have_text("The consultation has ended.")
        expect(page.locator("#remote-videos video")).to_have_count(0)
        expect(page.locator("#leave")).to_be_hidden()  # nothing left to leave
    # an ended consultation offers nobody to admit and nothing to mute
    expect(clinician.locator("#video-call")).to_have_attribute("data-state", "ended")
    for name in ("Admit", "Mute", "Send back to the waiting room"):
        expect(clinician.get_by_role("button", name=name, exact=True)).to_have_count(0)
    assert not refused, f"the Content-Security-Policy refused: {refused}"


def check_controls(clinician: Page, patient: Page) -> None:
    """Mute and camera off toggle their labels; low bandwidth caps the clinician's video at 150 kbit/s and
    lifts the cap; audio only and back, and the clinician decodes the patient's video again afterwards."""
    for page in (clinician, patient):
        mute, camera = page.locator("#mute"), page.locator("#camera")
        expect(mute).to_have_text("Mute")
        mute.click()
        expect(mute).to_have_text("Unmute")
        mute.click()
        expect(mute).to_have_text("Mute")
        expect(camera).to_have_text("Camera off")
        camera.click()
        expect(camera).to_have_text("Camera on")
        camera.click()
        expect(camera).to_have_text("Camera off")

    low = clinician.get_by_role("button", name="Low bandwidth")
    low.click()
    expect(low).to_have_attribute("aria-pressed", "true")
    clinician.wait_for_function(f"() => {{ const caps = ({VIDEO_BITRATE_CAPS})(); "
                                f"return caps.length > 0 && caps.every((cap) => cap === 150000); }}", timeout=5_000)
    low.click()
    expect(low).to_have_attribute("aria-pressed", "false")
    clinician.wait_for_function(f"() => ({VIDEO_BITRATE_CAPS})().every((cap) => cap === null)", timeout=5_000)

    audio_only = patient.get_by_role("button", name="Audio only")
    audio_only.click()
    expect(audio_only).to_have_attribute("aria-pressed", "true")
    audio_only.click()
    expect(audio_only).to_have_attribute("aria-pressed", "false")
    frames = clinician.evaluate("window.__videoFrames.patient || 0")
    clinician.wait_for_function("(before) => (window.__videoFrames.patient || 0) > before + 10", arg=frames,
                                timeout=CALL_TIMEOUT)
    expect(clinician.locator("#call-status")).to_have_text("Connected")


def add_guest(clinician: Page, patient: Page, new_page) -> Page:
    """Names the guest and presses "Add a guest"; opens #guest-link in a context of its own and passes the pre-call check there.
    If the form reloaded the clinician's page, waits for the call to come back first."""
    clear_connected_mark(clinician, patient)
    clinician.get_by_label("Who is the guest?").fill(GUEST)
    clinician.get_by_role("button", name="Add a guest").click()
    link = clinician.locator("#guest-link")
    expect(link).to_be_visible()
    url = link.get_attribute("href") or (link.input_value() if link.evaluate("e => e.tagName") == "INPUT"
                                         else link.inner_text()).strip()
    assert "/video/" in url, f"#guest-link holds {url!r}, not a /video/ link"
    deadline = time.monotonic() + CALL_TIMEOUT / 1000
    expect_connected_and_decoding(clinician, "the clinician", ["patient"], deadline)
    expect_connected_and_decoding(patient, "the patient", ["clinician"], deadline)
    guest = watched(new_page(**PHONE))
    pass_precall(guest, url)
    return guest


def test_call_across_two_instances_sharing_postgresql(server, browser, tmp_path):
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url:
        pytest.fail("TEST_DATABASE_URL is not set: this test needs PostgreSQL. Run scripts/run-tests.sh, or start "
                    "one with `scripts/throwaway-postgres.sh start DIR` and set TEST_DATABASE_URL to the URL it "
                    "prints.", pytrace=False)
    name = "e2e_video_" + secrets.token_hex(6)  # a database of its own (the role has CREATEDB)
    psql(url, f"CREATE DATABASE {name}")
    env = postgres_env(urlunsplit(urlsplit(url)._replace(path="/" + name)))
    instances, contexts = [], []
    try:
        credentials_file = tmp_path / "credentials.json"
        run_surgery(server.binary, env, "migrate")
        run_surgery(server.binary, env, "seed-demo", "--credentials-file", str(credentials_file))
        consultation = video_consultation(json.loads(credentials_file.read_text()))
        instances = [start_instance(server.binary, env, tmp_path / f"instance-{n}.log") for n in ("a", "b")]
        clinician_side, patient_side = instances

        def page_on(instance, **options) -> Page:
            context = browser.new_context(base_url=instance.base_url, **options)
            contexts.append(context)
            return watched(context.new_page())

        try:
            patient = page_on(patient_side, **PHONE)
            pass_precall(patient, consultation.link, consultation.dob)
            join_waiting_room(patient)
            expect_waiting_place(patient, 1)

            clinician = page_on(clinician_side, viewport={"width": 1280, "height": 800})
            sign_in(clinician, consultation.clinician)
            open_consultation(clinician, consultation.id)
            expect_patient_waiting(clinician, consultation.patient_name)
            admit_and_connect(clinician, patient, "two instances on PostgreSQL")
        except BaseException:
            ARTIFACTS.mkdir(exist_ok=True)
            for number, context in enumerate(contexts, start=1):
                for page in context.pages:
                    try:
                        page.screenshot(path=ARTIFACTS / f"two-instances-{number}.png", full_page=True, timeout=10_000)
                    except Exception as error:
                        print(f"no screenshot of page {number}: {error}")
            for instance in instances:
                print(f"\nlog of the instance at {instance.base_url} (last 40 lines):\n{_tail(instance.log)}")
            raise
    finally:
        for context in contexts:
            context.close()
        for instance in instances:
            stop_instance(instance)
        psql(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
