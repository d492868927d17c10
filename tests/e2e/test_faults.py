"""Faults, each with nothing lost and the service back by itself. PostgreSQL is stopped for a few seconds and started
again while patients send requests to two instances and a receptionist's queue is open on one: every confirmed
request is stored, no answer is a false confirmation, the instances serve again without a restart, and a request
sent afterwards to the other instance reaches the open queue live (the event bus has listened again). Prints what
was sent, confirmed, stored and lost."""
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

from playwright.sync_api import expect

from conftest import REPO
from test_triage import PRACTICE_ODS, person, sign_in
from video_helpers import postgres_env, run_surgery, start_instance, stop_instance

sys.path.insert(0, str(REPO / "bench"))
from benchlib import red_flag_version, screen_proof  # noqa: E402  (the bench's signer, checked there against the server)

THROWAWAY = REPO / "scripts" / "throwaway-postgres.sh"
OUTAGE_SECONDS = 3
CSRF = "faulttestcsrftoken0123456789"
RECOVERY_DEADLINE = 60  # seconds for the instances to serve again after the database is back


def send_form(base_url: str, data_key: str, version: str) -> tuple[str, int]:
    """One patient's form (the screen's proof signed as the server signs it); returns its key and the status."""
    submission = f"fault-{uuid.uuid4().hex}"
    fields = {
        "csrf": CSRF, "submission": submission, "redFlags": "", "subject": "me", "screenVersion": version,
        "screenProof": screen_proof(data_key, PRACTICE_ODS, submission, version), "kind": "medical",
        "description": "Fault test: a cough for a week.", "givenName": "Faye", "familyName": "Fault", "dobDay": "2",
        "dobMonth": "5", "dobYear": "1970", "postcode": "LS1 4AP", "sex": "female", "mobile": "07700900123", "email": "faye@example.com",
        "contactPreference": "sms", "consent": "yes",
    }
    request = urllib.request.Request(
        f"{base_url}/request/{PRACTICE_ODS}/send", data=urllib.parse.urlencode(fields).encode(), method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"sa_csrf={CSRF}"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as answer:
            return submission, answer.status
    except urllib.error.HTTPError as error:
        return submission, error.code
    except OSError:
        return submission, 0  # no answer at all


def stored(url: str, submissions: list[str]) -> set[str]:
    quoted = ",".join("'" + s + "'" for s in submissions) or "''"
    done = subprocess.run(["psql", "-At", url, "-c", f"SELECT submission_key FROM triage_requests WHERE submission_key IN ({quoted})"],
                          capture_output=True, text=True, timeout=60, check=True)
    return set(done.stdout.split())


def test_postgresql_restarted_under_load_loses_nothing_and_the_service_comes_back(server, browser, tmp_path):
    # under the system's temporary folder, which the postgres user can reach (pytest's own folder is private)
    cluster = Path(tempfile.gettempdir()) / f"surgery-fault-{uuid.uuid4().hex[:8]}"
    url = subprocess.run([str(THROWAWAY), "start", str(cluster)], capture_output=True, text=True, timeout=120,
                         check=True).stdout.strip().splitlines()[-1]
    env = postgres_env(url)
    # the load comes from one address with one mobile number: the per-client throttle must not be what answers
    env.update({name: "100000/1s" for name in ("THROTTLE_REQUESTS_PER_ADDRESS", "THROTTLE_REQUESTS_PER_CONTACT")})
    data_key, version = env["DATA_KEY"], red_flag_version()
    instances, context = [], None
    try:
        credentials_file = tmp_path / "credentials.json"
        run_surgery(server.binary, env, "migrate")
        run_surgery(server.binary, env, "seed-demo", "--credentials-file", str(credentials_file))
        instances = [start_instance(server.binary, env, tmp_path / f"instance-{n}.log") for n in ("a", "b")]
        receptionist = person(json.loads(credentials_file.read_text()), "Dan Evans", PRACTICE_ODS, "Receptionist")
        context = browser.new_context(base_url=instances[0].base_url, viewport={"width": 1280, "height": 800})
        page = context.new_page()
        sign_in(page, receptionist)
        page.goto("/consult")
        expect(page.locator("html")).to_have_attribute("data-queue-live", "open", timeout=10_000)

        # load: four patients sending to both instances until the outage is over and a second has passed
        answers: list[tuple[str, int, float]] = []
        lock, stop = threading.Lock(), threading.Event()

        def patient(number: int) -> None:
            while not stop.is_set():
                submission, status = send_form(instances[number % 2].base_url, data_key, version)
                with lock:
                    answers.append((submission, status, time.monotonic()))

        threads = [threading.Thread(target=patient, args=(n,), daemon=True) for n in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)  # load before the fault (the fault's timing, not a wait for anything)
        down = time.monotonic()
        subprocess.run([str(THROWAWAY), "outage", str(cluster), str(OUTAGE_SECONDS)], check=True, timeout=120)
        up = time.monotonic()
        time.sleep(1.0)  # load after the fault
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

        # the instances serve again by themselves
        deadline = time.monotonic() + RECOVERY_DEADLINE
        for instance in instances:
            tries = []
            while (answer := send_form(instance.base_url, data_key, version)[1]) != 303:
                tries.append(answer)
                assert time.monotonic() < deadline, (
                    f"{instance.base_url} did not serve again within {RECOVERY_DEADLINE}s: answers {tries}")
                time.sleep(0.5)  # polling for recovery, with a deadline

        statuses = Counter(status for _, status, _ in answers)
        confirmed = [s for s, status, _ in answers if status == 303]
        during = Counter(status for _, status, at in answers if down <= at <= up)
        found = stored(url, [s for s, _, _ in answers])
        lost = [s for s in confirmed if s not in found]
        unconfirmed_but_stored = len(found) - len(set(confirmed) & found)
        print(f"\nPostgreSQL down {up - down:.1f}s under load: sent {len(answers)}, confirmed {len(confirmed)}, "
              f"stored {len(found)} (of which not confirmed to the patient: {unconfirmed_but_stored}), lost {len(lost)}; "
              f"answers {dict(statuses)}; during the outage {dict(during)}")
        assert not lost, f"{len(lost)} confirmed requests are not stored"
        assert set(statuses) <= {303, 500, 503}, f"answers other than a confirmation or a try-again page: {statuses}"
        assert statuses[303] > 0 and sum(during.values()) > 0

        # a request sent to the other instance reaches the queue open on the first, live: its total becomes the
        # database's (the new request itself may be on a later page of the queue)
        submission, status = send_form(instances[1].base_url, data_key, version)
        assert status == 303
        total = int(subprocess.run(
            ["psql", "-At", url, "-c", "SELECT count(*) FROM triage_requests WHERE status <> 'closed' AND handler_id = "
             f"(SELECT id FROM organisations WHERE ods_code = '{PRACTICE_ODS}')"],
            capture_output=True, text=True, timeout=60, check=True).stdout.strip())
        try:
            expect(page.get_by_test_id("queue-count")).to_have_text(re.compile(rf"^\s*{total} requests\b"), timeout=30_000)
        except AssertionError:
            print("queue live state:", page.locator("html").get_attribute("data-queue-live"))
            raise
    finally:
        if context is not None:
            context.close()
        for instance in instances:
            stop_instance(instance)
        subprocess.run([str(THROWAWAY), "stop", str(cluster)], capture_output=True, timeout=120)
