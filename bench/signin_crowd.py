#!/usr/bin/env python3
"""Sign-in crowd: 100 people signing in at once beside the other pages, password hashing bounded or not.

At 08:00 a practice's staff sign in together. bcrypt at cost 12 is meant to be slow, and before password hashing had
a pool of its own a crowd of sign-ins took every core, so the other pages waited seconds and PostgreSQL's
connection pool timed out. This script starts `surgery serve` (release build, demo data hashed at cost 12), keeps a
member of staff reading the triage queue from 4 client threads, and measures that page's latency:

- quiet: nobody else is signing in;
- crowd: 100 client threads post correct passwords as fast as the server answers (password step only);

each with PASSWORD_HASH_THREADS at its default (half the cores) and, as the peer in the same run, 64 (hashing as
wide as the application's own pool, as it was). Runs alternate between the two settings; each figure is the median
of the runs with their spread (min-max) beside it. Every loop is bounded in time; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import Database, Server, StaffBrowser, log, make_workdir, remove_workdir, server_binary  # noqa: E402

CSRF = "bench-csrf-token-0123456789"
PAGE = "/consult"
READER = "Dan Evans"
CROWD = 100
PAGE_THREADS = 4


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def read_pages(port: int, cookies: dict[str, str], stop_at: float, latencies: list[float], errors: list[int]) -> None:
    """GETs the page until `stop_at`, recording each answer's time in ms; non-200 answers and failures as errors."""
    header = "; ".join(f"{name}={value}" for name, value in cookies.items())
    while time.monotonic() < stop_at:
        started = time.monotonic()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", PAGE, headers={"Cookie": header})
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status != 200:
                errors.append(response.status)
        except OSError:
            errors.append(0)
        latencies.append(1000 * (time.monotonic() - started))


def sign_in_repeatedly(port: int, people: list[dict], offset: int, stop_at: float, answers: list[int]) -> None:
    """Posts correct passwords (the password step) until `stop_at`; records each answer's status."""
    index = offset
    while time.monotonic() < stop_at:
        person = people[index % len(people)]
        index += 1
        body = urllib.parse.urlencode({"email": person["email"], "password": person["password"], "csrf": CSRF})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"sa_csrf={CSRF}",
                   "Origin": f"http://127.0.0.1:{port}"}
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("POST", "/login", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            connection.close()
            answers.append(response.status)
        except OSError:
            answers.append(0)


def phase(port: int, cookies: dict[str, str], people: list[dict], seconds: float, crowd: int) -> dict:
    """One measured stretch: the page readers, and `crowd` sign-in threads beside them."""
    stop_at = time.monotonic() + seconds
    latencies: list[float] = []
    errors: list[int] = []
    answers: list[int] = []
    threads = [threading.Thread(target=read_pages, args=(port, cookies, stop_at, latencies, errors)) for _ in range(PAGE_THREADS)]
    threads += [threading.Thread(target=sign_in_repeatedly, args=(port, people, n, stop_at, answers)) for n in range(crowd)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 90)
    return {
        "p50": percentile(latencies, 0.50), "p99": percentile(latencies, 0.99), "pages": len(latencies),
        "page_errors": len(errors), "signins": sum(1 for status in answers if status == 303) / seconds,
        "signin_errors": sum(1 for status in answers if status != 303),
        "error_statuses": collections.Counter(status for status in answers if status != 303),
    }


def run_once(binary: Path, database: Database, hash_threads: int, seconds: float) -> dict:
    # benchlib's environment keeps the per-client throttles out of the way: every client here is 127.0.0.1
    server = Server(binary, database, extra_env={"PASSWORD_HASH_THREADS": str(hash_threads), "BCRYPT_COST": "12"})
    server.start()
    try:
        reader = StaffBrowser(server.port)
        reader.sign_in(database.credentials_path, READER)
        people = json.loads(database.credentials_path.read_text())["people"]
        quiet = phase(server.port, reader.cookies, people, seconds / 2, crowd=0)
        crowded = phase(server.port, reader.cookies, people, seconds, crowd=CROWD)
        return {"threads": hash_threads, "quiet": quiet, "crowd": crowded}
    finally:
        server.stop()


def spread(values: list[float], unit: str = "") -> str:
    return f"{statistics.median(values):.0f}{unit} ({min(values):.0f}-{max(values):.0f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="seconds of crowd per run (default 20)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each setting, interleaved (default 3)")
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite, postgres or both (default)")
    parser.add_argument("--binary", help="server binary (default: the release build in .build-bench)")
    parser.add_argument("--no-build", action="store_true", help="use .build-bench's release binary as it is")
    args = parser.parse_args()
    if not 2 <= args.seconds <= 120 or not 1 <= args.runs <= 9:
        parser.error("--seconds must be 2..120 and --runs 1..9")
    binary = server_binary(args.binary, build=not args.no_build and not args.binary)
    bounded = max(1, (os.cpu_count() or 2) // 2)
    results: dict[str, list[dict]] = {}
    for kind in [k.strip() for k in args.databases.split(",")]:
        workdir = make_workdir(f"signin-{kind}")
        database = Database(kind, workdir)
        plain_env = database.env
        database.env = lambda: {**plain_env(), "BCRYPT_COST": "12"}  # the demo's passwords hashed as in production
        try:
            log(f"bench: signin: {database.label}: migrate, seed-demo at bcrypt cost 12")
            database.prepare(binary)
            for run in range(args.runs):
                order = [64, bounded] if run % 2 == 0 else [bounded, 64]
                for threads in order:
                    log(f"bench: signin: {database.label} run {run + 1}, PASSWORD_HASH_THREADS={threads}")
                    results.setdefault(database.label, []).append(run_once(binary, database, threads, args.seconds))
        finally:
            database.close()
            remove_workdir(workdir)

    print(f"\nSign-in crowd: {binary} ({time.strftime('%Y-%m-%d %H:%M')}), {CROWD} clients posting correct passwords "
          f"(bcrypt cost 12) for {args.seconds:.0f}s beside {PAGE_THREADS} clients reading {PAGE}, on {os.cpu_count()} cores; "
          f"median of {args.runs} interleaved runs, (min-max)")
    print(f"{'database':<11} {'hash threads':>12} {'quiet p99 ms':>14} {'crowd p50 ms':>14} {'crowd p99 ms':>16} "
          f"{'sign-ins/s':>12} {'page errors':>11} {'sign-in errors':>14}")
    for label, runs in results.items():
        medians = {}
        for threads in sorted({r["threads"] for r in runs}, reverse=True):
            mine = [r for r in runs if r["threads"] == threads]
            medians[threads] = statistics.median(r["crowd"]["p99"] for r in mine)
            print(f"{label:<11} {threads:>12} {spread([r['quiet']['p99'] for r in mine]):>14} "
                  f"{spread([r['crowd']['p50'] for r in mine]):>14} {spread([r['crowd']['p99'] for r in mine]):>16} "
                  f"{spread([r['crowd']['signins'] for r in mine]):>12} {sum(r['crowd']['page_errors'] for r in mine):>11} "
                  f"{sum(r['crowd']['signin_errors'] for r in mine):>14}")
        for threads in sorted({r["threads"] for r in runs}, reverse=True):
            statuses = sum((r["crowd"]["error_statuses"] for r in runs if r["threads"] == threads), collections.Counter())
            if statuses:
                said = ", ".join(f"{'no answer' if code == 0 else code}: {count}" for code, count in sorted(statuses.items()))
                print(f"{label:<11} sign-in answers other than 303 with {threads} hash threads, by status: {said}")
        if 64 in medians and bounded in medians and medians[bounded] > 0:
            print(f"{label:<11} the page's p99 under the crowd, 64 hash threads / {bounded}: {medians[64] / medians[bounded]:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
