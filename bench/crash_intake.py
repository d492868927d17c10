#!/usr/bin/env python3
"""Crash test of request intake: every request that got a confirmation is in the database afterwards.

Client threads send patient requests to the server (Python's http.client, keep-alive, a unique
`submission` key per form, one form in four with a photo whose Exif carries a GPS position) while
the main thread kills the server with SIGKILL at random moments (every 0.5-2 s, a bounded number
of times) and restarts it, waiting for /healthz with a deadline.

A 303 answer is the patient's confirmation: its Location names the reference. A connection error
is "not confirmed"; the thread then sends the same form again (same `submission`), as a patient
pressing Send again would, until it is confirmed or a per-form deadline passes — so the test also
exercises "the same form sent twice gives the same request".

Afterwards the database is opened (Python's sqlite3 module, or psql) and checked:
  * every confirmed reference is stored, with the submission key of the form it confirmed (found);
  * no form is stored twice;
  * every confirmed request that carried a photo has its photo, and no stored photo keeps the GPS text.
It prints `sent N, confirmed M, found K, lost L` and exits 1 if anything was lost or half-written.

Usage: bench/crash_intake.py [--kills 10] [--threads 8] [--postgres] [--debug | --binary PATH] [--seed S]
  --postgres       also run the same test on a throwaway PostgreSQL 15 cluster after the SQLite file.
  --prove-checker  delete one confirmed request behind the test's back before the check: passes only
                   if the check reports exactly that one lost (shows the check is not vacuous).
Bounded: --time-limit seconds per database (default 100) however the kills go; loopback only.
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import sys
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field

from benchlib import (
    ONLINE_PRACTICES, Database, Server, log, make_workdir, red_flag_version, remove_workdir, screen_proof, server_binary,
)

VERSION = red_flag_version()

CSRF = "crashtestcsrftoken0123456789"
GPS_TEXT = b"GPSLatitude 51.5074 N"


def jpeg_with_location() -> bytes:
    """A tiny JPEG whose Exif segment carries a GPS marker string (as Tests/AppTests/Support/TestImages.swift)."""
    exif = b"Exif\x00\x00" + GPS_TEXT
    app1 = bytes([0xFF, 0xE1, (len(exif) + 2) >> 8, (len(exif) + 2) & 0xFF]) + exif
    quant = bytes([0xFF, 0xDB, 0x00, 0x43, 0x00]) + bytes([1] * 64)
    frame = bytes([0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00])
    huffman = bytes([0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01]) + bytes(15) + bytes([0x00])
    scan = bytes([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x00, 0xFF, 0xD9])
    return bytes([0xFF, 0xD8]) + app1 + quant + frame + huffman + scan


PHOTO = jpeg_with_location()


def form_fields(submission: str, proof: str, version: str) -> list[tuple[str, str]]:
    return [
        ("csrf", CSRF), ("submission", submission), ("redFlags", ""), ("subject", "me"), ("screenVersion", version),
        ("screenProof", proof), ("kind", "medical"),
        ("description", "Crash test: sore throat for five days, worse when swallowing."),
        ("givenName", "Cara"), ("familyName", "Crash"), ("dobDay", "9"), ("dobMonth", "11"), ("dobYear", "1975"),
        ("postcode", "LS1 4AP"), ("sex", "female"), ("mobile", "07700900123"), ("email", "cara.crash@example.com"), ("contactPreference", "sms"), ("consent", "yes"),
    ]


def encode(submission: str, with_photo: bool, proof: str, version: str) -> tuple[bytes, str]:
    """The body and content type of one form, as a browser sends it."""
    fields = form_fields(submission, proof, version)
    if not with_photo:
        return urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
    boundary = f"----crash-{uuid.uuid4().hex}"
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="photos[]"; filename="rash.jpg"\r\n'
                 f"Content-Type: image/jpeg\r\n\r\n".encode() + PHOTO + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass
class Tally:
    """What the client threads saw; one lock guards it all."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: int = 0  # forms
    attempts: int = 0  # HTTP attempts, resends included
    connection_errors: int = 0
    refused: dict[int, int] = field(default_factory=dict)  # other statuses
    confirmed: dict[str, tuple[str, bool]] = field(default_factory=dict)  # submission -> (reference, had photo)
    confirmed_after_resend: int = 0
    first_failure: dict[str, float] = field(default_factory=dict)  # submission -> wall time of its first connection error
    unconfirmed: list[str] = field(default_factory=list)


def client(port: int, stop: threading.Event, tally: Tally, seed: int, form_deadline: float, data_key: str) -> None:
    """Sends forms until told to stop; resends a form after a connection error, as a patient would."""
    rng = random.Random(seed)
    connection: http.client.HTTPConnection | None = None
    number = 0
    while not stop.is_set():
        number += 1
        submission = f"crash-{seed}-{number}-{uuid.uuid4().hex}"
        with_photo = number % 4 == 0
        practice = rng.choice(ONLINE_PRACTICES)
        proof = screen_proof(data_key, practice, submission, VERSION)
        body, content_type = encode(submission, with_photo, proof, VERSION)
        with tally.lock:
            tally.sent += 1
        give_up = time.monotonic() + form_deadline
        tries = 0
        while True:
            tries += 1
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("POST", f"/request/{practice}/send", body=body, headers={
                    "Content-Type": content_type, "Cookie": f"sa_csrf={CSRF}"})
                response = connection.getresponse()
                response.read()
                with tally.lock:
                    tally.attempts += 1
                if response.status == 303:
                    location = urllib.parse.urlsplit(response.getheader("Location", ""))
                    # the confirmation, or (a mobile number given) the page asking for the code texted to it
                    found = re.search(r"/sent/(RQ-[A-Z0-9]+)(/mobile)?$", location.path)
                    reference = found.group(1) if found else location.path
                    key = urllib.parse.parse_qs(location.query).get("k", [""])[0]
                    if key != submission or not reference.startswith("RQ-"):
                        raise SystemExit(f"crash test: a confirmation for another form: {location}")
                    with tally.lock:
                        tally.confirmed[submission] = (reference, with_photo)
                        tally.confirmed_after_resend += tries > 1
                else:
                    with tally.lock:
                        tally.refused[response.status] = tally.refused.get(response.status, 0) + 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
                break
            except (OSError, http.client.HTTPException):
                # refused, reset, or cut off mid-answer: not confirmed. Send the same form again.
                with tally.lock:
                    tally.attempts += 1
                    tally.connection_errors += 1
                    tally.first_failure.setdefault(submission, time.time())
                if connection is not None:
                    connection.close()
                    connection = None
                if stop.is_set() or time.monotonic() > give_up:
                    with tally.lock:
                        tally.unconfirmed.append(submission)
                    break
                time.sleep(0.05)
    if connection is not None:
        connection.close()


def crash_run(kind: str, binary, args) -> bool:
    """One database: load, kills, restarts, then the check. True when nothing was lost."""
    workdir = make_workdir(f"bench-crash-{kind}-")
    database = server = None
    try:
        database = Database(kind, workdir)
        database.prepare(binary)
        server = Server(binary, database)
        server.start()
        started = time.monotonic()
        hard_deadline = started + args.time_limit
        log(f"crash test: {database.label}: server pid {server.pid} on 127.0.0.1:{server.port}, "
            f"{args.threads} client threads, {args.kills} kills")

        tally = Tally()
        stop = threading.Event()
        threads = [threading.Thread(target=client, args=(server.port, stop, tally, args.seed * 1000 + i, 20.0, database.data_key), daemon=True)
                   for i in range(args.threads)]
        for thread in threads:
            thread.start()
        rng = random.Random(args.seed)
        kills = 0
        while kills < args.kills and time.monotonic() < hard_deadline - 10:
            time.sleep(rng.uniform(args.min_interval, args.max_interval))
            server.kill()
            kills += 1
            server.start(deadline_seconds=max(5.0, min(60.0, hard_deadline - time.monotonic())))
            with tally.lock:
                log(f"crash test: kill {kills}: sent {tally.sent}, confirmed {len(tally.confirmed)}; restarted as pid {server.pid}")
        time.sleep(1.0)  # a last moment of normal service, so resent forms get their answer
        stop.set()
        for thread in threads:
            thread.join(timeout=max(1.0, min(30.0, hard_deadline + 20 - time.monotonic())))
        server.stop()
        elapsed = time.monotonic() - started

        with tally.lock:
            confirmed = dict(tally.confirmed)
            sent, attempts, errors = tally.sent, tally.attempts, tally.connection_errors
            refused, resent, unconfirmed = dict(tally.refused), tally.confirmed_after_resend, list(tally.unconfirmed)
            first_failure = dict(tally.first_failure)

        if args.prove_checker and confirmed:
            # take away one confirmed request behind the test's back: the check below must report it lost
            victim = sorted(confirmed)[0]
            database.execute("DELETE FROM request_photos WHERE request_id IN "
                             f"(SELECT id FROM triage_requests WHERE submission_key = '{victim}')")
            database.execute(f"DELETE FROM triage_requests WHERE submission_key = '{victim}'")
            log(f"crash test: --prove-checker deleted the confirmed request {confirmed[victim][0]}")

        epoch = "received_at" if database.kind == "sqlite" else "extract(epoch from received_at)"
        rows = database.query(f"SELECT reference, submission_key, {epoch} FROM triage_requests WHERE submission_key LIKE 'crash-%'")
        stored = {key: ref for ref, key, _ in rows}
        received = {key: float(at) for _, key, at in rows}
        # a resent form whose row was received before its first connection error was stored by the attempt that the
        # kill cut off: the resend got that same request back (the "same form twice" path, under a crash)
        stored_by_cut_attempt = sum(1 for key, failed_at in first_failure.items()
                                    if key in confirmed and received.get(key, float("inf")) < failed_at)
        duplicates = int(database.query(
            "SELECT count(*) FROM (SELECT submission_key FROM triage_requests GROUP BY submission_key HAVING count(*) > 1) d")[0][0])
        photo_rows = database.query(
            "SELECT t.submission_key, count(p.id) FROM triage_requests t JOIN request_photos p ON p.request_id = t.id "
            "WHERE t.submission_key LIKE 'crash-%' GROUP BY t.submission_key")
        photos = {key: int(count) for key, count in photo_rows}
        if database.kind == "sqlite":
            leaking = int(database.query(f"SELECT count(*) FROM request_photos WHERE instr(bytes, X'{GPS_TEXT.hex()}') > 0")[0][0])
        else:
            leaking = int(database.query(f"SELECT count(*) FROM request_photos WHERE position('\\x{GPS_TEXT.hex()}'::bytea in bytes) > 0")[0][0])

        found = sum(1 for key, (reference, _) in confirmed.items() if stored.get(key) == reference)
        lost = len(confirmed) - found
        photos_missing = sum(1 for key, (_, had_photo) in confirmed.items() if had_photo and photos.get(key, 0) != 1)
        stored_unconfirmed = sum(1 for key in stored if key not in confirmed)

        print(f"\n{database.label}: {kills} SIGKILLs in {elapsed:.0f}s, {server.starts} server starts, {args.threads} client threads")
        print(f"sent {sent}, confirmed {len(confirmed)}, found {found}, lost {lost}")
        print(f"  attempts {attempts} ({errors} connection errors, counted as not confirmed and resent); "
              f"confirmed after a resend: {resent}, of which already stored by the attempt the kill cut off: "
              f"{stored_by_cut_attempt}; other answers: {refused or 'none'}")
        print(f"  never confirmed (gave up, or cut off at the end): {len(unconfirmed)}; stored without a confirmation "
              f"reaching the client: {stored_unconfirmed}")
        print(f"  forms stored twice: {duplicates}; photos stored: {sum(photos.values())}, of confirmed ones missing: "
              f"{photos_missing}, still carrying the GPS text: {leaking}")
        if refused:
            print(f"  note: answers other than 303 ({refused}) told the patient the request was not taken; not a loss")
        ok = lost == 0 and duplicates == 0 and photos_missing == 0 and leaking == 0
        if args.prove_checker:
            ok = lost == 1 and duplicates == 0 and leaking == 0
            print(f"  {database.label}: the checker {'saw' if ok else 'DID NOT see'} the deleted request as lost")
        print(f"  {database.label}: {'PASS' if ok else 'FAIL'}")
        return ok
    finally:
        if server:
            server.stop()
        if database:
            database.close()
        remove_workdir(workdir)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=10, help="SIGKILLs per database (default 10, at most 100)")
    parser.add_argument("--threads", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--min-interval", type=float, default=0.5, help="seconds between kills, at least (default 0.5)")
    parser.add_argument("--max-interval", type=float, default=2.0, help="seconds between kills, at most (default 2)")
    parser.add_argument("--time-limit", type=float, default=100, help="seconds per database, at most (default 100)")
    parser.add_argument("--postgres", action="store_true", help="also run on a throwaway PostgreSQL cluster")
    parser.add_argument("--prove-checker", action="store_true",
                        help="delete one confirmed request before the check; passes only if it is reported lost")
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000, help="random seed (printed)")
    binaries = parser.add_mutually_exclusive_group()
    binaries.add_argument("--binary", help="server binary (default: the release build in .build-bench)")
    binaries.add_argument("--debug", action="store_true", help="use the debug build in .build")
    parser.add_argument("--no-build", action="store_true", help="use .build-bench's release binary as it is")
    args = parser.parse_args()
    if not 1 <= args.kills <= 100 or not 1 <= args.threads <= 64 or not 10 <= args.time_limit <= 600:
        parser.error("--kills 1..100, --threads 1..64, --time-limit 10..600")
    if not 0.05 <= args.min_interval <= args.max_interval <= 30:
        parser.error("0.05 <= --min-interval <= --max-interval <= 30")
    binary = server_binary(args.binary, build=not (args.no_build or args.binary or args.debug), debug=args.debug)
    print(f"crash test of request intake: {binary}, seed {args.seed}")
    results = [crash_run(kind, binary, args) for kind in (["sqlite", "postgres"] if args.postgres else ["sqlite"])]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
