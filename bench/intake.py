#!/usr/bin/env python3
"""Request intake: how many patient requests a second the release server confirms, and how fast.

For each database (SQLite, then a throwaway PostgreSQL 15), each with a fresh database, the
release binary serves on 127.0.0.1 and `wrk` (bench/intake.lua) sends new patient requests —
each with its own `submission` key, as a patient's browser would — for DURATION seconds at each
connection count. Only 303 answers (the redirect to the confirmation page, which carries the
reference) count as confirmed. intake.lua records each confirmation's submission key and reference (from the
answer's Location); afterwards every one of them must be stored in `triage_requests` with that key and that
reference, as crash_intake.py checks its confirmations (rows stored without a confirmation reaching wrk are
printed: requests still in flight when wrk stopped).

Beside it:
  * the client's own ceiling: the same wrk + Lua against GET /healthz of the same server, so the
    reader sees whether wrk (which shares the 2 cores with the server) limits the figure;
  * CPU milliseconds per request of the server, of PostgreSQL, and of wrk;
  * England's demand. Assumptions (also printed):
      - about 60.6 million patients are registered with GP practices in England;
      - roughly 30 million GP appointments a month (NHS Digital's monthly figures are around that);
      - suppose every one of them began as an online request, all sent in working hours:
        ~21 working days a month of 10 hours (08:00-18:00) = 756,000 seconds;
      - so 30e6 / 756,000 = ~40 requests a second on average, and a 5x peak (Monday morning)
        of ~200 a second, for the whole of England on one server.
  * the aim in the issue: at least 1,000 confirmed requests a second on SQLite on this 2-core
    machine; printed as met or not met.

Usage: bench/intake.py [--duration 20] [--connections 4,16,64] [--databases sqlite,postgres]
                       [--binary PATH] [--no-build] [--prove-checker]
Only loopback traffic; each wrk run is bounded by --duration; every server and cluster started
here is stopped here.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

from benchlib import (
    ONLINE_PRACTICES, SEEDED_REQUESTS, Database, Server, log, make_workdir, red_flag_version, remove_workdir,
    screen_proof, server_binary,
)

LUA = Path(__file__).resolve().parent / "intake.lua"

# England's demand: see the module docstring for where each number comes from.
REGISTERED_PATIENTS = 60.6e6
APPOINTMENTS_PER_MONTH = 30e6
WORKING_DAYS_PER_MONTH = 21
OPEN_HOURS_PER_DAY = 10
AVERAGE_RATE = APPOINTMENTS_PER_MONTH / (WORKING_DAYS_PER_MONTH * OPEN_HOURS_PER_DAY * 3600)
PEAK_FACTOR = 5
PEAK_RATE = AVERAGE_RATE * PEAK_FACTOR
AIM_SQLITE = 1000  # confirmed requests a second, from the issue


FORMS_PER_SECOND = 20_000  # signed forms written per second of a run: well above any rate measured


def signed_forms(path: Path, count: int, data_key: str, version: str, run_id: str) -> set[str]:
    """Writes `count` forms, each with its own submission key and the red-flag screen's proof for it; returns the keys."""
    keys: set[str] = set()
    with path.open("w") as out:
        for number in range(count):
            practice = ONLINE_PRACTICES[number % len(ONLINE_PRACTICES)]
            submission = f"bench-{run_id}-{number}-{uuid.uuid4().hex[:8]}"
            keys.add(submission)
            out.write(f"{practice} {submission} {screen_proof(data_key, practice, submission, version)}\n")
    return keys


def read_told(prefix: Path, threads: int) -> tuple[list[tuple[str, str]], list[str]]:
    """What intake.lua's threads were told: (submission, reference) per confirmation, and Locations naming no reference."""
    told: list[tuple[str, str]] = []
    unreadable: list[str] = []
    for tid in range(1, threads + 1):
        path = prefix.with_name(f"{prefix.name}.{tid}")
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            key, _, reference = line.partition(" ")
            if key == "?":
                unreadable.append(reference)
            else:
                told.append((key, reference))
        path.unlink()
    return told, unreadable


def run_wrk(port: int, connections: int, duration: int, mode: str, run_id: str, data_key: str, workdir: Path) -> dict:
    """One wrk run; returns the counts of intake.lua's done() plus wrk's own CPU seconds."""
    threads = min(2, connections)
    version = red_flag_version()
    forms = workdir / f"forms-{run_id}.txt"
    told_prefix = workdir / f"told-{run_id}"
    sent_keys = signed_forms(forms, FORMS_PER_SECOND * duration if mode == "intake" else 0, data_key, version, run_id)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(LUA),
         f"http://127.0.0.1:{port}", "--", run_id, mode, ",".join(ONLINE_PRACTICES), str(forms), str(threads), version,
         str(told_prefix) if mode == "intake" else ""],
        capture_output=True, text=True, timeout=duration + 60,
    )
    forms.unlink()
    told, unreadable = read_told(told_prefix, threads)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = [line for line in done.stdout.splitlines() if line.startswith("WRK-RESULT ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"bench: wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    result = json.loads(lines[-1].removeprefix("WRK-RESULT "))
    result["wrk_cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result["errors"] = (result["other_status"] + result["connect_errors"] + result["read_errors"]
                        + result["write_errors"] + result["timeouts"])
    result["seconds"] = result["duration_us"] / 1e6
    result["rate"] = result["confirmed"] / result["seconds"]
    # each confirmation as wrk was told it; a key this run never sent would be a confirmation of someone else's form
    result["told"] = told
    result["unreadable"] = unreadable
    result["foreign"] = sum(1 for key, _ in told if key not in sent_keys)
    return result


def fsyncs_per_second(directory: Path, seconds: float = 2.0) -> float:
    """How many 4 KiB write + fsync pairs a second the disk under the database takes: a commit's floor cost."""
    probe = directory / "fsync-probe"
    descriptor = os.open(probe, os.O_CREAT | os.O_WRONLY, 0o600)
    count, started = 0, time.monotonic()
    try:
        while time.monotonic() - started < seconds:
            os.write(descriptor, b"x" * 4096)
            os.fsync(descriptor)
            count += 1
    finally:
        os.close(descriptor)
        probe.unlink()
    return count / (time.monotonic() - started)


def measure(kind: str, binary: Path, levels: list[int], duration: int, ceiling: bool,
            prove_checker: bool = False) -> tuple[list[dict], list[dict], dict]:
    """Every connection level on one fresh database; returns intake rows, ceiling rows, and the table check."""
    workdir = make_workdir(f"bench-intake-{kind}-")
    database = server = None
    rows: list[dict] = []
    ceilings: list[dict] = []
    try:
        database = Database(kind, workdir)
        database.prepare(binary)
        seeded = database.request_count()
        fsyncs = fsyncs_per_second(workdir)
        server = Server(binary, database)
        server.start()
        log(f"bench: {database.label}: server pid {server.pid} on 127.0.0.1:{server.port}; {seeded} seeded requests")
        warm = run_wrk(server.port, 16, 2, "intake", f"warm{uuid.uuid4().hex[:6]}", database.data_key, workdir)  # connection pools, page cache
        confirmed_total = warm["confirmed"]
        told = list(warm["told"])
        unreadable, foreign = list(warm["unreadable"]), warm["foreign"]
        for connections in levels:
            rows_before = database.request_count()
            server_cpu, database_cpu = server.cpu_seconds(), database.cpu_seconds()
            log(f"bench: {database.label}: {connections} connections for {duration}s …")
            result = run_wrk(server.port, connections, duration, "intake", f"c{connections}{uuid.uuid4().hex[:6]}", database.data_key, workdir)
            time.sleep(1.0)  # let requests that were in flight when wrk stopped finish
            result.update(
                database=database.label, connections=connections, rows_before=rows_before,
                stored=database.request_count() - rows_before,
                server_cpu=server.cpu_seconds() - server_cpu, database_cpu=database.cpu_seconds() - database_cpu,
            )
            confirmed_total += result["confirmed"]
            told += result["told"]
            unreadable += result["unreadable"]
            foreign += result["foreign"]
            rows.append(result)
        if ceiling:
            for connections in levels:
                log(f"bench: client ceiling, GET /healthz, {connections} connections …")
                result = run_wrk(server.port, connections, min(duration, 10), "healthz", "ceiling", database.data_key, workdir)
                result.update(connections=connections)
                ceilings.append(result)
        server.stop()
        stored_total = database.request_count() - seeded
        check = dict(database=database.label, seeded=seeded, confirmed=confirmed_total, stored=stored_total,
                     in_flight=16 + sum(levels), fsyncs=fsyncs, directory=str(workdir))
        if prove_checker and told:
            # take away one confirmed request behind the check's back: it must be reported lost
            victim = told[0][0]
            database.execute(f"DELETE FROM triage_requests WHERE submission_key = '{victim}'")
            log(f"bench: --prove-checker deleted the confirmed request {told[0][1]}")
        check.update(match_confirmations(database, told, unreadable, foreign))
        return rows, ceilings, check
    finally:
        if server:
            server.stop()
        if database:
            database.close()
        remove_workdir(workdir)


def match_confirmations(database: Database, told: list[tuple[str, str]], unreadable: list[str], foreign: int) -> dict:
    """Every confirmation wrk was told against the stored rows: the same submission key with the same reference."""
    stored = {key: reference for reference, key in database.query(
        "SELECT reference, submission_key FROM triage_requests WHERE submission_key LIKE 'bench-%'")}
    confirmed = dict(told)
    found = sum(1 for key, reference in confirmed.items() if stored.get(key) == reference)
    return dict(told=len(told), told_twice=len(told) - len(confirmed), found=found, lost=len(confirmed) - found,
                unreadable=len(unreadable), foreign=foreign,
                stored_unconfirmed=sum(1 for key in stored if key not in confirmed))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per connection level (default 20)")
    parser.add_argument("--connections", default="4,16,64", help="connection levels (default 4,16,64)")
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite, postgres or both (default)")
    parser.add_argument("--binary", help="server binary (default: the release build in .build-bench)")
    parser.add_argument("--no-build", action="store_true", help="use .build-bench's release binary as it is")
    parser.add_argument("--prove-checker", action="store_true",
                        help="delete one confirmed request before the check: passes only if exactly that one is reported lost")
    args = parser.parse_args()
    levels = [int(level) for level in args.connections.split(",")]
    kinds = [kind.strip() for kind in args.databases.split(",")]
    if not 1 <= args.duration <= 120:
        parser.error("--duration must be 1..120 seconds")
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is not installed (scripts/install-deps.sh test installs it)")
    binary = server_binary(args.binary, build=not args.no_build and not args.binary)

    rows: list[dict] = []
    ceilings: list[dict] = []
    checks: list[dict] = []
    load_before = os.getloadavg()[0]
    for index, kind in enumerate(kinds):
        measured, ceiling, check = measure(kind, binary, levels, args.duration, ceiling=index == 0 and not args.prove_checker,
                                           prove_checker=args.prove_checker)
        rows += measured
        ceilings += ceiling
        checks.append(check)

    print(f"\nRequest intake: {binary} ({time.strftime('%Y-%m-%d %H:%M')}), {args.duration}s per row, "
          f"wrk with 2 threads on the same {os.cpu_count()}-core machine, requests spread over {len(ONLINE_PRACTICES)} practices; "
          f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
    print(f"{'database':<11} {'conns':>5} {'confirmed/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
          f"{'rows before':>11} {'stored':>7} {'server ms/req':>13} {'postgres ms/req':>15} {'wrk ms/req':>10}")
    for row in rows:
        per = max(row["confirmed"], 1)
        postgres = f"{1000 * row['database_cpu'] / per:.2f}" if row["database"] == "PostgreSQL" else "-"
        print(f"{row['database']:<11} {row['connections']:>5} {row['rate']:>11.0f} {row['p50_us'] / 1000:>8.1f} "
              f"{row['p99_us'] / 1000:>8.1f} {row['errors']:>6} {row['rows_before']:>11} {row['stored']:>7} "
              f"{1000 * row['server_cpu'] / per:>13.2f} {postgres:>15} {1000 * row['wrk_cpu'] / per:>10.2f}")
    if ceilings:
        print("\nClient ceiling: the same wrk + Lua against GET /healthz of the same server (no database)")
        print(f"{'conns':>5} {'answers/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'wrk ms/req':>10}")
        for row in ceilings:
            print(f"{row['connections']:>5} {row['rate']:>10.0f} {row['p50_us'] / 1000:>8.1f} {row['p99_us'] / 1000:>8.1f} "
                  f"{row['errors']:>6} {1000 * row['wrk_cpu'] / max(row['confirmed'], 1):>10.3f}")

    print("\nThe disk under each database (4 KiB write + fsync, measured just before the run; a commit costs at least one, "
          "SQLite's default rollback journal with synchronous=FULL at least two):")
    for check in checks:
        print(f"  {check['database']}: {check['fsyncs']:.0f} fsyncs/s in {check['directory']}")

    failed = False
    print("\nEvery confirmation against the table (the submission key and reference of each 303's Location, warm-up "
          "included, looked up in triage_requests):")
    for check in checks:
        # the log must hold every 303 wrk counted, each key once, each naming a form this run sent
        complete = check["told"] == check["confirmed"] and check["told_twice"] == 0 and check["unreadable"] == 0 \
            and check["foreign"] == 0
        verdict = "ok" if complete and check["lost"] == (1 if args.prove_checker else 0) else "FAIL"
        failed |= verdict != "ok"
        print(f"  {check['database']}: confirmed {check['confirmed']}, recorded {check['told']}, found {check['found']}, "
              f"lost {check['lost']}; confirmed twice {check['told_twice']}, Location without a reference "
              f"{check['unreadable']}, for a form not sent {check['foreign']}: {verdict}")
        print(f"    stored without a confirmation reaching wrk: {check['stored_unconfirmed']} (in flight when wrk stopped; "
              f"at most one per connection, {check['in_flight']}); rows gained {check['stored']} ({check['seeded']} seeded)")

    print("\nEngland's demand, for scale. Assumptions: about 60.6 million patients registered in England; "
          "roughly 30 million GP appointments a month (NHS Digital's monthly figures are around that); "
          f"every one of them begun as an online request, sent over {WORKING_DAYS_PER_MONTH} working days "
          f"of {OPEN_HOURS_PER_DAY} hours.")
    print(f"  average {AVERAGE_RATE:.1f} requests/s for all of England; {PEAK_FACTOR}x peak {PEAK_RATE:.0f} requests/s "
          f"({REGISTERED_PATIENTS / 1e6:.1f} million patients, {APPOINTMENTS_PER_MONTH / 1e6:.0f} million a month)")
    for label in dict.fromkeys(row["database"] for row in rows):
        best = max((row for row in rows if row["database"] == label), key=lambda row: row["rate"])
        print(f"  {label}: best {best['rate']:.0f} confirmed/s ({best['connections']} connections) = "
              f"{best['rate'] / AVERAGE_RATE:.1f}x England's average, {best['rate'] / PEAK_RATE:.1f}x a {PEAK_FACTOR}x peak")
    sqlite_rows = [row for row in rows if row["database"] == "SQLite"]
    if sqlite_rows:
        best = max(row["rate"] for row in sqlite_rows)
        print(f"\nAim: at least {AIM_SQLITE} confirmed requests/s on SQLite on this 2-core machine: "
              f"{'MET' if best >= AIM_SQLITE else 'NOT MET'} ({best:.0f}/s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
