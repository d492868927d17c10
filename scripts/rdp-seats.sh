#!/usr/bin/env bash
# Local RDP desktop seats for the demo and the browser tests: a real RDP server, xrdp (Debian), one per seat on
# loopback, run as the user who runs this script (no root: no sesman, no PAM, no system accounts). Behind each, the
# seat's "Windows session" is a demo desktop started by scripts/desktop-seats.sh (an Xvnc with a window manager, the
# seat's name, a terminal, a clock and an editor): xrdp's VNC module opens it once the person has signed in with the
# seat's password, on xrdp's own sign-in screen or with the credentials their RDP client brought. The session lives
# on when the RDP connection ends, so a person who connects again finds it as they left it, as on a Windows host.
#
# Usage:
#   rdp-seats.sh start DIR --name NAME --hosts H --seats-per-host S --first-display D --first-port P
#                --organisations ODS[,ODS] [--placement breadthFirst|depthFirst] [--geometry 1280x800]
#                [--sign-in signInScreen|personsCredentials]
#       Starts H×S sessions on displays :D, :D+1, … (desktop-seats.sh, in DIR/sessions) and an xrdp for each on
#       ports P, P+1, …; waits until each answers; writes DIR/pool.json (mode 600), whose hosts are RDP hosts with
#       the certificate's hash pinned, and DIR/accounts.tsv: seat, RDP port, user name, password, one seat a line.
#   rdp-seats.sh reset DIR [PORT]      The pool's resetCommand: a fresh session for the seat on SEAT_PORT (from the
#                                      environment, as the app runs it) or PORT, an RDP port.
#   rdp-seats.sh stop DIR              Stops every xrdp started in DIR, then the sessions.
#   rdp-seats.sh colour DIR PORT '#RRGGBB'   Paints that seat's session's background one colour.
#   rdp-seats.sh status DIR            One line per seat: RDP port, name, xrdp answering or not, its session.
#   rdp-seats.sh free-ports COUNT [FROM]     Prints the first port P >= FROM (default 13389) with P … P+COUNT-1 free.
#
# The account: xrdp's VNC module checks only the password (the user name is any name; accounts.tsv gives
# "demo"), which is the session's VncAuth password, one per host as desktop-seats.sh makes them.
# Files under DIR: pool.json, accounts.tsv, seats.tsv (RDP port, seat, session VNC port, display per line),
# tls/cert.pem and tls/key.pem (a self-signed certificate for 127.0.0.1), xrdp/SEAT.ini, run/SEAT.pid,
# logs/SEAT.log (xrdp's own log), sessions/ (desktop-seats.sh's files).
# Needs: xrdp, openssl, and what desktop-seats.sh needs; scripts/install-deps.sh installs them.
set -euo pipefail

SCRIPT="$(readlink -f "$0")"
SEATS="$(dirname "$SCRIPT")/desktop-seats.sh"
ANSWER_TIMEOUT="${DESKTOP_SEATS_TIMEOUT:-20}"  # seconds for a new xrdp to accept connections
STOP_TIMEOUT=10                                # seconds for an xrdp to leave after SIGTERM

die() { echo "rdp-seats: $*" >&2; exit 1; }

usage() { sed -n '/^# Usage:/,/^# The account/p' "$SCRIPT" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

source "$(dirname "$SCRIPT")/lib/seats-common.sh"

load_seats() {  # reads DIR/seats.tsv into RDP_PORTS, SEAT_NAMES, VNC_PORTS, DISPLAYS
  local port seat vnc display
  [[ -r "$1/seats.tsv" ]] || die "$1 has no seats.tsv: start seats there first ($SCRIPT start $1 …)"
  RDP_PORTS=() SEAT_NAMES=() VNC_PORTS=() DISPLAYS=()
  while IFS=$'\t' read -r port seat vnc display; do
    RDP_PORTS+=("$port") SEAT_NAMES+=("$seat") VNC_PORTS+=("$vnc") DISPLAYS+=("$display")
  done <"$1/seats.tsv"
}

find_seat() {  # sets SEAT to the index of the seat on RDP port $2 of DIR $1
  local i
  [[ "$2" =~ ^[0-9]+$ ]] || die "not a port number: '$2'"
  load_seats "$1"
  for i in "${!RDP_PORTS[@]}"; do [[ "${RDP_PORTS[$i]}" != "$2" ]] || { SEAT="$i"; return 0; }; done
  die "no seat on RDP port $2 in $1 (ports there: ${RDP_PORTS[*]})"
}

xrdp_running() {  # xrdp_running PID: PID is a live (not zombie) xrdp
  local stat
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat%% *}" != Z && "$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)" == *xrdp\ * ]]
}

# xrdp's settings for one seat: TLS with the pool's certificate, on loopback PORT only, no fork per connection
# (threads), its log in the seat's log, and one session (autorun) that opens the seat's session by VNC with the
# password the person gives. No sound or drives are offered; the clipboard is.
write_ini() {  # write_ini DIR SEAT PORT VNC_PORT
  local dir="$1" seat="$2" port="$3" vnc="$4"
  cat >"$dir/xrdp/$seat.ini" <<INI
[Globals]
ini_version=1
fork=false
port=tcp://127.0.0.1:$port
tcp_nodelay=true
security_layer=tls
crypt_level=high
certificate=$dir/tls/cert.pem
key_file=$dir/tls/key.pem
ssl_protocols=TLSv1.2, TLSv1.3
autorun=seat
allow_channels=true
allow_multimon=false
bitmap_cache=true
bitmap_compression=true
bulk_compression=true
max_bpp=24
new_cursors=true
use_fastpath=both
ls_title=Sign in to $seat
[Logging]
LogFile=$dir/logs/$seat.log
LogLevel=INFO
EnableSyslog=false
EnableConsole=false
[Channels]
rdpdr=false
rdpsnd=false
drdynvc=true
cliprdr=true
rail=false
xrdpvr=false
tcutils=false
[seat]
name=$seat
lib=libvnc.so
username=na
password=ask
ip=127.0.0.1
port=$vnc
INI
}

launch_xrdp() {  # launch_xrdp DIR SEAT: in a session of its own, default signals, none of our descriptors
  local dir="$1" seat="$2"
  (
    close_inherited_descriptors
    exec env --default-signal=TERM,INT,HUP setsid xrdp --nodaemon --config "$dir/xrdp/$seat.ini" \
      </dev/null >>"$dir/logs/$seat.out" 2>&1
  ) &
  echo "$!" >"$dir/run/$seat.pid"
}

await_xrdp() {  # await_xrdp DIR SEAT PORT
  local dir="$1" seat="$2" port="$3" deadline=$((SECONDS + ANSWER_TIMEOUT)) started=$SECONDS
  until port_taken "$port"; do
    if ((SECONDS - started >= 3)) && ! xrdp_running "$(cat "$dir/run/$seat.pid")"; then
      echo "rdp-seats: xrdp for $seat exited; the end of its logs:" >&2
      tail -n 15 "$dir/logs/$seat.out" "$dir/logs/$seat.log" >&2 2>/dev/null; return 1
    fi
    ((SECONDS < deadline)) || { echo "rdp-seats: xrdp for $seat silent on port $port for ${ANSWER_TIMEOUT}s" >&2; return 1; }
    sleep 0.1
  done
}

halt_xrdp() {  # halt_xrdp DIR SEAT: TERM, then KILL after STOP_TIMEOUT
  local dir="$1" seat="$2" pid deadline
  pid="$(cat "$dir/run/$seat.pid" 2>/dev/null || true)"
  if xrdp_running "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + STOP_TIMEOUT))
    while xrdp_running "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
    if xrdp_running "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
      deadline=$((SECONDS + 5))
      while xrdp_running "$pid"; do ((SECONDS < deadline)) || return 1; sleep 0.1; done
    fi
  fi
  rm -f "$dir/run/$seat.pid"
}

cmd_start() {
  [[ $# -ge 1 ]] || usage
  local dir="$1"; shift
  local first_port="" sign_in=signInScreen passed=()
  while (($#)); do
    [[ $# -ge 2 ]] || die "$1 needs a value"
    case "$1" in
      --first-port) first_port="$2" ;;
      --sign-in) sign_in="$2" ;;
      --name | --hosts | --seats-per-host | --first-display | --organisations | --placement | --geometry)
        passed+=("$1" "$2") ;;
      *) die "unknown option $1" ;;
    esac
    shift 2
  done
  [[ "$first_port" =~ ^[1-9][0-9]*$ ]] || die "--first-port needs a port number (\`$SCRIPT free-ports COUNT\` prints one)"
  [[ "$sign_in" =~ ^(signInScreen|personsCredentials)$ ]] || die "--sign-in is signInScreen or personsCredentials"
  need xrdp xrdp; need openssl openssl
  mkdir -p "$dir"
  dir="$(realpath -- "$dir")"
  umask 077
  chmod 700 "$dir"
  mkdir -p "$dir/tls" "$dir/xrdp" "$dir/run" "$dir/logs"
  "$SEATS" start "$dir/sessions" "${passed[@]}" >/dev/null

  # The sessions: seat, VNC port, display and host from desktop-seats.sh's list; each host's password from its pool file.
  local display vport seat host _geometry name label tsv="" accounts="" i=0 port problems=()
  declare -A secrets=() hosts_of=()
  while IFS= read -r line; do
    [[ "$line" =~ \"name\":\ \"([^\"]+)\",\ \"address\":\ \"[^\"]*\",\ \"secret\":\ \"([^\"]+)\" ]] \
      && secrets["${BASH_REMATCH[1]}"]="${BASH_REMATCH[2]}"
  done <"$dir/sessions/pool.json"
  while IFS=$'\t' read -r display vport seat host _geometry label; do
    port=$((first_port + i)); i=$((i + 1))
    ! port_taken "$port" || problems+=("port $port is already taken")
    tsv+="$port"$'\t'"$seat"$'\t'"$vport"$'\t'"$display"$'\n'
    accounts+="$seat"$'\t'"$port"$'\t'"demo"$'\t'"${secrets[$host]}"$'\n'
    hosts_of["$seat"]="$host"
  done <"$dir/sessions/seats.tsv"
  if ((${#problems[@]})); then
    "$SEATS" stop "$dir/sessions" >/dev/null || true
    die "${problems[*]}: choose another --first-port (\`$SCRIPT free-ports $i\`)"
  fi
  printf '%s' "$tsv" >"$dir/seats.tsv"
  printf '%s' "$accounts" >"$dir/accounts.tsv"
  load_seats "$dir"

  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=127.0.0.1 -keyout "$dir/tls/key.pem" \
    -out "$dir/tls/cert.pem" 2>/dev/null || die "openssl could not make the seats' certificate"
  local fingerprint started=1
  fingerprint="$(openssl x509 -in "$dir/tls/cert.pem" -noout -fingerprint -sha256)"
  fingerprint="sha256:${fingerprint#*=}"
  for i in "${!SEAT_NAMES[@]}"; do
    write_ini "$dir" "${SEAT_NAMES[$i]}" "${RDP_PORTS[$i]}" "${VNC_PORTS[$i]}"
    launch_xrdp "$dir" "${SEAT_NAMES[$i]}"
  done
  for i in "${!SEAT_NAMES[@]}"; do await_xrdp "$dir" "${SEAT_NAMES[$i]}" "${RDP_PORTS[$i]}" || started=0; done
  ((started)) || { cmd_stop "$dir" >/dev/null || true; die "start failed; the seats in $dir are stopped again"; }

  # The pool file: the hosts of the sessions, as RDP hosts.
  name="$(sed -n 's/^  "name": \(".*"\),$/\1/p' "$dir/sessions/pool.json")"
  local hosts_json="" seats_json h
  for h in $(printf '%s\n' "${hosts_of[@]}" | sort -u); do
    seats_json=""
    for i in "${!SEAT_NAMES[@]}"; do
      [[ "${hosts_of[${SEAT_NAMES[$i]}]}" == "$h" ]] || continue
      seats_json+="${seats_json:+,}
        {\"name\": $(json_string "${SEAT_NAMES[$i]}"), \"host\": \"127.0.0.1\", \"port\": ${RDP_PORTS[$i]}}"
    done
    hosts_json+="${hosts_json:+,}
    {\"name\": $(json_string "$h"), \"address\": \"127.0.0.1\", \"protocol\": \"rdp\",
     \"certificateFingerprint\": \"$fingerprint\", \"seats\": [$seats_json]}"
  done
  sed -e "s|^  \"resetCommand\": .*|  \"resetCommand\": [$(json_string "$SCRIPT"), \"reset\", $(json_string "$dir")],|" \
      -e "s|^  \"resetTimeoutSeconds\": \(.*\)|  \"resetTimeoutSeconds\": \1\n  \"rdpSignIn\": \"$sign_in\",|" \
      -e '/^  "hosts": \[/,$d' "$dir/sessions/pool.json" >"$dir/pool.json.new"
  printf '  "hosts": [%s\n  ]\n}\n' "$hosts_json" >>"$dir/pool.json.new"
  chmod 600 "$dir/pool.json.new" && mv -f "$dir/pool.json.new" "$dir/pool.json"
  echo "rdp-seats: ${#SEAT_NAMES[@]} RDP seat(s) of $name answering on ports ${RDP_PORTS[0]}-${RDP_PORTS[-1]};" \
       "pool file $dir/pool.json"
}

cmd_reset() {
  [[ $# -ge 1 && $# -le 2 ]] || usage
  local dir port="${2:-${SEAT_PORT:-}}"; dir="$(realpath -- "$1")"
  [[ -n "$port" ]] || die "reset needs SEAT_PORT in the environment (or a PORT argument)"
  find_seat "$dir" "$port"
  "$SEATS" reset "$dir/sessions" "${VNC_PORTS[$SEAT]}" >/dev/null
  echo "rdp-seats: reset the session of ${SEAT_NAMES[$SEAT]} (RDP port $port)"
}

cmd_stop() {
  [[ $# -eq 1 ]] || usage
  local dir i failed=0; dir="$(realpath -- "$1")"
  [[ -r "$dir/seats.tsv" ]] || { echo "rdp-seats: no seats in $dir"; return 0; }
  load_seats "$dir"
  for i in "${!SEAT_NAMES[@]}"; do halt_xrdp "$dir" "${SEAT_NAMES[$i]}" || failed=1; done
  "$SEATS" stop "$dir/sessions" >/dev/null || failed=1
  ((failed == 0)) || die "some seats in $dir could not be stopped"
  echo "rdp-seats: stopped the seats in $dir"
}

cmd_colour() {
  [[ $# -eq 3 ]] || usage
  local dir; dir="$(realpath -- "$1")"
  find_seat "$dir" "$2"
  "$SEATS" colour "$dir/sessions" "${VNC_PORTS[$SEAT]}" "$3"
}

cmd_status() {
  [[ $# -eq 1 ]] || usage
  local dir i state; dir="$(realpath -- "$1")"
  load_seats "$dir"
  for i in "${!SEAT_NAMES[@]}"; do
    state=answering; port_taken "${RDP_PORTS[$i]}" || state="not answering"
    printf '%s\t%s\txrdp %s\tsession :%s (VNC %s)\n' "${RDP_PORTS[$i]}" "${SEAT_NAMES[$i]}" "$state" "${DISPLAYS[$i]}" \
      "${VNC_PORTS[$i]}"
  done
}

cmd_free_ports() {
  [[ $# -ge 1 && $# -le 2 && "$1" =~ ^[1-9][0-9]*$ ]] || usage
  local count="$1" from="${2:-13389}" p n ok
  [[ "$from" =~ ^[1-9][0-9]*$ ]] || usage
  for ((p = from; p < from + 2000 && p + count - 1 <= 65535; p++)); do
    ok=1
    for ((n = p; n < p + count; n++)); do ! port_taken "$n" || { ok=0; p="$n"; break; }; done
    if ((ok)); then echo "$p"; return 0; fi
  done
  die "no $count free ports in a row from $from"
}

[[ $# -ge 1 ]] || usage
command="$1"; shift
case "$command" in
  start) cmd_start "$@" ;;
  reset) cmd_reset "$@" ;;
  stop) cmd_stop "$@" ;;
  colour | color) cmd_colour "$@" ;;
  status) cmd_status "$@" ;;
  free-ports) cmd_free_ports "$@" ;;
  -h | --help | help) usage ;;
  *) echo "rdp-seats: unknown command $command" >&2; usage ;;
esac
