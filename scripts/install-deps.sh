#!/usr/bin/env bash
# Installs what `make run` or `make test` needs, and only what is missing.
# Usage: scripts/install-deps.sh [run|test]   (default: run)
set -euo pipefail

mode="${1:-run}"
case "$mode" in
  run|test) ;;
  *) echo "usage: $0 [run|test]" >&2; exit 2 ;;
esac

# Debian packages. The VNC/noVNC/websockify/coturn ones are for the desktop and
# video pillars. The demo and the tests both run local desktop seats
# (scripts/desktop-seats.sh): Xvnc, tigervncpasswd (tigervnc-tools) and xsetroot
# (x11-xserver-utils); on each seat's desktop the twm window manager, an xterm, xclock and
# xedit (x11-apps), the seat's name in an xmessage and xwininfo to see the windows appear
# (x11-utils), and the X core fonts they draw with (xfonts-base). RDP seats: the gateway bridges each with FreeRDP's
# xfreerdp (freerdp2-x11) inside an Xvnc of its own, and xdotool gives its window the keyboard; the demo's and the tests' RDP hosts are xrdp
# (scripts/rdp-seats.sh, with a certificate from openssl).
debs=(libqrcodegen-dev libsqlite3-dev pkg-config tigervnc-standalone-server tigervnc-tools x11-xserver-utils novnc
  twm xterm x11-apps x11-utils xfonts-base freerdp2-x11 xdotool xrdp openssl)
# nodejs: scripts/check-scripts.sh parses the page scripts with `node --check`.
if [[ "$mode" == test ]]; then
  # nginx: tests/e2e/test_deployment.py puts the deployment kit's site (deploy/nginx) in front of two instances.
  # sqlite3 (the command) and util-linux's unshare and nsenter: tests/e2e/test_disk_full.py reads the database on its
  # size-limited tmpfs from inside the server's namespace.
  # systemd (systemd-analyze), openssl and ca-certificates: tests/e2e/test_deployment_units.py verifies the kit's units;
  # test_postgres_tls.py makes a CA and appends it to a copy of the system's bundle.
  debs+=(postgresql chromium fonts-liberation python3-websockify coturn wrk nodejs nginx sqlite3 util-linux systemd
    openssl ca-certificates)
fi

missing=()
for pkg in "${debs[@]}"; do
  # `dpkg -s` also succeeds for removed-but-configured packages, so check the status line.
  if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]})); then
  echo "install-deps: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
  # Debian's xrdp package enables a system-wide RDP server on port 3389 where systemd runs. Nothing here uses it (the
  # seats scripts start their own xrdp on loopback), so a fresh install leaves it stopped and disabled.
  if [[ " ${missing[*]} " == *" xrdp "* ]] && command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
    systemctl disable --now xrdp xrdp-sesman >/dev/null 2>&1 || true
  fi
fi

# Python test tools go into the python3 on PATH (pyenv), not Debian's /usr/bin/python3.
# Playwright drives Debian's /usr/bin/chromium: never `playwright install` (no download here).
# websockets is bench/gateway.py's WebSocket client and cryptography its DES for VncAuth (the bench's desktop host
# signs viewers in as a real one does); schemathesis (pinned: its checks and flags change between
# releases) fuzzes the API in scripts/fuzz-api.sh. Authlib (with Flask) runs the third-party OpenID Connect provider
# of tests/oidc_provider/ that the NHS CIS2 and NHS login tests sign in against (pinned: the provider uses its server API).
schemathesis_version=4.32.5
pip_note="python test tools not needed"
if [[ "$mode" == test ]]; then
  if python3 -c "import playwright, axe_playwright_python, pytest, openapi_spec_validator, websockets, cryptography, authlib, flask" 2>/dev/null \
    && [[ "$(python3 -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null)" == "$schemathesis_version" ]]; then
    pip_note="python test tools present"
  else
    echo "install-deps: installing Python test tools into $(command -v python3)"
    python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore playwright axe-playwright-python pytest openapi-spec-validator websockets cryptography \
      "authlib==1.9.10" flask \
      "schemathesis==$schemathesis_version"
    pip_note="python test tools installed"
  fi
fi

if ((${#missing[@]})); then
  deb_note="installed ${#missing[@]} Debian package(s): ${missing[*]}"
else
  deb_note="all ${#debs[@]} Debian packages present"
fi
echo "install-deps ($mode): $deb_note; $pip_note."
