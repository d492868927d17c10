"""Helpers for the video consultation browser tests (test_video.py): what the pages are watched with (every
RTCPeerConnection, the frames decoded from each participant, the moment "Connected" first shows), the patient's
way in (pre-call check, waiting room), the clinician's page, and app instances on PostgreSQL."""
import base64
import os
import re
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import REPO, START_DEADLINE, _free_port, _healthy, _tail

CLINICIAN = "Dr Amara Okafor"
NOT_RECORDED = "This consultation is not recorded."
CALL_TIMEOUT = 15_000       # ms from "Admit" (or a guest joining) to connected and decoding video: acceptance 1
CHECK_TIMEOUT = 15_000      # ms for the pre-call checks (the network check alone may take 5 s)
WAITING_TIMEOUT = 15_000    # ms for a patient to show up in, or move within, a waiting room

# Added to every page of the video tests before the page's own scripts run:
# - window.__videoPeers: every RTCPeerConnection the page made;
# - window.__videoFrames: {participant: framesDecoded}, from getStats every 250 ms, the inbound-rtp video of each
#   open connection matched to <video data-participant> by its track (the page's own markup names the sender);
# - window.__videoConnectedAt: the browser's clock (epoch ms, as time.time() here) when #call-status first read
#   "Connected" since the test last cleared it.
WATCH = """(() => {
  const Native = window.RTCPeerConnection;
  if (!Native || window.__videoPeers) return;
  window.__videoPeers = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); window.__videoPeers.push(this); }
  };
  window.__videoFrames = {};
  setInterval(async () => {
    const owner = {};
    for (const video of document.querySelectorAll('#remote-videos video[data-participant]')) {
      for (const track of (video.srcObject ? video.srcObject.getVideoTracks() : [])) owner[track.id] = video.dataset.participant;
    }
    const frames = {};
    for (const pc of window.__videoPeers) {
      if (pc.signalingState === 'closed') continue;
      try {
        (await pc.getStats()).forEach((report) => {
          const who = owner[report.trackIdentifier];
          if (report.type === 'inbound-rtp' && report.kind === 'video' && who) {
            frames[who] = Math.max(frames[who] || 0, report.framesDecoded || 0);
          }
        });
      } catch (error) { /* closed while reading */ }
    }
    window.__videoFrames = frames;
  }, 250);
  const mark = () => {
    const status = document.getElementById('call-status');
    if (status && !window.__videoConnectedAt && status.textContent.trim() === 'Connected') {
      window.__videoConnectedAt = Date.now();
    }
  };
  new MutationObserver(mark).observe(document, { subtree: true, childList: true, characterData: true });
})();"""

DECODING_FROM = """(names) => names.every((name) => (window.__videoFrames || {})[name] > 0)"""

# The video sender's maxBitrate on every open connection of the page (null where none is set).
VIDEO_BITRATE_CAPS = """() => window.__videoPeers.filter((pc) => pc.signalingState !== 'closed').flatMap((pc) =>
  pc.getSenders().filter((s) => s.track && s.track.kind === 'video')
    .map((s) => ((s.getParameters().encodings || [])[0] || {}).maxBitrate ?? null))"""


def watched(page: Page) -> Page:
    """Adds WATCH to the page's context (it runs on every later navigation); returns the page."""
    page.context.add_init_script(WATCH)
    return page


# --- the consultation ----------------------------------------------------------------------------------

def video_consultation(credentials: dict, clinician: str = CLINICIAN) -> SimpleNamespace:
    """The seed's video consultation with `clinician`, and that clinician's demo credentials: id, link,
    patient_name and clinician (the person's entry in credentials["people"])."""
    consultations = credentials.get("videoConsultations")
    if not consultations:
        pytest.fail('the seed\'s credentials file has no "videoConsultations" (seed-demo --credentials-file)',
                    pytrace=False)
    people = {p["email"]: p for p in credentials["people"]}
    for entry in consultations:
        person = people.get(entry["clinicianEmail"])
        if person and person["name"] == clinician:
            return SimpleNamespace(id=entry["consultationID"], link=entry["patientLink"],
                                   patient_name=entry["patientName"], dob=entry.get("patientDateOfBirth"),
                                   clinician=person)
    pytest.fail(f"no seeded video consultation is with {clinician}: {consultations}", pytrace=False)


# --- the patient's and the guest's page ------------------------------------------------------------------------

def pass_precall(page: Page, link: str, dob: str | None = None) -> str:
    """Opens `link` (a patient's link asks their date of birth, "1990-07-02", first); the camera and microphone
    checks say "Working" (fake devices), the network check finishes; returns the network check's text."""
    response = page.goto(link)
    assert response is not None and response.ok, f"{link} answered {response and response.status}"
    if dob is not None:
        year, month, day = dob.split("-")
        page.get_by_label("Day", exact=True).fill(str(int(day)))
        page.get_by_label("Month", exact=True).fill(str(int(month)))
        page.get_by_label("Year", exact=True).fill(year)
        page.get_by_role("button", name="Continue").click()
    expect(page.locator("body")).to_contain_text(NOT_RECORDED)
    # each line keeps its name once checked ("Camera: Working"), not a bare "Working"
    expect(page.locator("#check-camera")).to_have_text(re.compile(r"^\s*Camera: Working\s*$"), timeout=CHECK_TIMEOUT)
    expect(page.locator("#check-microphone")).to_have_text(re.compile(r"^\s*Microphone: Working\s*$"), timeout=CHECK_TIMEOUT)
    network = page.locator("#check-network")
    expect(network).to_have_text(re.compile(r"^\s*Connection: "), timeout=CHECK_TIMEOUT)
    expect(network).not_to_have_text(re.compile(r"checking…|not checked"), timeout=CHECK_TIMEOUT)
    expect(page.get_by_role("button", name="Join the waiting room")).to_be_enabled()
    return network.inner_text().strip()


def join_waiting_room(page: Page) -> None:
    """Presses "Join the waiting room": the waiting room shows, the pre-call check goes."""
    page.get_by_role("button", name="Join the waiting room").click()
    expect(page.locator("#waiting")).to_be_visible()
    expect(page.locator("#precall")).to_be_hidden()


def expect_waiting_place(page: Page, place: int) -> None:
    expect(page.locator("#waiting-place")).to_have_text(re.compile(rf"^\s*{place}\s*$"), timeout=WAITING_TIMEOUT)
    expect(page.locator("#waiting-estimate")).to_have_text(re.compile(r"^Estimated wait: (less than|about) "))
    expect(page.locator("#waiting-estimate").locator("xpath=..")).not_to_contain_text("Estimated wait: Estimated wait")


# --- the clinician's page ------------------------------------------------------------------------------------------

def open_consultation(page: Page, consultation_id: str) -> None:
    response = page.goto(f"/consult/video/{consultation_id}")
    assert response is not None and response.ok, f"the consultation page answered {response and response.status}"
    expect(page.locator("#video-call[data-role='clinician']")).to_have_count(1)


def expect_patient_waiting(page: Page, name: str) -> None:
    """The clinician's list shows the patient as "NAME, waiting N min"."""
    entry = page.locator("#waiting-patients li").filter(has_text=name)
    expect(entry).to_have_count(1, timeout=WAITING_TIMEOUT)
    expect(entry).to_have_text(re.compile(rf"^\s*{re.escape(name)}, waiting \d+ min\s*$"))


# --- in the call -----------------------------------------------------------------------------------------------

def clear_connected_mark(*pages: Page) -> None:
    for page in pages:
        page.evaluate("window.__videoConnectedAt = 0")


def expect_connected_and_decoding(page: Page, who: str, sources: list[str], deadline: float) -> float:
    """#call-status reads "Connected" and the page decodes video from each of `sources` (data-participant
    names) before `deadline` (time.monotonic()); returns when the page first said "Connected" (epoch s)."""
    remaining = max(1, int((deadline - time.monotonic()) * 1000))
    expect(page.locator("#call-status")).to_have_text(re.compile(r"^\s*Connected\s*$"), timeout=remaining)
    remaining = max(1, int((deadline - time.monotonic()) * 1000))
    try:
        page.wait_for_function(DECODING_FROM, arg=sources, polling=100, timeout=remaining)
    except PlaywrightTimeout:
        pytest.fail(f"{who} decoded no video from one of {sources} in time: frames decoded so far "
                    f"{page.evaluate('window.__videoFrames')}, remote videos "
                    f"{page.locator('#remote-videos video').evaluate_all('vs => vs.map(v => v.dataset.participant)')}",
                    pytrace=False)
    connected_at = page.evaluate("window.__videoConnectedAt")
    return connected_at / 1000 if connected_at else time.time()


def admit_and_connect(clinician: Page, patient: Page, label: str) -> None:
    """Clicks Admit; both pages reach "Connected" and decode each other's video within CALL_TIMEOUT; prints
    the time from the click to both connected."""
    clear_connected_mark(clinician, patient)
    clicked_at, deadline = time.time(), time.monotonic() + CALL_TIMEOUT / 1000
    clinician.get_by_role("button", name="Admit", exact=True).click()
    expect(patient.locator("#call")).to_be_visible(timeout=CALL_TIMEOUT)
    patient_at = expect_connected_and_decoding(patient, "the patient", ["clinician"], deadline)
    clinician_at = expect_connected_and_decoding(clinician, "the clinician", ["patient"], deadline)
    print(f"\nvideo: {label}: both connected {max(patient_at, clinician_at) - clicked_at:.2f}s after 'Admit' "
          f"(clinician {clinician_at - clicked_at:.2f}s, patient {patient_at - clicked_at:.2f}s)")


# --- app instances on PostgreSQL -------------------------------------------------------------------------------

def psql(url: str, *sql: str) -> None:
    done = subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url, *[f"--command={s}" for s in sql]],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        pytest.fail(f"psql {sql} exited {done.returncode}:\n{done.stdout}{done.stderr}", pytrace=False)


def run_surgery(binary: Path, env: dict, *args: str) -> None:
    done = subprocess.run([str(binary), *args], cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        pytest.fail(f"surgery {' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}", pytrace=False)


def start_instance(binary: Path, env: dict, log: Path, port: int | None = None) -> SimpleNamespace:
    """`surgery serve` on `port` (a free loopback one by default) with `env` (PUBLIC_BASE_URL the instance's own address
    unless `env` sets one, as behind a proxy); returns base_url, process and log once /healthz answers."""
    port = port or _free_port()
    base_url = f"http://127.0.0.1:{port}"
    with open(log, "wb") as log_file:
        process = subprocess.Popen([str(binary), "serve", "--hostname", "127.0.0.1", "--port", str(port)],
                                   cwd=REPO, env={"PUBLIC_BASE_URL": base_url, **env}, stdin=subprocess.DEVNULL,
                                   stdout=log_file, stderr=subprocess.STDOUT)
    instance = SimpleNamespace(base_url=base_url, process=process, log=log)
    deadline = time.monotonic() + START_DEADLINE
    while not _healthy(f"{base_url}/healthz"):
        if process.poll() is not None:
            pytest.fail(f"an instance exited with {process.returncode}; log:\n{_tail(log)}", pytrace=False)
        if time.monotonic() > deadline:
            stop_instance(instance)
            pytest.fail(f"no 200 from {base_url}/healthz within {START_DEADLINE}s; log:\n{_tail(log)}", pytrace=False)
        time.sleep(0.2)  # polling the health check, with a deadline
    return instance


def stop_instance(instance: SimpleNamespace) -> None:
    instance.process.send_signal(signal.SIGTERM)
    try:
        instance.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        instance.process.kill()
        instance.process.wait(timeout=15)
        print(f"\nan instance ignored SIGTERM for 15 s and was killed; log:\n{_tail(instance.log)}")


def postgres_env(url: str) -> dict:
    """The environment for instances sharing the database at `url` (DATA_KEY the same on each)."""
    # the audit checkpoints of a throwaway database go beside it in a temporary folder, not into the checkout's data/
    checkpoints = os.path.join(tempfile.mkdtemp(prefix="surgery-audit-"), "audit-checkpoints.log")
    env = {**os.environ, "DATABASE_URL": url, "DATA_KEY": base64.b64encode(os.urandom(32)).decode(),
           "BCRYPT_COST": "4", "AUDIT_CHECKPOINT_PATH": checkpoints}
    env.pop("DATABASE_PATH", None)
    return env
