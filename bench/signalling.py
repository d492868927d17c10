#!/usr/bin/env python3
"""Video signalling relay: latency and memory of `surgery serve` with 1,000 and 5,000 signalling sockets open.

For each connection count N it makes a fresh SQLite (`migrate`, `seed-demo`), books N/2 consultations for now by
writing rows straight into the database before `serve` starts (at most --per-clinician per clinician, on copies of a
demo GP), signs every clinician in over HTTP, then opens N WebSockets (each room: the patient by link, the clinician
by session). For --duration seconds every clinician socket sends its patient one ICE candidate a second carrying its
monotonic send time; the patient's socket stamps the arrival. Printed: latency p50/p99/max, lost messages, the
server's RSS idle / with N open / after, and its CPU seconds; beside it the same clients against a trivial asyncio
`websockets` relay in its own process (the client's own ceiling). See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import multiprocessing
import os
import re
import resource
import secrets
import sqlite3
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import Database, Server, StaffBrowser, free_port, log, make_workdir, process_cpu_seconds, remove_workdir, server_binary  # noqa: E402

from websockets.asyncio.client import connect  # noqa: E402
from websockets.asyncio.server import serve  # noqa: E402

MODEL_CLINICIAN = "amara.okafor@demo.nhs.uk"  # GP at L81101: the bench clinicians are copies of her
STAMP = re.compile(r'"bench (\d+) (\d+)"')

# ---------------------------------------------------------------------------------------------------------------
# The database: rows in exactly the format Fluent wrote for seed-demo's own video consultations.


def like(sample, value):
    """`value` (a UUID or a datetime) stored the way `sample`, a value Fluent wrote in the same column, is stored."""
    if isinstance(value, uuid.UUID):
        if isinstance(sample, bytes):
            return value.bytes
        return str(value).upper() if sample == sample.upper() else str(value)
    if isinstance(sample, (int, float)):
        return value.timestamp()
    if isinstance(sample, str):  # ISO 8601 text, with or without fractions
        text = value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
        return text + ("." + f"{value.microsecond // 1000:03d}" if "." in sample else "") + ("Z" if sample.endswith("Z") else "")
    raise SystemExit(f"bench: cannot tell how Fluent stores {sample!r}")


def book_rooms(db_path: Path, rooms: int, per_clinician: int, credentials: Path) -> list[dict]:
    """N/2 consultations for now, spread over copies of the model GP; their clinicians join the credentials file."""
    creds = json.loads(credentials.read_text())
    model = next(p for p in creds["people"] if p["email"] == MODEL_CLINICIAN)
    with sqlite3.connect(db_path) as db:
        db.row_factory = sqlite3.Row
        person = dict(db.execute("SELECT * FROM people WHERE email = ?", (MODEL_CLINICIAN,)).fetchone())
        engagements = [dict(r) for r in db.execute("SELECT * FROM engagements WHERE person_id = ?", (person["id"],))]
        sample = db.execute("SELECT * FROM video_consultations LIMIT 1").fetchone()
        link_sample = db.execute("SELECT * FROM video_links LIMIT 1").fetchone()
        if sample is None or link_sample is None:
            raise SystemExit("bench: seed-demo booked no video consultation: this binary has no video feature")
        sample, link_sample = dict(sample), dict(link_sample)
        now = datetime.now(timezone.utc)
        clinicians = []
        for k in range(-(-rooms // per_clinician)):
            cid = uuid.uuid4()
            row = {**person, "id": like(person["id"], cid), "email": f"bench.clinician{k}@demo.nhs.uk",
                   "name": f"Dr Bench {k}", "totp_last_counter": None}
            insert(db, "people", row)
            for engagement in engagements:
                insert(db, "engagements", {**engagement, "id": like(engagement["id"], uuid.uuid4()), "person_id": row["id"]})
            creds["people"].append({**model, "name": row["name"], "email": row["email"]})
            clinicians.append((row["id"], row["name"]))
        booked = []
        for i in range(rooms):
            consultation, token = uuid.uuid4(), secrets.token_urlsafe(32)
            clinician_id, clinician_name = clinicians[i % len(clinicians)]
            insert(db, "video_consultations", {
                **sample, "id": like(sample["id"], consultation), "patient_name": f"Bench patient {i}",
                "slot_at": like(sample["slot_at"], now), "state": "booked", "outcome": None, "arrived_at": None,
                "running_late": None, "phone_number": None, "clinician_id": clinician_id, "request_id": None})
            insert(db, "video_links", {
                **link_sample, "id": like(link_sample["id"], uuid.uuid4()), "consultation_id": like(sample["id"], consultation),
                "token_digest": hashlib.sha256(token.encode()).hexdigest(), "participant": "patient", "label": None})
            booked.append({"id": str(consultation).upper(), "token": token, "clinician": clinician_name})
    credentials.write_text(json.dumps(creds))
    return booked


def insert(db: sqlite3.Connection, table: str, row: dict) -> None:
    db.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))


# ---------------------------------------------------------------------------------------------------------------
# The peer: a trivial relay with the same two paths and the same JSON, in its own process.


def echo_relay(port: int, tokens: dict[str, str], ready) -> None:
    sockets: dict[tuple[str, str], object] = {}

    async def handler(ws):
        parts = ws.request.path.strip("/").split("/")
        room, me = (tokens[parts[1]], "patient") if parts[0] == "video" else (parts[2], "clinician")
        sockets[(room, me)] = ws
        await ws.send('{"state":"waiting","type":"state"}')
        try:
            async for text in ws:
                message = json.loads(text)
                message["from"] = me
                peer = sockets.get((room, message.get("to")))
                if peer is not None:
                    await peer.send(json.dumps(message))
        finally:
            sockets.pop((room, me), None)

    async def main():
        async with serve(handler, "127.0.0.1", port, compression=None, ping_interval=None, backlog=1024):
            ready.set()
            await asyncio.Future()

    asyncio.run(main())


# ---------------------------------------------------------------------------------------------------------------
# The clients: one process per share of the rooms; both sockets of a room in the same process.


def client_worker(pipe, port: int, rooms: list[dict], cookies: dict[str, str], duration: float, batch: int,
                  open_deadline: float) -> None:
    asyncio.run(client_main(pipe, port, rooms, cookies, duration, batch, open_deadline))


async def client_main(pipe, port, rooms, cookies, duration, batch, open_deadline):
    loop = asyncio.get_running_loop()
    base, origin = f"ws://127.0.0.1:{port}", f"http://127.0.0.1:{port}"
    arrivals: dict[tuple[int, int], int] = {}
    failures: dict[str, int] = {}
    opened: list[tuple] = []  # (clinician ws, patient ws, room index)
    readers: list[asyncio.Task] = []

    async def read(ws, room_index, patient):
        try:
            async for text in ws:
                if patient and "bench " in text:
                    now = time.monotonic_ns()
                    stamp = STAMP.search(text)
                    if stamp:
                        arrivals[(room_index, int(stamp.group(1)))] = now - int(stamp.group(2))
        except Exception:
            pass

    async def open_room(index, room):
        kw = dict(origin=origin, compression=None, ping_interval=None, close_timeout=2, open_timeout=60)
        try:
            patient = await connect(f"{base}/video/{room['token']}/signal", **kw)
            readers.append(asyncio.create_task(read(patient, index, True)))
            clinician = await connect(f"{base}/consult/video/{room['id']}/signal",
                                      additional_headers={"Cookie": cookies[room["clinician"]]}, **kw)
            readers.append(asyncio.create_task(read(clinician, index, False)))
            opened.append((clinician, patient, index))
        except Exception as error:
            key = type(error).__name__ + (f" {error.response.status_code}" if hasattr(error, "response") else "")
            failures[key] = failures.get(key, 0) + 1

    started = time.monotonic()
    for first in range(0, len(rooms), batch):
        if time.monotonic() - started > open_deadline:
            failures["open deadline passed"] = len(rooms) - first
            break
        await asyncio.gather(*(open_room(i, r) for i, r in enumerate(rooms[first:first + batch], first)))
    pipe.send(("opened", 2 * len(opened), failures, time.monotonic() - started))

    _, start_ns = await loop.run_in_executor(None, pipe.recv)
    cpu_before = process_cpu_seconds(os.getpid())
    sent = 0

    async def sender(clinician, index):
        nonlocal sent
        offset = secrets.randbelow(1_000_000_000)  # spread the rooms over the second
        for seq in range(int(duration)):
            at = start_ns + offset + seq * 1_000_000_000
            await asyncio.sleep(max(0, at - time.monotonic_ns()) / 1e9)
            text = ('{"type":"candidate","to":"patient","candidate":{"candidate":"bench %d %d","sdpMid":"0","sdpMLineIndex":0}}'
                    % (seq, time.monotonic_ns()))
            try:
                await clinician.send(text)
                sent += 1
            except Exception:
                return

    await asyncio.gather(*(sender(c, i) for c, _, i in opened))
    await asyncio.sleep(2)  # stragglers
    by_second = [(seq, ns) for (_, seq), ns in arrivals.items()]
    pipe.send(("results", sent, by_second, process_cpu_seconds(os.getpid()) - cpu_before))

    await loop.run_in_executor(None, pipe.recv)
    await asyncio.wait_for(asyncio.gather(*(ws.close() for c, p, _ in opened for ws in (c, p)), return_exceptions=True), 60)
    for task in readers:
        task.cancel()
    pipe.send(("closed",))


# ---------------------------------------------------------------------------------------------------------------
# One run: the clients against a relay (the server or the echo), returning the figures.


def run_clients(port, rooms, cookies, args, server_pid=None) -> dict:
    ctx = multiprocessing.get_context("fork")
    shares = [rooms[i::args.processes] for i in range(args.processes)]
    pipes, workers = [], []
    result: dict = {"rss_idle": rss_mib(server_pid)}
    for share in shares:
        mine, theirs = ctx.Pipe()
        worker = ctx.Process(target=client_worker, args=(theirs, port, share, cookies, args.duration, args.batch,
                                                         args.open_deadline), daemon=True)
        worker.start()
        pipes.append(mine)
        workers.append(worker)
    try:
        opened = [receive(p, 60 + args.open_deadline) for p in pipes]
        result["open"] = sum(o[1] for o in opened)
        result["open_seconds"] = max(o[3] for o in opened)
        result["failures"] = {k: v for o in opened for k, v in o[2].items()}
        result["rss_open"] = rss_mib(server_pid)
        cpu_before = process_cpu_seconds(server_pid) if server_pid else 0.0
        start_ns = time.monotonic_ns() + 500_000_000
        for p in pipes:
            p.send(("go", start_ns))
        results = [receive(p, args.duration + 60) for p in pipes]
        result["server_cpu"] = (process_cpu_seconds(server_pid) - cpu_before) if server_pid else None
        result["rss_traffic"] = rss_mib(server_pid)
        result["sent"] = sum(r[1] for r in results)
        latencies = sorted(ns for r in results for _, ns in r[2])
        seconds: dict[int, list[float]] = {}
        for r in results:
            for seq, ns in r[2]:
                seconds.setdefault(seq, []).append(ns / 1e6)
        result["p99_by_second"] = [percentile(sorted(seconds[k]), 0.99) for k in sorted(seconds)]
        result["received"] = len(latencies)
        result["client_cpu"] = sum(r[3] for r in results)
        result["latencies_ms"] = [v / 1e6 for v in latencies]
        for p in pipes:
            p.send(("close",))
        for p in pipes:
            receive(p, 90)
        time.sleep(3)
        result["rss_after"] = rss_mib(server_pid)
    finally:
        for worker in workers:
            worker.join(timeout=10)
            if worker.is_alive():
                worker.kill()
    return result


def receive(pipe, seconds):
    if not pipe.poll(seconds):
        raise SystemExit(f"bench: a client process did not answer within {seconds:.0f}s")
    return pipe.recv()


def rss_mib(pid) -> float | None:
    if not pid:
        return None
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def percentile(values: list[float], q: float) -> float | None:
    return values[min(len(values) - 1, int(q * len(values)))] if values else None


def raise_file_limit(connections: int, processes: int) -> None:
    need = connections + 512  # the server holds every socket; it inherits this limit
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= need:
        return
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(need, soft), max(need, hard)))
    except (ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        log(f"bench: open-file limit only {hard}; {need} are needed for {connections} connections: expect refusals")


# ---------------------------------------------------------------------------------------------------------------


def measure(binary: Path, connections: int, args) -> tuple[dict, dict]:
    raise_file_limit(connections, args.processes)
    workdir = make_workdir("bench-signalling-")
    database = Database("sqlite", workdir)
    server = None
    try:
        log(f"bench: {connections} connections: migrate, seed-demo, {connections // 2} consultations")
        database.prepare(binary)
        rooms = book_rooms(database.path, connections // 2, args.per_clinician, database.credentials_path)

        echo_port = free_port()
        ctx = multiprocessing.get_context("fork")
        ready = ctx.Event()
        tokens = {r["token"]: r["id"] for r in rooms}
        echo = ctx.Process(target=echo_relay, args=(echo_port, tokens, ready), daemon=True)
        echo.start()
        if not ready.wait(30):
            raise SystemExit("bench: the echo relay did not start")
        log(f"bench: {connections} connections: the clients against the echo relay (the client's ceiling)")
        peer = run_clients(echo_port, rooms, {r["clinician"]: "" for r in rooms}, args, server_pid=None)
        echo.kill()
        echo.join(10)

        port = free_port()
        server = Server(binary, database, port=port, extra_env={"PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"})
        server.start()
        cookies = {}
        for name in sorted({r["clinician"] for r in rooms}):
            browser = StaffBrowser(port)
            browser.sign_in(database.credentials_path, name)
            cookies[name] = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        time.sleep(1)
        log(f"bench: {connections} connections: the clients against surgery serve ({len(cookies)} clinicians signed in)")
        cpu_start = server.cpu_seconds()
        measured = run_clients(port, rooms, cookies, args, server_pid=server.pid)
        measured["server_cpu_total"] = server.cpu_seconds() - cpu_start
        measured["clinicians"] = len(cookies)
        return measured, peer
    finally:
        if server:
            server.stop()
        database.close()
        if not args.keep:
            remove_workdir(workdir)
        else:
            log(f"bench: kept {workdir}")


def row(label: str, r: dict, connections: int) -> str:
    lat = r["latencies_ms"]
    lost = r["sent"] - r["received"]
    f = lambda v: "–" if v is None else f"{v:,.1f}"  # noqa: E731
    return (f"| {label} | {connections:,} | {r['open']:,} | {r['open_seconds']:.1f} | {r['received']:,} | "
            f"{f(percentile(lat, 0.5))} | {f(percentile(lat, 0.99))} | {f(lat[-1] if lat else None)} | {lost:,} | "
            f"{f(r['rss_idle'])} / {f(r['rss_open'])} / {f(r['rss_traffic'])} / {f(r['rss_after'])} | "
            f"{f(r['server_cpu'])} | {r['client_cpu']:.1f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", default="1000,5000", help="comma-separated socket counts (2 per room)")
    parser.add_argument("--duration", type=float, default=20, help="seconds of traffic (one message a second a room)")
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    parser.add_argument("--batch", type=int, default=100, help="rooms each client process opens at once")
    parser.add_argument("--open-deadline", type=float, default=240, help="seconds to open every socket")
    parser.add_argument("--per-clinician", type=int, default=50, help="most consultations booked with one clinician")
    parser.add_argument("--binary")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (database, server.log)")
    args = parser.parse_args()
    binary = server_binary(args.binary, build=not args.no_build)
    counts = [int(c) for c in args.connections.split(",")]
    load_before = os.getloadavg()
    lines = ["| relay | connections | open | open s | received | p50 ms | p99 ms | max ms | lost | server RSS MiB idle / open / traffic / after | server CPU s | client CPU s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"]
    notes = []
    for n in counts:
        measured, peer = measure(binary, n, args)
        lines.append(row("surgery serve", measured, n))
        lines.append(row("echo relay (client ceiling)", peer, n))
        ratio = lambda q: percentile(measured["latencies_ms"], q) / max(percentile(peer["latencies_ms"], q), 1e-9)  # noqa: E731
        if measured["latencies_ms"] and peer["latencies_ms"]:
            notes.append(f"{n:,}: server / echo latency: p50 {ratio(0.5):.1f}x, p99 {ratio(0.99):.1f}x; "
                         f"{measured['clinicians']} clinicians; server CPU over the whole run (open, traffic, close) "
                         f"{measured['server_cpu_total']:.1f} s")
        for label, r in (("server", measured), ("echo", peer)):
            notes.append(f"{n:,} {label}: p99 ms second by second: " + " ".join(f"{v:.0f}" for v in r["p99_by_second"]))
            if r["failures"]:
                notes.append(f"{n:,} {label}: sockets not opened: {r['failures']}")
        if n == 5000 and measured["latencies_ms"]:
            p99 = percentile(measured["latencies_ms"], 0.99)
            notes.append(f"aim p99 < 20 ms at 5,000: {p99:.1f} ms, {'met' if p99 < 20 else 'not met'}")
    print(f"duration {args.duration:.0f} s, {args.processes} client processes, {os.cpu_count()} cores, "
          f"load {load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after; {binary}")
    print("\n".join(lines))
    print("\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
