#!/usr/bin/env python3
"""Desktop gateway: a desktop-sized byte stream through our WebSocket gateway and through websockify.

One TCP source (a separate process, so it shares no GIL with the client) speaks just enough of an
RFB 3.8 server: greeting, VncAuth (as a real host: the gateway's own sign-in to the host is measured),
ServerInit for a 1920x1080 32-bit desktop. After that only RFB messages: a ClientFence carrying 'B' + N
asks for N bytes of pixels, which come as FramebufferUpdates of one Raw 1920x1080 rectangle each (the
gateway follows their boundaries to enforce the pool's clipboard policy, off by default); a ClientFence
carrying 'P' + 8 bytes is answered at once by a ServerFence carrying the same.

The same client (Python `websockets`, binary frames) reaches that source by four roads:
  * tcp        a plain socket straight to the source: the source's own ceiling, and the latency floor;
  * direct-ws  the source's own WebSocket endpoint (no proxy): the WebSocket client's own ceiling;
  * websockify Debian's websockify (`/usr/bin/python3 /usr/bin/websockify`), a dumb pipe: the client
               does the RFB handshake with the source through it;
  * gateway    `surgery serve` (release build) with a one-seat pool on the source: the gateway does the
               host handshake, the client does the browser side (security None) with the gateway, after
               a sign-in as Dan Evans and a fresh one-use ticket per connection.

Every road is measured with both WebSocket clients (`websockets`, and a minimal one of our own that costs
little CPU, which shows the proxies with the client out of the way), runs interleaved: each run goes
through every road with every client before the next run starts.

Printed per client and road: MB/s (median and min-max of --runs runs of --gigabytes GiB), the proxy's CPU
seconds per GB (from /proc/PID/stat; websockify forks per connection, so its children are counted), the
client's own CPU per GB, round-trip p50/p99 over --pings pings and the latency the proxy adds over
direct-ws. Then per client the ratios gateway/websockify of each run (the runs are paired: the same run
of both roads, one after the other) as a median with their min-max, beside the aims (>= 1.3x the MB/s,
>= 2x the bytes per CPU-second): "met" only when every run's ratio meets the aim, "not met" when none
does, else "within the spread". Not asserted: on 2 cores the client, the source and the proxy share the CPU.
The source is bench/rfb_source.py, the client bench/rfb_client.py.

Usage: bench/gateway.py [--gigabytes 1] [--runs 5] [--pings 2000] [--roads tcp,direct-ws,websockify,gateway]
                        [--clients websockets,lean] [--clipboard off|fromDesktop|toDesktop|both]
                        [--direct-frame-kib 1024] [--binary PATH | --debug] [--no-build]
Only loopback traffic; every transfer and wait has a deadline; every process started here is stopped here.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import socket
import statistics
import struct
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import websockets

import rfb_client
import rfb_source
from benchlib import log, make_workdir, process_cpu_seconds, remove_workdir, server_binary
from gateway_roads import DEBIAN_PYTHON, WEBSOCKIFY, DirectWebSocketRoad, GatewayRoad, Road, TCPRoad, WebsockifyRoad

AIM_THROUGHPUT = 1.3  # gateway MB/s over websockify's (DESIGN.md)
AIM_EFFICIENCY = 2.0  # gateway bytes per CPU-second over websockify's
GB = 1e9
LATENCY_CONNECTIONS = 4  # the round trips are spread over this many connections per road
ROADS = ("tcp", "direct-ws", "websockify", "gateway")


@dataclass
class Figures:
    road: Road
    client: str  # the WebSocket client ("-" for tcp, which has none)
    rates: list[float] = field(default_factory=list)  # bytes a second, one per run
    proxy_per_gb: list[float] = field(default_factory=list)  # the proxy's CPU seconds per GB, one per run
    proxy_cpu: float = 0.0
    client_cpu: float = 0.0
    source_cpu: float = 0.0
    moved: int = 0
    frames: int = 0
    rtts: list[float] = field(default_factory=list)  # seconds
    error: str = ""
    diagnosis: str = ""  # the proxy's log when it failed

    @property
    def label(self) -> str:
        return self.road.name

    @property
    def median_rate(self) -> float:
        return statistics.median(self.rates) if self.rates else 0.0

    def per_gb(self, seconds: float) -> float:
        return seconds / (self.moved / GB) if self.moved else 0.0

    def rtt(self, quantile: float) -> float:
        ordered = sorted(self.rtts)
        return ordered[min(len(ordered) - 1, int(quantile * len(ordered)))] if ordered else 0.0


async def transfer(figures: Figures, count: int, source_pid: int, timeout: float) -> None:
    """One connection, one transfer of `count` bytes of pixels: its rate and who spent which CPU on it."""
    rfb_client.CLIENT = figures.client if figures.client != "-" else rfb_client.CLIENT
    connection = await figures.road.open()
    sent = rfb_source.bulk_bytes(count)
    try:
        proxy, source, client = figures.road.proxy_cpu(), process_cpu_seconds(source_pid), time.process_time()
        started = time.perf_counter()
        frames = await asyncio.wait_for(connection.bulk(count), timeout)
        elapsed = time.perf_counter() - started
        proxy_spent = figures.road.proxy_cpu() - proxy
        figures.client_cpu += time.process_time() - client
        figures.source_cpu += process_cpu_seconds(source_pid) - source
        figures.proxy_cpu += proxy_spent
    finally:
        await connection.close()
    figures.rates.append(sent / elapsed)
    figures.proxy_per_gb.append(proxy_spent / (sent / GB))
    figures.moved += sent
    figures.frames += frames


async def round_trips(figures: Figures, pings: int, timeout: float) -> None:
    """`pings` echoes on one new connection, after 50 to warm up, each timed from send to the whole echo."""
    rfb_client.CLIENT = figures.client if figures.client != "-" else rfb_client.CLIENT
    connection = await figures.road.open()
    try:
        async def run() -> None:
            for index in range(50 + pings):
                payload = struct.pack(">Q", index)
                started = time.perf_counter()
                await connection.ping(payload)
                if index >= 50:
                    figures.rtts.append(time.perf_counter() - started)
        await asyncio.wait_for(run(), timeout)
    finally:
        await connection.close()


async def measure(figures: list[Figures], count: int, runs: int, pings: int, source_pid: int) -> None:
    """Runs interleaved (every road with every client once, then again) so that a slow moment of the machine hits
    all of them, and the gateway's run k sits next to websockify's run k."""
    timeout = 60 + 60 * count / GB
    for run in range(runs):
        for item in figures:
            if item.error:
                continue
            log(f"bench: run {run + 1}/{runs}: {count / 2**30:.2f} GiB through {item.road.name} ({item.client}) …")
            try:
                await transfer(item, count, source_pid, timeout)
                await asyncio.sleep(0.3)  # let a forked websockify child finish and be reaped
            except Exception as failure:  # one road failing must not hide the others' figures
                item.error, item.diagnosis = f"{type(failure).__name__}: {failure}", item.road.diagnosis()
                log(f"bench: {item.road.name} ({item.client}) failed: {item.error}")
    # Round trips on LATENCY_CONNECTIONS connections per road, interleaved: where the scheduler puts each process
    # (same vCPU or not) moves a round trip by ~100 µs here, and it changes from one connection to the next.
    share = max(1, pings // LATENCY_CONNECTIONS)
    for batch in range(LATENCY_CONNECTIONS):
        for item in figures:
            if item.error:
                continue
            log(f"bench: round trips {batch + 1}/{LATENCY_CONNECTIONS}: {share} through {item.road.name} ({item.client}) …")
            try:
                await round_trips(item, share, 60 + share / 100)
                await asyncio.sleep(0.1)
            except Exception as failure:
                item.error, item.diagnosis = f"{type(failure).__name__}: {failure}", item.road.diagnosis()
                log(f"bench: {item.road.name} ({item.client}) failed: {item.error}")


def verdict(ratios: list[float], aim: float) -> str:
    """'met' when every run's ratio meets the aim, 'not met' when none does, else within the spread."""
    if min(ratios) >= aim:
        return "met"
    if max(ratios) < aim:
        return "not met"
    return "within the spread: not shown met"


def spread(values: list[float], scale: float = 1.0, digits: int = 0) -> str:
    return f"{statistics.median(values) * scale:.{digits}f} ({min(values) * scale:.{digits}f}–{max(values) * scale:.{digits}f})"


def client_name(client: str) -> str:
    if client == "websockets":
        return f"websockets {websockets.__version__} (asyncio)"
    return "lean (our own: a socket and recv_into)" if client == "lean" else "none (plain socket)"


def report(figures: list[Figures], count: int, runs: int, pings: int, started_load: float, clipboard: str) -> int:
    print(f"\nDesktop stream: {count / 2**30:.2f} GiB of pixels per run (Raw 1920x1080 updates), median and min–max of "
          f"{runs} interleaved runs; {pings} round trips (fences) over {LATENCY_CONNECTIONS} connections; Python "
          f"{sys.version.split()[0]} clients, the source a separate Python process, all on the same {os.cpu_count()}-core "
          f"machine; the gateway's pool has clipboard {clipboard}; load average {started_load:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after ({time.strftime('%Y-%m-%d %H:%M')})")
    print(f"{'road':<11} {'client':<11} {'MB/s median (min–max)':>22} {'runs MB/s':>26} {'frame KiB':>9} "
          f"{'proxy CPU s/GB (min–max)':>24} {'client s/GB':>11} {'source s/GB':>11} {'p50 µs':>7} {'p99 µs':>7} "
          f"{'added p50/p99':>13}")
    floors = {item.client: item for item in figures if item.road.name == "direct-ws"}
    for item in figures:
        if item.error and not item.rates:
            print(f"{item.road.name:<11} {item.client:<11} not measured: {item.error}")
            continue
        runs_text = " ".join(f"{rate / 1e6:.0f}" for rate in item.rates)
        proxy = spread(item.proxy_per_gb, digits=2) if item.road.proxy_pid else "-"
        floor = floors.get(item.client)
        added = "-"
        if item.road.proxy_pid and floor and floor.rtts and item.rtts:
            added = f"{(item.rtt(0.5) - floor.rtt(0.5)) * 1e6:.0f} / {(item.rtt(0.99) - floor.rtt(0.99)) * 1e6:.0f}"
        frame = f"{item.moved / max(item.frames, 1) / 1024:.0f}"
        print(f"{item.road.name:<11} {item.client:<11} {spread(item.rates, 1e-6):>22} {runs_text:>26} {frame:>9} "
              f"{proxy:>24} {item.per_gb(item.client_cpu):>11.2f} {item.per_gb(item.source_cpu):>11.2f} "
              f"{item.rtt(0.5) * 1e6:>7.0f} {item.rtt(0.99) * 1e6:>7.0f} {added:>13}")
        if item.error:
            print(f"{'':<11} (stopped part-way: {item.error})")
    for item in figures:
        if item.error and item.diagnosis:
            print(f"\n{item.road.name} ({item.client})'s log, last lines:\n{item.diagnosis}")
    print("\nRoads and clients:")
    for item in figures:
        if item.client in ("-", figures[-1].client):
            print(f"  {item.road.name:<11} {item.road.note}")
    for client in sorted({item.client for item in figures}):
        print(f"  client {client}: {client_name(client)}")
    print(f"  round trips: {pings} per road and client over {LATENCY_CONNECTIONS} connections; a wake-up on the other "
          f"vCPU costs ~100 µs on this kind of VM, so differences below that are placement, not the proxy")
    print("  added = the road's round trip minus direct-ws's with the same client (the same framing, no proxy); "
          "'frame' is bytes per read (tcp) or per WebSocket message")
    print("  CPU per GB: user + system from /proc/PID/stat over each transfer; the client's is its own process")

    if not any(item.road.name == "gateway" for item in figures) or not any(item.road.name == "websockify" for item in figures):
        print("\ngateway and websockify are not both among --roads: no ratio")
        return 1 if any(item.error for item in figures) else 0
    status = 0
    for client in [item.client for item in figures if item.road.name == "gateway"]:
        gateway = next(item for item in figures if item.road.name == "gateway" and item.client == client)
        peer = next((item for item in figures if item.road.name == "websockify" and item.client == client), None)
        if not peer or not gateway.rates or not peer.rates or gateway.error or peer.error:
            print(f"\nNo gateway / websockify ratio with the {client} client: a road did not finish (see above).")
            status = 1
            continue
        pairs = list(zip(gateway.rates, peer.rates))
        throughput = [mine / theirs for mine, theirs in pairs]
        efficiency = [theirs / mine if mine else float("inf") for mine, theirs in zip(gateway.proxy_per_gb, peer.proxy_per_gb)]
        print(f"\ngateway / websockify with the {client} client, run by run ({len(pairs)} runs):")
        print(f"  MB/s:                 {spread(throughput, digits=2)}x; aim >= {AIM_THROUGHPUT}x: "
              f"{verdict(throughput, AIM_THROUGHPUT)}   runs: {' '.join(f'{ratio:.2f}' for ratio in throughput)}")
        print(f"  bytes per CPU-second: {spread(efficiency, digits=2)}x; aim >= {AIM_EFFICIENCY}x: "
              f"{verdict(efficiency, AIM_EFFICIENCY)}   runs: {' '.join(f'{ratio:.2f}' for ratio in efficiency)}")
        floor = floors.get(client)
        if floor and floor.rates:
            print(f"  the client's ceiling (direct-ws) is {floor.median_rate / 1e6:.0f} MB/s: the gateway reaches "
                  f"{gateway.median_rate / floor.median_rate:.0%} of it, websockify {peer.median_rate / floor.median_rate:.0%}")
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gigabytes", type=float, default=1.0, help="GiB of pixels per transfer (default 1)")
    parser.add_argument("--runs", type=int, default=5, help="transfers per road and client; the median and min–max "
                                                             "are printed (default 5)")
    parser.add_argument("--pings", type=int, default=2000, help="round trips per road (default 2000)")
    parser.add_argument("--roads", default=",".join(ROADS), help=f"any of {', '.join(ROADS)} (default all)")
    parser.add_argument("--clients", default=",".join(rfb_client.CLIENTS),
                        help="the WebSocket clients, interleaved: the `websockets` library and a minimal one of our own "
                             "(a socket and recv_into) that shows the proxies with the client hardly costing CPU "
                             "(default both)")
    parser.add_argument("--clipboard", default="off", choices=("off", "fromDesktop", "toDesktop", "both"),
                        help="the gateway's pool's clipboard policy (default off, the pools' default: the gateway "
                             "follows every message; both: it passes bytes unread)")
    parser.add_argument("--direct-frame-kib", type=int, default=1024,
                        help="frame size of direct-ws, the client's ceiling (default 1024; websockify sends 64)")
    parser.add_argument("--binary", help="server binary (default: the release build in .build-bench)")
    parser.add_argument("--debug", action="store_true", help="use the debug build in .build (slow: not the figure to quote)")
    parser.add_argument("--no-build", action="store_true", help="use .build-bench's release binary as it is")
    args = parser.parse_args()
    rfb_source.WEBSOCKET_FRAME_BYTES = args.direct_frame_kib * 1024  # before the source is forked
    clients = [name.strip() for name in args.clients.split(",") if name.strip()]
    if not clients or set(clients) - set(rfb_client.CLIENTS):
        parser.error(f"--clients: any of {', '.join(rfb_client.CLIENTS)}")
    names = [name.strip() for name in args.roads.split(",") if name.strip()]
    if unknown := set(names) - set(ROADS):
        parser.error(f"unknown roads: {', '.join(sorted(unknown))}")
    if (not 0.01 <= args.gigabytes <= 64 or not 1 <= args.runs <= 40 or not 10 <= args.pings <= 100_000
            or not 1 <= args.direct_frame_kib <= 16384):
        parser.error("--gigabytes 0.01..64, --runs 1..40, --pings 10..100000, --direct-frame-kib 1..16384")
    if "websockify" in names and not (Path(DEBIAN_PYTHON).exists() and Path(WEBSOCKIFY).exists()):
        raise SystemExit("bench: websockify is not installed (scripts/install-deps.sh test installs python3-websockify)")
    count = int(args.gigabytes * 2**30)

    workdir = make_workdir("bench-gateway-")
    rfb, ws = socket.create_server(("127.0.0.1", 0), backlog=64), socket.create_server(("127.0.0.1", 0), backlog=64)
    source = multiprocessing.get_context("fork").Process(target=rfb_source.run_source, args=(rfb, ws), daemon=True)
    source.start()
    source_port, source_ws_port = rfb.getsockname()[1], ws.getsockname()[1]
    log(f"bench: source pid {source.pid}: RFB on 127.0.0.1:{source_port}, WebSocket on 127.0.0.1:{source_ws_port}")
    roads: list[Road] = []
    stoppers = []
    failures: list[tuple[str, str, str]] = []  # road, why, its log
    load_before = os.getloadavg()[0]
    try:
        for name in names:
            road = None
            try:
                if name == "tcp":
                    roads.append(TCPRoad(source_port))
                elif name == "direct-ws":
                    roads.append(DirectWebSocketRoad(source_ws_port))
                elif name in ("websockify", "gateway"):
                    if name == "gateway":
                        binary = server_binary(args.binary, build=not (args.no_build or args.binary or args.debug),
                                               debug=args.debug)
                        road = GatewayRoad(binary, workdir, source_port, clipboard=args.clipboard)
                    else:
                        road = WebsockifyRoad(workdir, source_port)
                    stoppers.append(road.stop)
                    road.start()
                    roads.append(road)
            except (RuntimeError, SystemExit, OSError, subprocess.SubprocessError) as failure:
                diagnosis = road.diagnosis() if road is not None else ""
                failures.append((name, str(failure), diagnosis))
                log(f"bench: {name} could not be set up: {failure}")
        figures = [Figures(road, "-") for road in roads if road.name == "tcp"]
        figures += [Figures(road, client) for client in clients for road in roads if road.name != "tcp"]
        asyncio.run(measure(figures, count, args.runs, args.pings, source.pid))
        for name, reason, diagnosis in failures:
            stub = Road()
            stub.name, stub.note = name, "not set up"
            figures.append(Figures(stub, clients[0], error=reason, diagnosis=diagnosis))
        figures.sort(key=lambda item: (item.client != "-", clients.index(item.client) if item.client in clients else 0,
                                       names.index(item.road.name)))
        status = report(figures, count, args.runs, args.pings, load_before, args.clipboard)
        return 1 if failures else status
    finally:
        for stop in reversed(stoppers):
            stop()
        source.terminate()
        source.join(timeout=10)
        remove_workdir(workdir)


if __name__ == "__main__":
    sys.exit(main())
