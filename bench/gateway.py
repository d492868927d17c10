#!/usr/bin/env python3
"""Desktop gateway: a desktop-sized byte stream through our WebSocket gateway and through websockify.

One TCP source (a separate process, so it shares no GIL with the client) speaks just enough of an
RFB 3.8 server: greeting, security type None, ServerInit for a 1920x1080 32-bit desktop. After that
a tiny bench protocol: 'B' + 8-byte big-endian N -> the source sends N bytes as fast as it can (one
1920x1080x4 framebuffer, sent again and again); 'P' + 8 bytes -> the source echoes 'P' + the 8 bytes.

The same client (Python `websockets`, binary frames) reaches that source by four roads:
  * tcp        a plain socket straight to the source: the source's own ceiling, and the latency floor;
  * direct-ws  the source's own WebSocket endpoint (no proxy): the WebSocket client's own ceiling;
  * websockify Debian's websockify (`/usr/bin/python3 /usr/bin/websockify`), a dumb pipe: the client
               does the RFB handshake with the source through it;
  * gateway    `surgery serve` (release build) with a one-seat pool on the source: the gateway does the
               host handshake, the client does the browser side (security None) with the gateway, after
               a sign-in as Dan Evans and a fresh one-use ticket per connection.

Printed per road: MB/s (median of --runs runs of --gigabytes GiB), the proxy's CPU seconds per GB (from
/proc/PID/stat; websockify forks per connection, so its children are counted), the client's own CPU per
GB, round-trip p50/p99 over --pings pings and the latency the proxy adds over direct-ws. Then the ratios
gateway/websockify, beside the aims (>= 1.3x the MB/s, >= 2x the bytes per CPU-second), not asserted:
on 2 cores the client, the source and the proxy share the CPU. `--client lean` swaps `websockets` for a
minimal WebSocket client of our own that costs little CPU, to show the proxies with the client out of the way.
The source is bench/rfb_source.py, the client bench/rfb_client.py.

Usage: bench/gateway.py [--gigabytes 2] [--runs 3] [--pings 2000] [--roads tcp,direct-ws,websockify,gateway]
                        [--client websockets|lean] [--direct-frame-kib 1024] [--binary PATH | --debug] [--no-build]
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
    rates: list[float] = field(default_factory=list)  # bytes a second, one per run
    proxy_cpu: float = 0.0
    client_cpu: float = 0.0
    source_cpu: float = 0.0
    moved: int = 0
    frames: int = 0
    rtts: list[float] = field(default_factory=list)  # seconds
    error: str = ""
    diagnosis: str = ""  # the proxy's log when it failed

    @property
    def median_rate(self) -> float:
        return statistics.median(self.rates) if self.rates else 0.0

    def per_gb(self, seconds: float) -> float:
        return seconds / (self.moved / GB) if self.moved else 0.0

    def rtt(self, quantile: float) -> float:
        ordered = sorted(self.rtts)
        return ordered[min(len(ordered) - 1, int(quantile * len(ordered)))] if ordered else 0.0


async def transfer(figures: Figures, count: int, source_pid: int, timeout: float) -> None:
    """One connection, one transfer of `count` bytes: its rate and who spent which CPU on it."""
    connection = await figures.road.open()
    try:
        proxy, source, client = figures.road.proxy_cpu(), process_cpu_seconds(source_pid), time.process_time()
        started = time.perf_counter()
        frames = await asyncio.wait_for(connection.bulk(count), timeout)
        elapsed = time.perf_counter() - started
        figures.client_cpu += time.process_time() - client
        figures.source_cpu += process_cpu_seconds(source_pid) - source
        figures.proxy_cpu += figures.road.proxy_cpu() - proxy
    finally:
        await connection.close()
    figures.rates.append(count / elapsed)
    figures.moved += count
    figures.frames += frames


async def round_trips(figures: Figures, pings: int, timeout: float) -> None:
    """`pings` echoes on one new connection, after 50 to warm up, each timed from send to the whole echo."""
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


async def measure(roads: list[Road], count: int, runs: int, pings: int, source_pid: int) -> list[Figures]:
    """Runs interleaved (every road once, then again) so that a slow moment of the machine hits all of them."""
    figures = [Figures(road) for road in roads]
    timeout = 60 + 60 * count / GB
    for run in range(runs):
        for item in figures:
            if item.error:
                continue
            log(f"bench: run {run + 1}/{runs}: {count / 2**30:.2f} GiB through {item.road.name} …")
            try:
                await transfer(item, count, source_pid, timeout)
                await asyncio.sleep(0.3)  # let a forked websockify child finish and be reaped
            except Exception as failure:  # one road failing must not hide the others' figures
                item.error, item.diagnosis = f"{type(failure).__name__}: {failure}", item.road.diagnosis()
                log(f"bench: {item.road.name} failed: {item.error}")
    # Round trips on LATENCY_CONNECTIONS connections per road, interleaved: where the scheduler puts each process
    # (same vCPU or not) moves a round trip by ~100 µs here, and it changes from one connection to the next.
    share = max(1, pings // LATENCY_CONNECTIONS)
    for batch in range(LATENCY_CONNECTIONS):
        for item in figures:
            if item.error:
                continue
            log(f"bench: round trips {batch + 1}/{LATENCY_CONNECTIONS}: {share} through {item.road.name} …")
            try:
                await round_trips(item, share, 60 + share / 100)
                await asyncio.sleep(0.1)
            except Exception as failure:
                item.error, item.diagnosis = f"{type(failure).__name__}: {failure}", item.road.diagnosis()
                log(f"bench: {item.road.name} failed: {item.error}")
    return figures


def report(figures: list[Figures], count: int, runs: int, pings: int, started_load: float) -> int:
    client = (f"websockets {websockets.__version__} (asyncio)" if rfb_client.CLIENT == "websockets"
              else "lean WebSocket client (our own: a socket and recv_into)")
    print(f"\nDesktop stream: {count / 2**30:.2f} GiB per run, median of {runs} runs; {pings} round trips of 9 bytes "
          f"over {LATENCY_CONNECTIONS} connections; client = Python {sys.version.split()[0]} {client}, the source a separate "
          f"Python process, all on the same {os.cpu_count()}-core machine; load average {started_load:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after ({time.strftime('%Y-%m-%d %H:%M')})")
    print(f"{'road':<11} {'MB/s':>7} {'runs MB/s':>20} {'mean frame KiB':>14} {'proxy CPU s/GB':>14} "
          f"{'client CPU s/GB':>15} {'source CPU s/GB':>15} {'p50 µs':>8} {'p99 µs':>8} {'added p50/p99 µs':>17}")
    by_name = {item.road.name: item for item in figures}
    floor = by_name.get("direct-ws")
    for item in figures:
        if item.error and not item.rates:
            print(f"{item.road.name:<11} not measured: {item.error}")
            continue
        runs_text = " ".join(f"{rate / 1e6:.0f}" for rate in item.rates)
        proxy = f"{item.per_gb(item.proxy_cpu):.2f}" if item.road.proxy_pid else "-"
        added = "-"
        if item.road.proxy_pid and floor and floor.rtts and item.rtts:
            added = f"{(item.rtt(0.5) - floor.rtt(0.5)) * 1e6:.0f} / {(item.rtt(0.99) - floor.rtt(0.99)) * 1e6:.0f}"
        frame = f"{item.moved / max(item.frames, 1) / 1024:.0f}"
        print(f"{item.road.name:<11} {item.median_rate / 1e6:>7.0f} {runs_text:>20} {frame:>14} {proxy:>14} "
              f"{item.per_gb(item.client_cpu):>15.2f} {item.per_gb(item.source_cpu):>15.2f} "
              f"{item.rtt(0.5) * 1e6:>8.0f} {item.rtt(0.99) * 1e6:>8.0f} {added:>17}")
        if item.error:
            print(f"{'':<11} (stopped part-way: {item.error})")
    for item in figures:
        if item.error and item.diagnosis:
            print(f"\n{item.road.name}'s log, last lines:\n{item.diagnosis}")
    print("\nRoads:")
    for item in figures:
        print(f"  {item.road.name:<11} {item.road.note}")
    print(f"  round trips: {pings} per road over {LATENCY_CONNECTIONS} connections; a wake-up on the other vCPU costs "
          f"~100 µs on this kind of VM, so differences below that are placement, not the proxy")
    print("  added = the road's round trip minus direct-ws's (the same client and framing, no proxy); "
          "'mean frame' is bytes per read (tcp) or per WebSocket message")
    print("  CPU per GB: user + system from /proc/PID/stat over the transfers only; the client's is its own process")

    gateway, peer = by_name.get("gateway"), by_name.get("websockify")
    if gateway and peer and gateway.rates and peer.rates and not gateway.error and not peer.error:
        ratio = gateway.median_rate / peer.median_rate
        efficiency = (peer.per_gb(peer.proxy_cpu) / gateway.per_gb(gateway.proxy_cpu)
                      if gateway.proxy_cpu else float("inf"))
        print(f"\ngateway / websockify: {ratio:.2f}x the MB/s (aim >= {AIM_THROUGHPUT}x: "
              f"{'met' if ratio >= AIM_THROUGHPUT else 'not met'}); {efficiency:.2f}x the bytes per CPU-second "
              f"(aim >= {AIM_EFFICIENCY}x: {'met' if efficiency >= AIM_EFFICIENCY else 'not met'})")
        if floor and floor.rates:
            print(f"the client's ceiling (direct-ws) is {floor.median_rate / 1e6:.0f} MB/s: the gateway reaches "
                  f"{gateway.median_rate / floor.median_rate:.0%} of it, websockify {peer.median_rate / floor.median_rate:.0%}")
        return 0
    missing = [item.road.name for item in figures if item.error]
    if gateway is None or peer is None:
        print("\ngateway and websockify are not both among --roads: no ratio")
        return 1 if missing else 0
    print(f"\nNo gateway / websockify ratio: {', '.join(missing) or 'a road'} did not finish (see above).")
    return 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gigabytes", type=float, default=2.0, help="GiB per transfer (default 2)")
    parser.add_argument("--runs", type=int, default=3, help="transfers per road; the median is printed (default 3)")
    parser.add_argument("--pings", type=int, default=2000, help="round trips per road (default 2000)")
    parser.add_argument("--roads", default=",".join(ROADS), help=f"any of {', '.join(ROADS)} (default all)")
    parser.add_argument("--client", choices=rfb_client.CLIENTS, default="websockets",
                        help="the WebSocket client: the `websockets` library (default) or a minimal one of our own "
                             "(a socket and recv_into) that shows the proxies with the client hardly costing CPU")
    parser.add_argument("--direct-frame-kib", type=int, default=1024,
                        help="frame size of direct-ws, the client's ceiling (default 1024; websockify sends 64)")
    parser.add_argument("--binary", help="server binary (default: the release build in .build-bench)")
    parser.add_argument("--debug", action="store_true", help="use the debug build in .build (slow: not the figure to quote)")
    parser.add_argument("--no-build", action="store_true", help="use .build-bench's release binary as it is")
    args = parser.parse_args()
    rfb_source.WEBSOCKET_FRAME_BYTES = args.direct_frame_kib * 1024  # before the source is forked
    rfb_client.CLIENT = args.client
    names = [name.strip() for name in args.roads.split(",") if name.strip()]
    if unknown := set(names) - set(ROADS):
        parser.error(f"unknown roads: {', '.join(sorted(unknown))}")
    if (not 0.01 <= args.gigabytes <= 64 or not 1 <= args.runs <= 20 or not 10 <= args.pings <= 100_000
            or not 1 <= args.direct_frame_kib <= 16384):
        parser.error("--gigabytes 0.01..64, --runs 1..20, --pings 10..100000, --direct-frame-kib 1..16384")
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
                        road = GatewayRoad(binary, workdir, source_port)
                    else:
                        road = WebsockifyRoad(workdir, source_port)
                    stoppers.append(road.stop)
                    road.start()
                    roads.append(road)
            except (RuntimeError, SystemExit, OSError, subprocess.SubprocessError) as failure:
                diagnosis = road.diagnosis() if road is not None else ""
                failures.append((name, str(failure), diagnosis))
                log(f"bench: {name} could not be set up: {failure}")
        figures = asyncio.run(measure(roads, count, args.runs, args.pings, source.pid))
        for name, reason, diagnosis in failures:
            stub = Road()
            stub.name, stub.note = name, "not set up"
            figures.append(Figures(stub, error=reason, diagnosis=diagnosis))
        figures.sort(key=lambda item: names.index(item.road.name))
        status = report(figures, count, args.runs, args.pings, load_before)
        return 1 if failures else status
    finally:
        for stop in reversed(stoppers):
            stop()
        source.terminate()
        source.join(timeout=10)
        remove_workdir(workdir)


if __name__ == "__main__":
    sys.exit(main())
