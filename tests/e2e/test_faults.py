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
import time
import uuid
from collections import Counter
from pathlib import Path

from playwright.sync_api import expect

from conftest import REPO
from deploy_kit import CONFIRMED, PatientLoad, open_requests_in_postgres, reckoning, send_form, stored_in_postgres
from test_triage import PRACTICE_ODS, person, sign_in
from video_helpers import postgres_env, run_surgery, start_instance, stop_instance

sys.path.insert(0, str(REPO / "bench"))
from benchlib import red_flag_version  # noqa: E402  (the red-flag screen's version, as the server computes it)

THROWAWAY = REPO / "scripts" / "throwaway-postgres.sh"
OUTAGE_SECONDS = 3
RECOVERY_DEADLINE = 60  # seconds for the instances to serve again after the database is back


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
        loads = [PatientLoad(instance.base_url, data_key, version, patients=2).start() for instance in instances]
        time.sleep(1.0)  # load before the fault (the fault's timing, not a wait for anything)
        down = time.monotonic()
        subprocess.run([str(THROWAWAY), "outage", str(cluster), str(OUTAGE_SECONDS)], check=True, timeout=120)
        up = time.monotonic()
        time.sleep(1.0)  # load after the fault
        for load in loads:
            load.stop()

        # the instances serve again by themselves
        deadline = time.monotonic() + RECOVERY_DEADLINE
        for instance in instances:
            tries = []
            while (answer := send_form(instance.base_url, data_key, version).status) != CONFIRMED:
                tries.append(answer)
                assert time.monotonic() < deadline, (
                    f"{instance.base_url} did not serve again within {RECOVERY_DEADLINE}s: answers {tries}")
                time.sleep(0.5)  # polling for recovery, with a deadline

        load = loads[0]
        load.answers += loads[1].answers
        statuses = load.statuses()
        during = Counter(a.status for a in load.answers if down <= a.at <= up)
        lost = reckoning(f"PostgreSQL down {up - down:.1f}s under load", load,
                         stored_in_postgres(url, [a.submission for a in load.answers]))
        print(f"during the outage: {dict(during)}")
        assert not lost, f"{len(lost)} confirmed requests are not stored: {lost[:5]}"
        # a database that is restarting makes the service unavailable for a moment, not broken: 503, never a 500
        odd = [f"{a.status} sent {a.sent - down:+.1f}s from the outage's start: {a.body[:200]}"
               for a in load.answers if a.status not in (CONFIRMED, 503)]
        assert not odd, f"answers other than a confirmation or a busy try-again page: {statuses}; {odd[:3]}"
        unclear = [a.body[:300] for a in load.answers if a.status != CONFIRMED and "try again" not in a.body.lower()]
        assert not unclear, f"{len(unclear)} refused forms did not say to try again, such as {unclear[0]!r}"
        assert statuses[CONFIRMED] > 0 and sum(during.values()) > 0

        # a request sent to the other instance reaches the queue open on the first, live: its total becomes the
        # database's (the new request itself may be on a later page of the queue)
        assert send_form(instances[1].base_url, data_key, version).status == CONFIRMED
        total = open_requests_in_postgres(url)
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
