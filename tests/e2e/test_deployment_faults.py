"""The deployment kit walked end to end (issue 15), `make deploy-test` only: the kit's nginx site with a self-signed
certificate in front of two instances on one PostgreSQL database, all on loopback, everything through nginx.

- The main journeys: a patient's request reaching a receptionist's queue open on the other instance; a video call
  whose two sides are on different instances; a desktop opened through nginx's WebSocket proxying.
- Each instance SIGKILLed in turn under patient-request load (the first started again, as systemd would, before the
  second dies, so that every live connection crosses a death): nginx moves the traffic, every confirmed request is
  stored (matched by reference), a patient whose answer was lost sends again and is confirmed once; the queue, the
  call and the desktop reconnect by themselves on the surviving instance, and the desktop's seat is still the
  person's.
- PostgreSQL's own restore drill (docs/deployment.md): pg_dump under load, pg_restore into a fresh database,
  `surgery audit verify` intact there and every request confirmed before the dump began present.

Each prints what was sent, confirmed, stored and lost."""
import json
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS, REPO, _free_port, _tail
from deploy_kit import (CONFIRMED, Deployment, PatientLoad, curl, fail_without, open_requests_in_postgres, reckoning,
                        send_form, stored_in_postgres)
from deploy_streams import GATEWAY, QUEUE, SIGNAL, Streams, expect_decoding
from desktop_helpers import (CONNECTED_WATCH, POOL_NAME, connected_seat, demo_person, expect_canvas_colour,
                             open_my_desktop, pool_section, seats_script)
from desktop_helpers import sign_in as sign_in_acting
from test_triage import PRACTICE_ODS, open_queue, person
from test_triage import sign_in as sign_in_receptionist
from video_helpers import (admit_and_connect, expect_patient_waiting, join_waiting_room, open_consultation, pass_precall,
                           postgres_env, psql, run_surgery, video_consultation, watched)

sys.path.insert(0, str(REPO / "bench"))
from benchlib import red_flag_version  # noqa: E402  (the red-flag screen's version, as the server computes it)

pytestmark = pytest.mark.deploy

SEAT_COLOUR = "#c0392b"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PLACEMENT_TRIES = 6  # page loads to land the call's two sides on different instances


@pytest.fixture(scope="module")
def deployment(server, tmp_path_factory):
    """The deployment, a database of its own, and one desktop seat registered in it. Yields kit (a Deployment), url,
    credentials, data_key, version and seat (name, port)."""
    base_url = fail_without("TEST_DATABASE_URL")
    folder = tmp_path_factory.mktemp("deployment")
    name = "e2e_kit_" + secrets.token_hex(6)
    psql(base_url, f"CREATE DATABASE {name}")
    url = urlunsplit(urlsplit(base_url)._replace(path="/" + name))
    https, http, ports = _free_port(), _free_port(), (_free_port(), _free_port())
    env = postgres_env(url)
    env.update(TRUSTED_PROXIES="127.0.0.1/32", PUBLIC_BASE_URL=f"https://127.0.0.1:{https}",
               AUDIT_CHECKPOINT_PATH=str(folder / "audit-checkpoints.log"))
    # every patient comes from 127.0.0.1 with one mobile number: the per-client throttle must not be what answers
    env.update({variable: "100000/1s" for variable in (
        "THROTTLE_REQUESTS_PER_ADDRESS", "THROTTLE_REQUESTS_PER_CONTACT", "THROTTLE_SIGN_IN_PER_ADDRESS",
        "THROTTLE_SIGN_IN_PER_ACCOUNT")})
    kit = Deployment(server.binary, url, env, folder)
    seats = folder / "seats"
    seats.mkdir()
    try:
        run_surgery(server.binary, env, "migrate")
        run_surgery(server.binary, env, "seed-demo", "--credentials-file", str(folder / "credentials.json"))
        first = seats_script("free-range", 1, 71).stdout.strip()
        seats_script("start", seats, "--name", POOL_NAME, "--hosts", 1, "--seats-per-host", 1, "--first-display",
                     first, "--organisations", PRACTICE_ODS, "--placement", "breadthFirst")
        (seat,) = json.loads((seats / "pool.json").read_text())["hosts"][0]["seats"]
        seats_script("colour", seats, seat["port"], SEAT_COLOUR)
        run_surgery(server.binary, env, "desktop-pools", "load", str(seats / "pool.json"))
        kit.start(ports, https, http)
        yield SimpleNamespace(kit=kit, url=url, credentials=json.loads((folder / "credentials.json").read_text()),
                              data_key=env["DATA_KEY"], version=red_flag_version(),
                              seat=SimpleNamespace(name=seat["name"], port=seat["port"]))
    finally:
        kit.close()
        seats_script("stop", seats, check=False)
        psql(base_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def open_pages(request, browser, deployment):
    """Makes pages through nginx, each in a browser context of its own; screenshots and the instances' logs when the
    test fails."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(base_url=deployment.kit.base, ignore_https_errors=True, **options)
        contexts.append(context)
        page = context.new_page()
        return page, Streams(page, deployment.kit)

    yield make
    call = getattr(request.node, "report_call", None)
    if call is not None and call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for number, context in enumerate(contexts, start=1):
            for page in context.pages:
                try:
                    page.screenshot(path=ARTIFACTS / f"{request.node.name}-{number}.png", full_page=True, timeout=10_000)
                except Exception as error:  # a page stuck on a dead instance must not hide the failure
                    print(f"no screenshot of page {number}: {error}")
        for log in sorted(deployment.kit.folder.glob("instance-*.log")):
            print(f"\n{log.name} (last 40 lines):\n{_tail(log)}")
    for context in contexts:
        context.close()


def expect_queue_total(page, url: str) -> None:
    """The open queue's total becomes the database's (a new request may be on a later page of the queue)."""
    total = open_requests_in_postgres(url)
    expect(page.get_by_test_id("queue-count")).to_have_text(re.compile(rf"^\s*{total} requests\b"), timeout=30_000)


def test_queue_call_and_desktop_through_nginx_across_each_instances_death(deployment, open_pages):
    kit, url, credentials = deployment.kit, deployment.url, deployment.credentials

    # a receptionist's queue, open through nginx, and a patient's request reaching it from the other instance
    queue, queue_streams = open_pages()
    sign_in_receptionist(queue, person(credentials, "Dan Evans", PRACTICE_ODS, "Receptionist"))
    open_queue(queue)
    queue_on = queue_streams.wait(QUEUE)
    for _ in range(PLACEMENT_TRIES):
        answer = send_form(kit.base, deployment.data_key, deployment.version)
        assert answer.status == CONFIRMED, f"a patient's form through nginx was answered {answer.status}"
        if kit.served_by(answer.served_by) != queue_on:
            break
        curl(f"{kit.base}/healthz")  # moves nginx's round robin on by one (the queue's refresh keeps it in step)
    assert kit.served_by(answer.served_by) != queue_on, f"nginx sent every form to instance {queue_on}"
    expect_queue_total(queue, url)
    print(f"\nqueue: open on instance {queue_on}; a request stored by {kit.served_by(answer.served_by)} shown live")

    # a video call whose two sides are on different instances
    consultation = video_consultation(credentials)
    clinician, clinician_streams = open_pages()
    watched(clinician)
    sign_in_acting(clinician, consultation.clinician)
    open_consultation(clinician, consultation.id)
    clinician_on = clinician_streams.wait(SIGNAL)
    patient, patient_streams = open_pages(**PHONE)
    watched(patient)
    for attempt in range(PLACEMENT_TRIES):
        before = len(patient_streams.of(SIGNAL))
        pass_precall(patient, consultation.link, consultation.dob if attempt == 0 else None)  # asked once a visit
        join_waiting_room(patient)
        if patient_streams.wait(SIGNAL, more_than=before) != clinician_on:
            break
        curl(f"{kit.base}/healthz")  # moves nginx's round robin on by one
    assert patient_streams.on(SIGNAL) != clinician_on, f"both sides of the call stayed on instance {clinician_on}"
    expect_patient_waiting(clinician, consultation.patient_name)
    admit_and_connect(clinician, patient, f"clinician on {clinician_on}, patient on {patient_streams.on(SIGNAL)}")

    # a desktop opened through nginx's WebSocket proxying
    desktop, desktop_streams = open_pages()
    desktop.context.add_init_script(CONNECTED_WATCH)
    sign_in_acting(desktop, demo_person(credentials, "Erin Walsh"))
    form = pool_section(desktop).locator("form[action$='/open']")
    expect(form).to_have_count(1)
    pool = re.search(r"/desktops/([^/]+)/open$", form.get_attribute("action") or "").group(1)
    seat = connected_seat(desktop, open_my_desktop(desktop, pool), "Erin Walsh")
    assert seat == deployment.seat.name
    expect_canvas_colour(desktop, SEAT_COLOUR)
    print(f"desktop: {seat} through the gateway on instance {desktop_streams.wait(GATEWAY)}")

    # each instance dies in turn under load, the clinician's first (so that one side of the call reconnects while the
    # other stays); the first is started again before the second dies, so that every connection crosses a death
    pages = {"queue": (queue_streams, QUEUE), "clinician's call": (clinician_streams, SIGNAL),
             "patient's call": (patient_streams, SIGNAL), "desktop": (desktop_streams, GATEWAY)}
    other = "b" if clinician_on == "a" else "a"
    for victim, survivor in ((clinician_on, other), (other, clinician_on)):
        if victim == other:
            kit.restart(clinician_on)
        opened = {what: len(streams.of(kind)) for what, (streams, kind) in pages.items()}
        moving = [what for what, (streams, kind) in pages.items() if streams.on(kind) == victim]
        load = PatientLoad(kit.base, deployment.data_key, deployment.version).start()
        time.sleep(1.0)  # load before the fault (the fault's timing, not a wait for anything)
        kit.kill(victim)
        killed_at = time.monotonic()
        time.sleep(2.0)  # load after the fault
        load.stop()
        check_nothing_lost(f"instance {victim} SIGKILLed under load through nginx", load, deployment)

        # every live connection that was on the dead instance opens again on the other, by itself
        for what in moving:
            streams, kind = pages[what]
            assert streams.wait(kind, more_than=opened[what]) == survivor, f"the {what} reopened on {streams.on(kind)}"
            print(f"{what}: reopened on instance {survivor}, seen {time.monotonic() - killed_at:.1f}s after the kill")
        assert send_form(kit.base, deployment.data_key, deployment.version).status == CONFIRMED
        expect_queue_total(queue, url)
        print(f"call: clinician decoding again after {expect_decoding(clinician, 'patient'):.1f}s more, patient after "
              f"{expect_decoding(patient, 'clinician'):.1f}s more")
        expect(desktop.locator("#desktop-status")).to_have_text(re.compile(r"^\s*Connected\b"), timeout=45_000)
        assert desktop.locator("#desktop-screen").get_attribute("data-seat") == seat, "the desktop seat changed hands"
        expect_canvas_colour(desktop, SEAT_COLOUR)
    assert set(moving) == set(pages), f"after the second death only {moving} had to move"


def check_nothing_lost(what: str, load: PatientLoad, deployment) -> None:
    """Every confirmed request stored; every other answer a page saying to try again; each patient left unconfirmed
    sends the same form again, as the page tells them, and is confirmed with their request stored once."""
    kit, url = deployment.kit, deployment.url
    lost = reckoning(what, load, stored_in_postgres(url, [a.submission for a in load.answers]))
    assert not lost, f"{len(lost)} confirmed requests are not stored: {lost[:5]}"
    statuses = load.statuses()
    assert statuses[CONFIRMED] > 0, f"no form was confirmed: {statuses}"
    unconfirmed = [a for a in load.answers if a.status != CONFIRMED]
    for answer in unconfirmed:
        assert answer.status in (502, 503, 504) and "try again" in answer.body.lower(), (
            f"a form was answered {answer.status} without saying to try again: {answer.body[:300]!r}")
    resent = [send_form(kit.base, deployment.data_key, deployment.version, a.submission) for a in unconfirmed]
    assert all(a.status == CONFIRMED for a in resent), f"sent again: {[a.status for a in resent]}"
    keys = ",".join("'" + a.submission + "'" for a in resent) or "''"
    twice = subprocess.run(["psql", "-At", url, "-c", f"SELECT submission_key FROM triage_requests WHERE submission_key "
                            f"IN ({keys}) GROUP BY submission_key HAVING count(*) > 1"],
                           capture_output=True, text=True, timeout=60, check=True).stdout.split()
    assert not twice, f"requests stored twice after being sent again: {twice}"
    print(f"sent again by the {len(unconfirmed)} patients not confirmed: all confirmed, each stored once")


def test_pg_dump_under_load_restores_with_the_audit_trail_intact(deployment, tmp_path):
    kit, url = deployment.kit, deployment.url
    for name, instance in kit.instances.items():
        if instance.process.poll() is not None:
            kit.restart(name)
    load = PatientLoad(kit.base, deployment.data_key, deployment.version).start()
    time.sleep(1.0)  # load before the dump (its timing, not a wait for anything)
    confirmed_before = set(load.confirmed())
    # the checkpoint file as it stood before the dump began: every head it vouches for is in the dump
    checkpoints = tmp_path / "audit-checkpoints.log"
    checkpoints.write_bytes(Path(kit.env["AUDIT_CHECKPOINT_PATH"]).read_bytes())
    dump = tmp_path / "surgery.dump"
    subprocess.run(["pg_dump", "--format=custom", "--file", str(dump), url], check=True, capture_output=True,
                   timeout=300)
    time.sleep(1.0)  # load after the dump
    load.stop()
    reckoning("pg_dump under load", load, stored_in_postgres(url, [a.submission for a in load.answers]))

    restored_name = "e2e_restored_" + secrets.token_hex(6)
    psql(url, f"CREATE DATABASE {restored_name}")
    restored = urlunsplit(urlsplit(url)._replace(path="/" + restored_name))
    try:
        done = subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", restored, str(dump)],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"pg_restore exited {done.returncode}:\n{done.stderr}"
        env = {**kit.env, "DATABASE_URL": restored, "AUDIT_CHECKPOINT_PATH": str(checkpoints)}
        verified = subprocess.run([str(kit.binary), "audit", "verify"], cwd=REPO, env=env, capture_output=True,
                                  text=True, timeout=300)
        assert verified.returncode == 0, f"surgery audit verify on the restored copy:\n{verified.stdout}{verified.stderr}"
        present = stored_in_postgres(restored, sorted(confirmed_before))
        missing = confirmed_before - present
        print(f"restored: {len(present)} of the {len(confirmed_before)} requests confirmed before the dump began, "
              f"missing {len(missing)}; audit verify: {verified.stdout.strip().splitlines()[-1:]}")
        assert confirmed_before and not missing, f"confirmed before the dump but not restored: {sorted(missing)[:5]}"
    finally:
        psql(url, f"DROP DATABASE IF EXISTS {restored_name} WITH (FORCE)")
