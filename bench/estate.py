#!/usr/bin/env python3
"""Digital estate at England's scale: the filtered asset list and the readiness pages over 1,000,000 assets.

For each database (SQLite, then a throwaway PostgreSQL 15), each fresh: `surgery migrate`; two people made with
`surgery create-admin` who enrol their authenticator app through the real sign-in pages; then the estate written
straight into the database (bench/estate_data.py: 42 ICBs, ~106 sub-ICBs, 6,500 practices, ~134,000 staff,
1,000,000 assets; Python's sqlite3 in one transaction, or one psql session of COPYs in one transaction), and the
two people's engagements set: one is the commissioner IT lead of one ICB (~155 practices), the other a national
admin. `surgery serve` starts on a fresh process, both sign in over HTTP (/login, /login/second-factor), and each
page is fetched once cold (its first request on this server) and 5 times warm:

  * the asset list filtered to laptops in use, as the ICB lead and as national, and its next page (the "Next 50
    assets" link's `after=`); the list of one practice (`?org=CODE`); a filter that matches nothing (lost tablets),
    the keyset list's worst case, as both;
  * the ICB's readiness roll-up as its lead, one practice's readiness, and national's roll-up of every practice
    (read from the server's background count of national readiness, which it starts at start-up: its cold figure
    includes waiting for that first count if it is still running; the page must say when the figures were counted).

Every answer must be 200 and hold what it should: the list's tags must be the ones the same query gives straight
from the database, the readiness sentences the counts the generator expects (it knows each person's kit). Beside
each page, its peer: the bare SQL at its core (the same filtered, scoped, ordered LIMIT 51 query; for readiness the
aggregate of staff, enrolment and kit in use over the same practices), timed the same way through Python's sqlite3
or one psql session, and the ratio page / SQL. Snipe-IT's users' reports (over 20 s for a list at 1.39 million
assets) are printed beside ours as context, not measured here. Exit 1 if any page failed.

Usage: bench/estate.py [--assets 1000000] [--practices 6500] [--databases sqlite,postgres] [--repeats 5]
                       [--seed 2026] [--binary PATH] [--no-build] [--keep]
Only loopback traffic; every wait has a deadline; every server and cluster started here is stopped here.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import date, datetime, timezone
from itertools import chain
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import (  # noqa: E402
    Database, Server, StaffBrowser, log, make_workdir, remove_workdir, server_binary, totp_code,
)
from estate_data import COLUMNS, Estate  # noqa: E402

LEAD = ("Bench ICB Lead", "icb.lead@bench.nhs.uk")
NATIONAL = ("Bench National Admin", "national.admin@bench.nhs.uk")
PAGE_SIZE = 50
SLOW_SECONDS = 2.0
REPEAT_BUDGET = 60.0  # seconds of warm repeats per page at most; fewer repeats are printed as such
SNIPE_IT = "Snipe-IT, as its users report it (not measured here): over 20 s to list assets at 1.39 million assets"
TAG_LINK = re.compile(r'<a href="/estate/assets/[0-9A-Fa-f-]{36}">([^<]+)</a>')
NEXT_LINK = re.compile(r'<a href="(/estate/assets\?[^"]*after=[^"]*)">Next 50 assets</a>')
ROLLUP = re.compile(r"(\d+) of (\d+) staff \((\d+)%\) across (\d+) organisations are ready; (\d+) of (\d+) meet their target")
ONE_PRACTICE = re.compile(r"(\d+) of (\d+) staff \((\d+)%\) are ready to work remotely; the target is (\d+)%")


# ---------------------------------------------------------------------------------------------------------------
# The two signed-in people.


def create_admin(database: Database, binary: Path, name: str, email: str) -> str:
    """`surgery create-admin`; its one-time password."""
    output = database.command(binary, ["create-admin", "--email", email, "--name", name])
    found = re.search(r"^Password: (\S+)$", output, re.M)
    if not found:
        raise SystemExit(f"bench: create-admin printed no password:\n{output}")
    return found.group(1)


def enrol(port: int, email: str, password: str) -> tuple[str, int]:
    """First sign-in: the password, then the enrolment page's key confirmed with a code. The key and its time step."""
    browser = StaffBrowser(port)
    browser.request("GET", "/login")
    status, headers, body = browser.request("POST", "/login", {"email": email, "password": password})
    if status != 303 or not headers.get("location", "").startswith("/login/enrol"):
        raise SystemExit(f"bench: first sign-in of {email} gave {status} {headers.get('location')}: {body[:300]!r}")
    status, _, body = browser.request("GET", "/login/enrol")
    found = re.search(rb'data-testid="totp-secret">([A-Z2-7 ]+)<', body)
    if status != 200 or not found:
        raise SystemExit(f"bench: the enrolment page for {email} gave {status} without a key: {body[:300]!r}")
    secret = found.group(1).decode().replace(" ", "")
    step = int(time.time() // 30)
    status, _, body = browser.request("POST", "/login/enrol", {"code": totp_code(secret)})
    if status != 200 or b"recovery" not in body.lower():
        raise SystemExit(f"bench: confirming {email}'s authenticator gave {status}: {body[:300]!r}")
    return secret, step


def wait_for_next_code(after_step: int) -> None:
    """A code is never accepted twice: wait (at most one 30 s step) until a new one is current."""
    deadline = time.monotonic() + 35
    while int(time.time() // 30) <= after_step:
        if time.monotonic() > deadline:
            raise SystemExit("bench: the TOTP time step did not move on within 35 s")
        time.sleep(0.2)


# ---------------------------------------------------------------------------------------------------------------
# Writing the estate.


def sqlite_fluent_check(path: Path) -> None:
    """Our rows must be stored as Fluent stores them: read back a row `surgery create-admin` wrote."""
    with sqlite3.connect(path) as db:
        kind, value, stamp = db.execute("SELECT typeof(id), id, typeof(created_at) FROM people LIMIT 1").fetchone()
        day = db.execute("SELECT starts_on FROM engagements LIMIT 1").fetchone()[0]
    if kind != "text" or value != value.upper() or len(value) != 36 or stamp != "real" or not re.fullmatch(r"\d{4}-\d\d-\d\d", day):
        raise SystemExit(f"bench: Fluent now stores people as ({kind} {value!r}, {stamp}, {day!r}); update bench/estate_data.py")


def write_sqlite(path: Path, estate: Estate, lead_icb: str) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA synchronous = OFF")  # a bench load: the file is thrown away if this fails
        db.execute("PRAGMA cache_size = -400000")
        db.execute("BEGIN")
        for table, rows in tables(estate):
            columns = COLUMNS[table]
            db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows)
        set_engagements(db.execute, lead_icb, "?")
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def set_engagements(execute, lead_icb: str, mark: str) -> None:
    """create-admin made both system admins at national: one becomes the ICB's IT lead, the other a national admin."""
    execute(f"UPDATE engagements SET role = 'commissioner_it_lead', organisation_id = {mark} "
            f"WHERE person_id = (SELECT id FROM people WHERE email = {mark})", (lead_icb, LEAD[1]))
    execute(f"UPDATE engagements SET role = 'national_admin' WHERE person_id = (SELECT id FROM people WHERE email = {mark})",
            (NATIONAL[1],))


def tables(estate: Estate):
    """(table, rows) in the order their references need; the assets as a stream."""
    return [
        ("organisations", estate.organisations), ("people", estate.people), ("engagements", estate.engagements),
        ("desktop_pools", estate.pools), ("desktop_pool_organisations", estate.grants),
        ("estate_settings", estate.settings), ("estate_assets", chain.from_iterable(estate.assets())),
    ]


def write_postgres(database: Database, estate: Estate, lead_icb: str) -> None:
    """One psql session: BEGIN, a COPY per table, the two engagements, COMMIT; then ANALYZE."""
    types = {(t, c): kind for t, c, kind in database.query(
        "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'")}
    with tempfile.TemporaryFile() as errors:
        psql = subprocess.Popen(["psql", database.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"],
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors)
        assert psql.stdin
        try:
            psql.stdin.write(b"BEGIN;\n")
            for table, rows in tables(estate):
                columns = COLUMNS[table]
                encoders = [pg_encoder(types.get((table, column)), table, column) for column in columns]
                psql.stdin.write(f"COPY {table} ({', '.join(columns)}) FROM STDIN;\n".encode())
                batch: list[str] = []
                for row in rows:
                    batch.append("\t".join(encode(value) for encode, value in zip(encoders, row)))
                    if len(batch) >= 10_000:
                        psql.stdin.write(("\n".join(batch) + "\n").encode())
                        batch.clear()
                if batch:
                    psql.stdin.write(("\n".join(batch) + "\n").encode())
                psql.stdin.write(b"\\.\n")
            statements: list[str] = []
            set_engagements(lambda sql, params: statements.append(sql.replace("%s", "{}").format(*(pg_text(p) for p in params))),
                            lead_icb, "%s")
            psql.stdin.write(("\n".join(s + ";" for s in statements) + "\nCOMMIT;\nANALYZE;\n").encode())
            psql.stdin.close()
            psql.wait(timeout=900)
        except BrokenPipeError:
            psql.wait(timeout=60)
        finally:
            if psql.poll() is None:
                psql.kill()
                psql.wait(timeout=30)
        if psql.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"bench: writing the estate into PostgreSQL failed:\n{errors.read().decode()[-2000:]}")


def pg_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def pg_encoder(data_type: str | None, table: str, column: str):
    """How one column's Python value is written in COPY's text format, by the column's type in the catalogue."""
    if data_type is None:
        raise SystemExit(f"bench: PostgreSQL has no column {table}.{column}; update bench/estate_data.py")

    def text(value) -> str:
        if value is None:
            return r"\N"
        if isinstance(value, bool):
            return "t" if value else "f"
        if isinstance(value, float) and data_type.startswith("timestamp"):
            return datetime.fromtimestamp(value, timezone.utc).isoformat(sep=" ")
        return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

    return text


def row_counts(database: Database) -> dict[str, int]:
    names = ["organisations", "people", "engagements", "desktop_pools", "desktop_pool_organisations", "estate_settings",
             "estate_assets"]
    sql = " UNION ALL ".join(f"SELECT '{name}', count(*) FROM {name}" for name in names)
    found = {name: int(count) for name, count in database.query(sql)}
    return {name: found[name] for name in names}


# ---------------------------------------------------------------------------------------------------------------
# The pages and their peers.


class Peer:
    """The bare SQL at a page's core, on the same database: rows, and times of a cold and warm runs."""

    def __init__(self, database: Database):
        self.database = database

    def run(self, sql: str, params: list, repeats: int) -> tuple[list[tuple], float, list[float], str]:
        if self.database.kind == "sqlite":
            return self._sqlite(sql, params, repeats)
        return self._postgres(sql, params, repeats)

    def _sqlite(self, sql, params, repeats):
        db = sqlite3.connect(f"file:{self.database.path}?mode=ro", uri=True, timeout=30)
        try:
            plan = " / ".join(row[-1] for row in db.execute("EXPLAIN QUERY PLAN " + sql, params))
            times = []
            rows: list[tuple] = []
            for _ in range(repeats + 1):
                started = time.perf_counter()
                rows = db.execute(sql, params).fetchall()
                times.append(time.perf_counter() - started)
            return rows, times[0], times[1:], plan
        finally:
            db.close()

    def _postgres(self, sql, params, repeats):
        inline = sql
        for value in params:
            inline = inline.replace("?", pg_text(value) if isinstance(value, str) else str(value), 1)
        # one session, the query read from stdin (6,500 ids do not fit on a command line), timed by psql itself
        output = self._psql("\\timing on\n" + (inline + ";\n") * (repeats + 1))
        times = [float(m) / 1000 for m in re.findall(r"^Time: ([\d.]+) ms", output, re.M)]
        rows = [tuple(line.split("\t")) for line in self._psql(inline + ";\n").splitlines() if line]
        plan = " / ".join(re.sub(r"\s+\(cost=[^)]*\)", "", line).strip().removeprefix("->  ")
                          for line in self._psql("EXPLAIN " + inline + ";\n").splitlines()
                          if line.strip() and not line.strip().startswith(("Filter", "Index Cond", "Sort Key", "Recheck", "Hash Cond")))
        return rows, times[0], times[1:repeats + 1], plan

    def _psql(self, script: str) -> str:
        done = subprocess.run(["psql", self.database.url, "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-f", "-"],
                              input=script, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise SystemExit(f"bench: a peer query failed on PostgreSQL:\n{done.stderr[-2000:]}\n{script[:500]}")
        return done.stdout


def in_list(values: list[str]) -> str:
    return "(" + ", ".join("?" * len(values)) + ")"


def list_sql(database: Database, owners: list[str] | None, kind: str | None, state: str | None,
             after: str | None) -> tuple[str, list]:
    """The asset list's query as Fluent builds it (EstateAssetQuery.build): scope, filters, keyset, tag order, 51."""
    where, params = [], []
    if owners is not None:
        where.append(f"owner_id IN {in_list(owners)}")
        params += owners
    if kind:
        where.append("kind = ?")
        params.append(kind)
    if state:
        where.append("state = ?")
        params.append(state)
    if after:
        where.append("tag > ?")
        params.append(after)
    sql = f"SELECT tag, * FROM estate_assets {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY tag LIMIT {PAGE_SIZE + 1}"
    return sql, params


def readiness_sql(database: Database, organisations: list[str]) -> tuple[str, list]:
    """Per practice: staff engaged today, how many have a second factor, and their kit in use (not their own)."""
    today = date.today().isoformat()
    false = "0" if database.kind == "sqlite" else "false"
    sql = (
        "SELECT e.organisation_id, count(DISTINCT e.person_id) AS staff, "
        "count(DISTINCT CASE WHEN p.totp_secret IS NOT NULL THEN p.id END) AS enrolled, count(a.id) AS kit "
        "FROM engagements e JOIN people p ON p.id = e.person_id "
        f"LEFT JOIN estate_assets a ON a.person_id = e.person_id AND a.state = 'in_use' AND a.personal = {false} "
        f"WHERE e.organisation_id IN {in_list(organisations)} AND e.starts_on <= ? AND (e.ends_on IS NULL OR e.ends_on >= ?) "
        "GROUP BY e.organisation_id"
    )
    return sql, [*organisations, today, today]


def fetch(browser: StaffBrowser, path: str, repeats: int, server: Server) -> dict:
    """The page once cold and `repeats` times warm (fewer if they pass REPEAT_BUDGET); the last answer kept."""
    started = time.perf_counter()
    status, _, body = browser.request("GET", path, timeout=300)
    cold = time.perf_counter() - started
    warm: list[float] = []
    cpu_before = server.cpu_seconds()
    db_cpu_before = server.database.cpu_seconds()
    budget_end = time.monotonic() + REPEAT_BUDGET
    first_status, first_body = status, body
    for _ in range(repeats):
        if time.monotonic() > budget_end or status != 200:
            break
        started = time.perf_counter()
        status, _, body = browser.request("GET", path, timeout=300)
        warm.append(time.perf_counter() - started)
    count = max(len(warm), 1)
    return dict(path=path, status=status if warm else first_status, first_status=first_status, body=first_body,
                cold=cold, warm=warm, size=len(first_body),
                server_cpu=(server.cpu_seconds() - cpu_before) / count,
                db_cpu=(server.database.cpu_seconds() - db_cpu_before) / count)


def check_list(result: dict, marker: str, expected: list[tuple], tag_column: int) -> list[str]:
    """The page's tags against the query's rows; its "Next 50 assets" link against the 51st row."""
    problems = []
    text = result["body"].decode("utf-8", "replace")
    marker = marker if expected else "No assets match."
    if marker not in text:
        problems.append(f"no {marker!r} on the page")
    tags = [html.unescape(tag) for tag in TAG_LINK.findall(text)]
    want = [str(row[tag_column]) for row in expected[:PAGE_SIZE]]
    if tags != want:
        problems.append(f"tags {tags[:2]}…{tags[-1:]} ({len(tags)}) differ from the query's {want[:2]}…{want[-1:]} ({len(want)})")
    link = NEXT_LINK.search(text)
    if (link is not None) != (len(expected) > PAGE_SIZE):
        problems.append("a Next link without a 51st row" if link else "no Next link though there is a 51st row")
    result["next"] = html.unescape(link.group(1)) if link else None
    if result["next"] and want and f"after={want[-1]}" not in result["next"]:
        problems.append(f"the Next link {result['next']} does not start after {want[-1]}")
    return problems


def check_text(result: dict, pattern: re.Pattern, expected: tuple, marker: str, peer_rows: list[tuple]) -> list[str]:
    """The readiness sentence against the generator's counts; the peer's staff count against them too."""
    text = html.unescape(result["body"].decode("utf-8", "replace"))
    problems = [] if marker in text else [f"no {marker!r} on the page"]
    staff = sum(int(row[1]) for row in peer_rows)
    if staff != expected[1]:
        problems.append(f"the database holds {staff} staff engaged today, the generator {expected[1]}")
    found = pattern.search(text)
    if not found:
        problems.append(f"no readiness sentence matching {pattern.pattern!r}")
    elif tuple(int(g) for g in found.groups()) != expected:
        problems.append(f"the page says {found.group(0)!r}; the estate holds {expected}")
    return problems


# ---------------------------------------------------------------------------------------------------------------
# One database.


def measure(kind: str, binary: Path, args) -> tuple[list[dict], dict]:
    workdir = make_workdir(f"bench-estate-{kind}-")
    database = server = None
    rows: list[dict] = []
    try:
        database = Database(kind, workdir)
        log(f"bench: {database.label}: migrate, two people from create-admin")
        database.command(binary, ["migrate", "--yes"])
        passwords = {email: create_admin(database, binary, name, email) for name, email in (LEAD, NATIONAL)}
        if kind == "sqlite":
            sqlite_fluent_check(database.path)
        server = Server(binary, database)
        server.start()
        secrets_and_steps = {email: enrol(server.port, email, passwords[email]) for email in passwords}
        server.stop()
        credentials = workdir / "credentials.json"
        credentials.write_text(json.dumps({"people": [
            {"name": name, "email": email, "password": passwords[email], "totpSecret": secrets_and_steps[email][0]}
            for name, email in (LEAD, NATIONAL)]}))

        national_id = database.query("SELECT id FROM organisations WHERE ods_code = 'X24'")[0][0].upper()
        log(f"bench: {database.label}: planning {args.practices} practices and {args.assets} assets (seed {args.seed})")
        started = time.monotonic()
        estate = Estate(national_id, args.practices, args.assets, args.seed)
        icb = len(estate.icb_ids) // 2 if args.icb is None else args.icb  # the middle: its tags are mid-way in tag order
        if not 0 <= icb < len(estate.icb_ids):
            raise SystemExit(f"bench: --icb must be 0..{len(estate.icb_ids) - 1}")
        practice = estate.icb_practices[icb][len(estate.icb_practices[icb]) // 2]
        log(f"bench: {database.label}: writing the estate into the database …")
        if kind == "sqlite":
            write_sqlite(database.path, estate, estate.icb_ids[icb])
        else:
            write_postgres(database, estate, estate.icb_ids[icb])
        generated = time.monotonic() - started
        counts = row_counts(database)
        size = (database.path.stat().st_size if kind == "sqlite"
                else int(database.query("SELECT pg_database_size(current_database())")[0][0]))
        log(f"bench: {database.label}: generated in {generated:.0f}s: " + ", ".join(f"{n} {t}" for t, n in counts.items()))
        if counts["estate_assets"] != args.assets:
            raise SystemExit(f"bench: {counts['estate_assets']} assets stored, {args.assets} asked for")

        server = Server(binary, database)
        server.start()
        log(f"bench: {database.label}: server pid {server.pid} on 127.0.0.1:{server.port}")
        wait_for_next_code(max(step for _, step in secrets_and_steps.values()))
        lead, national = StaffBrowser(server.port), StaffBrowser(server.port)
        lead.sign_in(credentials, LEAD[0])
        national.sign_in(credentials, NATIONAL[0])

        peer = Peer(database)
        scope = estate.scope_ids(icb)
        code = estate.practice_codes[practice]
        practice_id = estate.practice_ids[practice]
        icb_practice_ids = [estate.practice_ids[p] for p in estate.icb_practices[icb]]
        filtered = "/estate/assets?kind=laptop&state=in_use"
        context = dict(icb=f"{estate.icb_codes[icb]} ({len(estate.icb_practices[icb])} practices)", practice=code)

        def page(label, who, browser, path, peer_sql, check):
            log(f"bench: {database.label}: {label}: GET {path} …")
            result = fetch(browser, path, args.repeats, server)
            sql, params = peer_sql
            peer_rows, peer_cold, peer_warm, plan = peer.run(sql, params, args.repeats)
            problems = []
            if result["first_status"] != 200 or result["status"] != 200:
                problems.append(f"status {result['first_status']}/{result['status']}: "
                                f"{result['body'][:300].decode('utf-8', 'replace')!r}")
            else:
                problems += check(result, peer_rows)
            row = dict(database=database.label, label=label, who=who, peer_cold=peer_cold,
                       peer_warm=peer_warm, plan=plan, problems=problems, **result)
            rows.append(row)
            verdict = "ok" if not problems else "FAILED: " + "; ".join(problems)
            log(f"bench: {database.label}: {label}: cold {result['cold'] * 1000:.0f} ms, warm median "
                f"{statistics.median(result['warm'] or [result['cold']]) * 1000:.0f} ms; SQL {statistics.median(peer_warm) * 1000:.1f} ms; {verdict}")
            return row

        def list_check(result, peer_rows):
            return check_list(result, "Assets, by tag", peer_rows, 0)

        for who, browser, owners in (("ICB lead", lead, scope), ("national", national, None)):
            first = page(f"laptops in use, {'ICB' if owners else 'national'}", who, browser, filtered,
                         list_sql(database, owners, "laptop", "in_use", None), list_check)
            if first.get("next"):  # the "Next 50 assets" link, followed as a browser would
                after = urllib.parse.parse_qs(urllib.parse.urlsplit(first["next"]).query)["after"][0]
                page("the same, next page", who, browser, first["next"],
                     list_sql(database, owners, "laptop", "in_use", after), list_check)
        page(f"one practice ({code})", "ICB lead", lead, f"/estate/assets?org={code}",
             list_sql(database, [practice_id], None, None, None), list_check)
        # the worst case of a keyset list: a filter that matches little or nothing reads the whole scope in tag order
        rare = f"tablets lost ({estate.asset_counts.get(('tablet', 'lost'), 0)} in all)"
        page(rare + ", ICB", "ICB lead", lead, "/estate/assets?kind=tablet&state=lost",
             list_sql(database, scope, "tablet", "lost", None), list_check)
        page(rare + ", national", "national", national, "/estate/assets?kind=tablet&state=lost",
             list_sql(database, None, "tablet", "lost", None), list_check)
        expected = estate.icb_readiness(icb)
        page("readiness, ICB roll-up", "ICB lead", lead, "/estate/readiness", readiness_sql(database, icb_practice_ids),
             lambda result, peer_rows: check_text(result, ROLLUP, (expected["ready"], expected["staff"], expected["percent"],
                                                           expected["organisations"], expected["meeting"],
                                                           expected["organisations"]), "Readiness across", peer_rows))
        staff, ready, target = estate.readiness(practice)
        page(f"readiness, one practice ({code})", "ICB lead", lead, f"/estate/readiness?org={code}",
             readiness_sql(database, [practice_id]),
             lambda result, peer_rows: check_text(result, ONE_PRACTICE, (ready, staff, ready * 100 // staff if staff else 0, target),
                                                  "Readiness to work remotely", peer_rows))
        if not args.skip_national_readiness:
            everyone = {"staff": 0, "ready": 0, "meeting": 0}
            for p in range(len(estate.practice_ids)):
                s, r, t = estate.readiness(p)
                everyone["staff"] += s
                everyone["ready"] += r
                everyone["meeting"] += 1 if s > 0 and r * 100 >= t * s else 0
            count = len(estate.practice_ids)
            page("readiness, national roll-up", "national", national, "/estate/readiness",
                 readiness_sql(database, estate.practice_ids),
                 lambda result, peer_rows: check_text(result, ROLLUP, (everyone["ready"], everyone["staff"],
                                                               everyone["ready"] * 100 // max(everyone["staff"], 1),
                                                               count, everyone["meeting"], count),
                                                      "These figures were counted at", peer_rows))
        server.stop()
        summary = dict(database=database.label, generated=generated, counts=counts, size=size, **context,
                       asset_mix=estate.asset_counts, personal=estate.personal_count,
                       icb_readiness=expected, sqlite_version=sqlite3.sqlite_version)
        return rows, summary
    finally:
        if server:
            server.stop()
        if database:
            database.close()
        if args.keep and kind == "sqlite":
            key = workdir / "data.key"  # `serve` reads it beside the database when DATA_KEY is not set
            key.write_text(database.data_key if database else "")
            key.chmod(0o600)
            log(f"bench: kept {workdir}: DATABASE_PATH={workdir / 'surgery.sqlite'} {binary} serve; "
                f"people in credentials.json")
        else:
            remove_workdir(workdir)


# ---------------------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--assets", type=int, default=1_000_000, help="assets in all (default 1,000,000)")
    parser.add_argument("--practices", type=int, default=6500, help="practices (default 6,500)")
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite, postgres or both (default)")
    parser.add_argument("--repeats", type=int, default=5, help="warm requests per page after the cold one (default 5)")
    parser.add_argument("--seed", type=int, default=2026, help="the estate's random seed (default 2026)")
    parser.add_argument("--icb", type=int, help="which ICB (0-41, in ODS code order) the lead leads (default 21, mid-way)")
    parser.add_argument("--skip-national-readiness", action="store_true", help="leave out national's roll-up of every practice")
    parser.add_argument("--binary", help="server binary (default: the release build in .build-bench)")
    parser.add_argument("--no-build", action="store_true", help="use .build-bench's release binary as it is")
    parser.add_argument("--keep", action="store_true",
                        help="keep SQLite's work folder (database, its data key, server.log); PostgreSQL's is always removed")
    args = parser.parse_args()
    kinds = [kind.strip() for kind in args.databases.split(",") if kind.strip()]
    if not 84 <= args.practices <= 99_999 or args.assets < args.practices or not 1 <= args.repeats <= 50:
        parser.error("--practices must be 84..99,999, --assets at least --practices, --repeats 1..50")
    if set(kinds) - {"sqlite", "postgres"}:
        parser.error("--databases takes sqlite and/or postgres")
    binary = server_binary(args.binary, build=not args.no_build and not args.binary)

    rows: list[dict] = []
    summaries: list[dict] = []
    load_before = os.getloadavg()[0]
    for kind in kinds:
        measured, summary = measure(kind, binary, args)
        rows += measured
        summaries.append(summary)

    print(f"\nDigital estate: {binary} ({time.strftime('%Y-%m-%d %H:%M')}), {args.assets:,} assets over "
          f"{args.practices:,} practices (seed {args.seed}), {os.cpu_count()} cores; load average {load_before:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after")
    for summary in summaries:
        counts = summary["counts"]
        print(f"  {summary['database']}: generated in {summary['generated']:.0f} s, database {summary['size'] / 2**20:,.0f} MiB; "
              + ", ".join(f"{n:,} {t}" for t, n in counts.items()))
    if summaries:
        mix = summaries[0]["asset_mix"]
        states: dict[str, int] = {}
        for (_, state), n in mix.items():
            states[state] = states.get(state, 0) + n
        print("  assets by state: " + ", ".join(f"{s} {n:,}" for s, n in sorted(states.items(), key=lambda x: -x[1]))
              + f"; {summaries[0]['personal']:,} personal; laptops in use {mix.get(('laptop', 'in_use'), 0):,}")
        r = summaries[0]["icb_readiness"]
        print(f"  ICB lead's scope: {summaries[0]['icb']}, {r['staff']:,} staff of whom {r['ready']:,} ready; "
              f"one practice: {summaries[0]['practice']}")
    print(f"\n{'database':<11} {'page':<36} {'as':<9} {'cold ms':>8} {'warm p50':>9} {'warm max':>9} {'n':>2} {'KiB':>6} "
          f"{'server CPU ms':>13} {'PG CPU ms':>9} {'SQL p50 ms':>10} {'page/SQL':>8}  check")
    failed = False
    for row in rows:
        warm = row["warm"] or [row["cold"]]
        median = statistics.median(warm)
        sql = statistics.median(row["peer_warm"])
        failed |= bool(row["problems"])
        print(f"{row['database']:<11} {row['label']:<36} {row['who']:<9} {row['cold'] * 1000:>8.0f} {median * 1000:>9.0f} "
              f"{max(warm) * 1000:>9.0f} {len(row['warm']):>2} {row['size'] / 1024:>6.0f} {row['server_cpu'] * 1000:>13.0f} "
              f"{format(row['db_cpu'] * 1000, '.0f') if row['database'] == 'PostgreSQL' else '-':>9} "
              f"{sql * 1000:>10.1f} {median / sql if sql > 0 else 0:>8.0f}  {'ok' if not row['problems'] else 'FAILED'}")
    print(f"\n{SNIPE_IT}. Ours: the filtered list at {args.assets:,} assets, medians above.")
    slow = [row for row in rows if statistics.median(row["warm"] or [row["cold"]]) > SLOW_SECONDS]
    for row in slow:
        print(f"  SLOW (over {SLOW_SECONDS:.0f} s warm): {row['database']} {row['label']} {row['path']}")
    print("\nPeers (the bare SQL at each page's core) and their plans:")
    for row in rows:
        print(f"  {row['database']} {row['label']}: cold {row['peer_cold'] * 1000:.1f} ms, warm "
              f"{', '.join(f'{t * 1000:.1f}' for t in row['peer_warm'])} ms; plan: {row['plan'][:300]}")
    problems = [row for row in rows if row["problems"]]
    if problems:
        print("\nFailed pages:")
        for row in problems:
            print(f"  {row['database']} {row['label']} ({row['path']}): " + "; ".join(row["problems"]))
    else:
        print("\nEvery page answered 200 with the rows and counts the database holds.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
