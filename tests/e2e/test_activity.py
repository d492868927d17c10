"""The monthly activity export in the browser, opened as a commissioner: the ICB's practices side by side with a
chart drawn on the server, the same figures in the CSV download, one practice's month day by day, and the
previous month a link away. No inline script or style (the CSP refuses them), and no serious accessibility issue."""
import csv
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from conftest import check_accessibility, watch_csp
from estate_helpers import person, sign_in

COMMISSIONER = ("15N", "NHS Demoshire ICB – Riverside (15N)")
RIVERSIDE = ("L81101", "Riverside Surgery")
CASTLE_STREET = ("L81102", "Castle Street Medical Centre")
DEMO_REQUESTS = 8  # each of the first two demo practices has eight requests from the last four days


def practice_requests(page: Page, name: str) -> int:
    """The Requests cell of `name`'s row in the side-by-side table."""
    row = page.locator("#activity-practices tbody tr").filter(has=page.get_by_role("link", name=name, exact=True))
    expect(row).to_have_count(1)
    return int(row.locator("td").first.inner_text())


def test_commissioner_sees_practices_side_by_side_and_downloads_the_csv(new_page, server):
    isla = person(server.credentials, "Isla Morgan", COMMISSIONER[0], "Commissioner IT lead")
    page = new_page()
    refused = watch_csp(page, [])
    sign_in(page, isla, COMMISSIONER)

    month = datetime.now(ZoneInfo("Europe/London")).strftime("%Y-%m")
    page.goto(f"/consult/activity?month={month}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Online and video consultation activity")
    rows = page.locator("#activity-practices tbody tr")
    expect(rows.filter(has_text=RIVERSIDE[1])).to_have_count(1)
    expect(rows.filter(has_text=CASTLE_STREET[1])).to_have_count(1)
    expect(page.locator("#activity-chart")).to_be_visible()
    expect(page.locator("#activity-chart rect.chart__bar")).to_have_count(rows.count())
    riverside_now = practice_requests(page, RIVERSIDE[1])
    check_accessibility(page)

    with page.expect_download(timeout=15_000) as download_info:
        page.locator("#activity-csv").click()
    download = download_info.value
    assert re.fullmatch(rf"activity-{COMMISSIONER[0]}-{month}\.csv", download.suggested_filename), download.suggested_filename
    table = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    totals = {row["ods_code"]: row for row in table if row["date"] == "total"}
    assert set(totals) >= {RIVERSIDE[0], CASTLE_STREET[0]}, sorted(totals)
    assert int(totals[RIVERSIDE[0]]["requests"]) == riverside_now, totals[RIVERSIDE[0]]
    days = [row for row in table if row["ods_code"] == RIVERSIDE[0] and row["date"] != "total"]
    assert sum(int(row["requests"]) for row in days) == riverside_now

    # one practice's month, day by day, with the same total
    page.get_by_role("link", name=RIVERSIDE[1], exact=True).click()
    expect(page.locator("#activity-days tbody tr")).to_have_count(len(days))
    expect(page.locator(".summary-list dd").first).to_have_text(str(riverside_now))

    # the month before, a link away: the demo's requests fall in one month or the two
    page.get_by_role("link", name=re.compile(r"^← ")).click()
    expect(page).to_have_url(re.compile(r"month=\d{4}-\d{2}&org=" + RIVERSIDE[0]))
    riverside_before = int(page.locator(".summary-list dd").first.inner_text())
    assert riverside_now + riverside_before >= DEMO_REQUESTS, (riverside_now, riverside_before)
    assert refused == [], refused
