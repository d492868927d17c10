"""Fixtures for the browser tests: the real `surgery` binary on a fresh SQLite file,
driven by Playwright through Debian's Chromium (never `playwright install`).

SURGERY_BIN names the binary (default: .build/debug/surgery); scripts/run-tests.sh sets it.
"""
import importlib.util
import json
import json as _json
import os
import re
import select
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"  # screenshots of failed tests (git-ignored)
CHROMIUM = "/usr/bin/chromium"
START_DEADLINE = 60  # seconds for the server to answer /healthz
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36"
)

# A debug build answers slower than Playwright's 5 s default expects.
expect.set_options(timeout=15_000)

# One TOTP implementation for the repo: scripts/totp.py (standard library only).
_spec = importlib.util.spec_from_file_location("surgery_totp", REPO / "scripts" / "totp.py")
_totp_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_totp_module)
totp = _totp_module.totp  # totp(secret_base32, at=None) -> "123456"

_last_step_used: dict[str, int] = {}


LOGIN_URL = re.compile(r"/login(\?.*)?$")


def demo_person(credentials, name: str, ods: str, role: str) -> dict:
    """The demo person called `name`, checked to hold `role` at `ods` today."""
    found = next((p for p in credentials["people"] if p["name"] == name), None)
    if found is None:
        pytest.fail(f"the demo seed has no {name}")
    if not any(o["ods"] == ods and o["role"] == role for o in found["activeOrganisations"]):
        pytest.fail(f"the demo seed's {name} is not {role} at {ods}: {found['activeOrganisations']}")
    return found


def sign_in_both_factors(page, who: dict) -> None:
    """Password, then a fresh TOTP code; ends on Home."""
    page.goto("/")
    expect(page).to_have_url(LOGIN_URL)
    page.get_by_label("Email address", exact=True).fill(who["email"])
    page.get_by_label("Password", exact=True).fill(who["password"])
    page.get_by_role("button", name="Sign in").click()
    code_box = page.get_by_label("Code from your authenticator app", exact=True)
    expect(code_box).to_be_visible()
    code_box.fill(fresh_totp(who["totpSecret"]))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")


def fresh_totp(secret_base32: str) -> str:
    """A code the server has not seen yet: servers refuse a code used once (replay), so a
    second sign-in by the same person waits for the next 30 s step. Also avoids the last
    3 s of a step, so the code is still current when it arrives."""
    deadline = time.time() + 35
    while True:
        now = time.time()
        step = int(now // 30)
        if step > _last_step_used.get(secret_base32, -1) and now % 30 < 27:
            _last_step_used[secret_base32] = step
            return totp(secret_base32, now)
        if now > deadline:
            raise RuntimeError("could not get a fresh TOTP step")
        time.sleep(0.5)


def check_accessibility(page) -> None:
    """Runs axe-core on the page; fails listing every serious or critical violation."""
    violations = Axe().run(page).response["violations"]
    bad = [v for v in violations if v.get("impact") in ("serious", "critical")]
    if not bad:
        return
    lines = [f"{len(bad)} serious or critical accessibility violation(s) on {page.url}:"]
    for v in bad:
        # A target is a list of selectors (more than one for frames and shadow DOM).
        targets = "; ".join(" >> ".join(map(str, n["target"])) for n in v["nodes"][:3])
        lines.append(f"  - {v['id']} ({v['impact']}): {v['help']} at {targets}")
    pytest.fail("\n".join(lines), pytrace=False)


CSP_REPORT = """document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP refused: " + event.violatedDirective + " " + (event.blockedURI || "inline") + " at " +
    (event.sourceFile || location.pathname) + ":" + event.lineNumber);
});"""


def watch_csp(page, refused: list[str]) -> list[str]:
    """Appends to `refused` everything the Content-Security-Policy refuses in any page of `page`'s context from now on
    (an inline script or style, an event handler attribute, a script from elsewhere); returns `refused`, which a test
    asserts is empty. The listener is Playwright's init script, which the policy does not cover."""
    page.context.add_init_script(CSP_REPORT)
    page.context.on("console", lambda message: refused.append(message.text) if message.text.startswith("CSP refused") else None)
    return refused


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


CRASH_MARKERS = ("Fatal error", "Assertion failed", "Precondition failed", "*** Program crashed", "*** Signal")


def _crash_lines(path: Path) -> str:
    """The lines of the server's log that say why it crashed (its backtrace buries them)."""
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(line for line in lines if any(marker in line for marker in CRASH_MARKERS))


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _start_identity_provider(log_path: Path):
    """The third-party OpenID Connect provider of tests/oidc_provider (Authlib) on a free loopback port; returns the
    process and its issuer URL once it says where it listens (within 30 s)."""
    log = open(log_path, "wb")
    process = subprocess.Popen(
        ["python3", str(REPO / "tests/oidc_provider/provider.py"), "--port", "0"],
        cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log)
    ready, _, _ = select.select([process.stdout], [], [], 30)
    line = process.stdout.readline().decode() if ready else ""
    if not line.startswith("listening on "):
        process.kill()
        pytest.fail(f"the identity provider did not start: {line!r}; log:\n{_tail(log_path)}")
    return process, line.removeprefix("listening on ").strip()


def _provider_control(issuer: str, path: str, body: dict) -> dict:
    request = urllib.request.Request(issuer + path, data=_json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=20) as response:
        return _json.load(response)


@pytest.fixture(scope="session")
def server(tmp_path_factory, request):
    """The app on a free loopback port, over a freshly migrated and seeded SQLite file, with NHS CIS2 and NHS login
    pointing at the test identity provider. Yields base_url, credentials (the seed's JSON), log (the server's log
    file), binary, db_path (its SQLite file) and oidc (the provider's issuer and add_user(sub, name, ...))."""
    binary = Path(os.environ.get("SURGERY_BIN", REPO / ".build/debug/surgery"))
    if not os.access(binary, os.X_OK):
        pytest.fail(f"{binary} is not an executable; build first (swift build) or set SURGERY_BIN")
    tmp = tmp_path_factory.mktemp("server")
    provider, issuer = _start_identity_provider(tmp / "identity-provider.log")
    request.addfinalizer(provider.terminate)
    client_id = "surgery-e2e"
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    # PUBLIC_BASE_URL: links the app hands out (invitations) must point at this server.
    # DUTY_ALERT_SECONDS: the duty alert check runs every 2 s, so that a test waits on the practice's minutes alone.
    env = {**os.environ, "DATABASE_PATH": str(tmp / "e2e.sqlite"), "BCRYPT_COST": "4",
           "PUBLIC_BASE_URL": base_url, "DUTY_ALERT_SECONDS": "2",
           "CIS2_ISSUER": issuer, "CIS2_CLIENT_ID": client_id, "NHS_LOGIN_ISSUER": issuer, "NHS_LOGIN_CLIENT_ID": client_id}
    # Every browser test comes from 127.0.0.1, and the demo patients share a mobile number: limits the suite never
    # reaches, so that no test waits on the per-client throttle (the Swift tests cover the throttle itself).
    env.update({name: "100000/1s" for name in (
        "THROTTLE_REQUESTS_PER_ADDRESS", "THROTTLE_REQUESTS_PER_CONTACT", "THROTTLE_SIGN_IN_PER_ADDRESS",
        "THROTTLE_SIGN_IN_PER_ACCOUNT", "THROTTLE_REPLY_CHECKS_PER_ADDRESS", "THROTTLE_INVITATIONS_PER_ADDRESS")})
    env.pop("DATABASE_URL", None)  # SQLite here; tests that want PostgreSQL read TEST_DATABASE_URL
    creds_file = tmp / "creds.json"

    for args in (["migrate"], ["seed-demo", "--credentials-file", str(creds_file)]):
        done = subprocess.run([str(binary), *args], cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            pytest.fail(f"surgery {' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    credentials = json.loads(creds_file.read_text())

    log = tmp / "server.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            [str(binary), "serve", "--hostname", "127.0.0.1", "--port", str(port)],
            cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_DEADLINE
        while not _healthy(f"{base_url}/healthz"):
            if process.poll() is not None:
                pytest.fail(f"the server exited with {process.returncode}; log:\n{_tail(log)}")
            if time.monotonic() > deadline:
                pytest.fail(f"no 200 from /healthz within {START_DEADLINE}s; log:\n{_tail(log)}")
            time.sleep(0.2)
        _provider_control(issuer, "/control/clients", {
            "client_id": client_id, "jwks_uri": f"{base_url}/.well-known/jwks.json",
            "redirect_uris": [f"{base_url}/login/cis2/callback", f"{base_url}/nhs-login/callback"],
            "backchannel_logout_uri": f"{base_url}/login/cis2/back-channel-logout"})

        def add_user(sub: str, name: str, acr: str = "AAL2", id_token_claims=None, userinfo=None):
            _provider_control(issuer, "/control/users", {"sub": sub, "name": name, "acr": acr,
                                                         "id_token_claims": id_token_claims or {}, "userinfo": userinfo or {}})

        # binary and db_path let a test run other `surgery` commands on the server's database.
        yield SimpleNamespace(base_url=base_url, credentials=credentials, log=log, process=process,
                              binary=binary, db_path=tmp / "e2e.sqlite",
                              oidc=SimpleNamespace(issuer=issuer, add_user=add_user))
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
            print(f"\nthe server ignored SIGTERM for 15 s and was killed; log:\n{_tail(log)}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test (for screenshots) and adds the server's
    log tail to a failed test's report."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    srv = getattr(item, "funcargs", {}).get("server")
    if report.failed and srv is not None:
        report.sections.append(("surgery server log (last 40 lines)", _tail(srv.log)))
        process = getattr(srv, "process", None)
        crash = _crash_lines(srv.log)
        if crash or (process is not None and process.poll() is not None):
            exited = "process still running" if process is None or process.poll() is None else f"exited with {process.returncode}"
            report.sections.append((f"surgery server crashed ({exited})", crash or "(no crash message in the log)"))
    return report


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (root needs --no-sandbox)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"])
        yield chromium
        chromium.close()


def _page_in_new_context(request, browser, server, **options):
    context = browser.new_context(base_url=server.base_url, **options)
    page = context.new_page()
    yield page
    call = getattr(request.node, "report_call", None)
    if call is not None and call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        try:  # a page stuck on a dead server must not turn the failure into a teardown error as well
            page.screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True, timeout=10_000)
        except Exception as error:
            print(f"no screenshot of {request.node.name}: {error}")
    context.close()


@pytest.fixture
def new_page(request, browser, server):
    """Makes more pages, each in a fresh context of its own (say a second person signed in
    alongside `page`): new_page(viewport=..., ...) takes browser.new_context's options and
    defaults to desktop size. Each is screenshotted when the test fails, and closed."""
    made = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(base_url=server.base_url, **options)
        made.append(context.new_page())
        return made[-1]

    yield make
    call = getattr(request.node, "report_call", None)
    for number, extra in enumerate(made, start=1):
        if call is not None and call.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            try:
                extra.screenshot(path=ARTIFACTS / f"{request.node.name}-extra{number}.png", full_page=True,
                                 timeout=10_000)
            except Exception as error:  # a page that crashed must not hide the test's own failure
                print(f"no screenshot of extra page {number}: {error}")
        extra.context.close()


@pytest.fixture
def page(request, browser, server):
    """A desktop-sized page in a fresh context (no cookies); page.goto("/") goes to the server."""
    yield from _page_in_new_context(request, browser, server, viewport={"width": 1280, "height": 800})


@pytest.fixture
def phone_page(request, browser, server):
    """A 320 px wide phone: mobile user agent, touch, and the page's meta viewport honoured."""
    yield from _page_in_new_context(
        request, browser, server, viewport={"width": 320, "height": 640},
        user_agent=PHONE_USER_AGENT, is_mobile=True, has_touch=True, device_scale_factor=2)
