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
# (x11-utils), and the X core fonts they draw with (xfonts-base).
debs=(libqrcodegen-dev libsqlite3-dev pkg-config tigervnc-standalone-server tigervnc-tools x11-xserver-utils novnc
  twm xterm x11-apps x11-utils xfonts-base)
# nodejs: scripts/check-scripts.sh parses the page scripts with `node --check`.
if [[ "$mode" == test ]]; then
  # nginx: tests/e2e/test_deployment.py puts the deployment kit's site (deploy/nginx) in front of two instances.
  debs+=(postgresql chromium fonts-liberation python3-websockify coturn wrk nodejs nginx)
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
fi

# Python test tools go into the python3 on PATH (pyenv), not Debian's /usr/bin/python3.
# Playwright drives Debian's /usr/bin/chromium: never `playwright install` (no download here).
# websockets is bench/gateway.py's WebSocket client; schemathesis (pinned: its checks and flags change between
# releases) fuzzes the API in scripts/fuzz-api.sh. Authlib (with Flask) runs the third-party OpenID Connect provider
# of tests/oidc_provider/ that the NHS CIS2 and NHS login tests sign in against (pinned: the provider uses its server API).
schemathesis_version=4.32.5
pip_note="python test tools not needed"
if [[ "$mode" == test ]]; then
  if python3 -c "import playwright, axe_playwright_python, pytest, openapi_spec_validator, websockets, authlib, flask" 2>/dev/null \
    && [[ "$(python3 -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null)" == "$schemathesis_version" ]]; then
    pip_note="python test tools present"
  else
    echo "install-deps: installing Python test tools into $(command -v python3)"
    python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore playwright axe-playwright-python pytest openapi-spec-validator websockets \
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
