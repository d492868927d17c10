#!/usr/bin/env bash
# Local TigerVNC desktop seats for the demo and the browser tests: one `Xvnc` per seat, on
# loopback only, each host with its own random VncAuth password, described in a pool file that
# `surgery desktop-pools load DIR/pool.json` registers (see the desktops contract).
#
# Usage:
#   desktop-seats.sh start DIR --name NAME --hosts H --seats-per-host S --first-display D
#                    --organisations ODS[,ODS] [--placement breadthFirst|depthFirst]
#                    [--geometry 1280x800]
#       Starts H×S seats on displays :D, :D+1, … (host 1 seat 1, host 1 seat 2, …), VNC port
#       5900+display, waits until each answers "RFB 003.008" and shows its desktop (below), writes
#       DIR/pool.json (mode 600: it holds the hosts' passwords).
#   desktop-seats.sh reset DIR [PORT]      The pool's resetCommand: restarts the seat on SEAT_PORT
#                                          (from the environment, as the app runs it) or PORT, with a
#                                          fresh desktop and home. The app runs it with no shell and only
#                                          SEAT_* in the environment.
#   desktop-seats.sh kill DIR PORT         SIGKILLs that seat's Xvnc and its desktop's programs (a
#                                          crashed host, for tests).
#   desktop-seats.sh stop DIR              Stops every Xvnc started in DIR, and its desktop's programs.
#   desktop-seats.sh colour DIR PORT '#RRGGBB'   Paints that seat's root window one colour (after a
#                                          reset of that seat in progress has finished).
#   desktop-seats.sh status DIR            One line per seat: display, port, name, answering or not.
#   desktop-seats.sh free-range COUNT [FROM]     Prints the first display D >= FROM (default 41)
#                                          with D … D+COUNT-1 and their VNC ports all free.
#
# The desktop: every seat shows a desktop, not a black screen: a slate-grey background, the twm window
# manager, the seat's name ("Riverside PCN desktops — host 1 seat 2") in a blue bar at the top left, a
# terminal (xterm) below it, a clock at the top right and a text editor (xedit, on notes.txt) at the
# bottom right. The centre of the screen stays bare background, so a colour painted with `colour`
# shows there. The programs start in the seat's home, DIR/home/SEAT, made afresh on every start and
# reset, with DESKTOP_SEAT=DIR/run/DISPLAY in their environment: every process carrying it (a
# terminal's children too) is stopped with the seat. The terminal is a shell as the user who ran this
# script: the seats are for this machine's own demo and tests, on loopback.
#
# Files under DIR: pool.json, seats.tsv (display, port, seat, host, geometry, label per line),
# hosts/HOST.passwd (tigervncpasswd -f output), run/DISPLAY.pid, logs/SEAT.log, twmrc, home/SEAT/.
# Needs: Xvnc (tigervnc-standalone-server), tigervncpasswd (tigervnc-tools), xsetroot
# (x11-xserver-utils), setsid and flock (util-linux), twm, xterm, xclock and xedit (x11-apps),
# xmessage and xwininfo (x11-utils), the X core fonts (xfonts-base); scripts/install-deps.sh
# installs them.
set -euo pipefail

SCRIPT="$(readlink -f "$0")"
GREETING_TIMEOUT="${DESKTOP_SEATS_TIMEOUT:-20}"  # seconds for a new Xvnc to answer
STOP_TIMEOUT=10                                  # seconds for an Xvnc to leave after SIGTERM
DESKTOP_TIMEOUT=15                               # seconds for a new desktop's windows to show
DESKTOP_BACKGROUND="#3b4a54"                     # slate grey: none of the tests' seat colours
BASE_PORT=5900                                   # VNC port = BASE_PORT + display

die() { echo "desktop-seats: $*" >&2; exit 1; }

usage() { sed -n '/^# Usage:/,/^# Files under/p' "$SCRIPT" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

# Shared helpers (need, slug, json_string, random_password, greets, port_taken,
# close_inherited_descriptors) and the seat's desktop (need_desktop, launch_desktop, await_desktop, halt_desktop …).
source "$(dirname "$SCRIPT")/lib/seats-common.sh"
source "$(dirname "$SCRIPT")/lib/seat-desktop.sh"

xvnc_running() {  # xvnc_running PID DISPLAY: PID is a live (not zombie) `Xvnc :DISPLAY`
  local pid="$1" n="$2" stat cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"                 # fields after "(comm)": state first
  [[ "${stat%% *}" != Z ]] || return 1
  cmd="$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" || return 1
  [[ "$cmd" == *Xvnc\ :"$n"\ * ]]
}

lock_pid() {  # the pid in X's lock file for display $1, or nothing
  { tr -dc '0-9' <"/tmp/.X$1-lock"; } 2>/dev/null || true
}

display_problem() {  # prints why display $1 (and its VNC port) cannot be used; nothing when free
  local n="$1" port=$((BASE_PORT + $1)) pid
  pid="$(lock_pid "$n")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    echo "display :$n is in use by process $pid (/tmp/.X$n-lock)"
  elif port_taken "$port"; then
    echo "port $port (VNC port of display :$n) is already taken"
  fi
}

# --- the seat list ---------------------------------------------------------------------------

# Reads DIR/seats.tsv into parallel arrays, one entry per seat.
load_seats() {
  local dir="$1" display port seat host geometry label
  [[ -r "$dir/seats.tsv" ]] || die "$dir has no seats.tsv: start seats there first ($SCRIPT start $dir …)"
  SEAT_DISPLAYS=() SEAT_PORTS=() SEAT_NAMES=() SEAT_HOSTS=() SEAT_GEOMETRIES=() SEAT_LABELS=()
  while IFS=$'\t' read -r display port seat host geometry label; do
    SEAT_DISPLAYS+=("$display") SEAT_PORTS+=("$port") SEAT_NAMES+=("$seat")
    SEAT_HOSTS+=("$host") SEAT_GEOMETRIES+=("$geometry") SEAT_LABELS+=("${label:-$seat}")
  done <"$dir/seats.tsv"
}

# Sets SEAT (an index into the arrays) to the seat on port $2 of DIR $1.
find_seat() {
  local dir="$1" port="$2" i
  [[ "$port" =~ ^[0-9]+$ ]] || die "not a port number: '$port'"
  load_seats "$dir"
  for i in "${!SEAT_PORTS[@]}"; do
    [[ "${SEAT_PORTS[$i]}" != "$port" ]] || { SEAT="$i"; return 0; }
  done
  die "no seat on port $port in $dir (ports there: ${SEAT_PORTS[*]})"
}

lock_seat() {  # serialises operations on display $2 of DIR $1 (a reset while a stop runs)
  exec 9>"$1/run/$2.flock"
  flock -w 60 9 || die "display :$2 is busy with another desktop-seats command for over 60 s"
}

# --- one seat ----------------------------------------------------------------------------------

# Starts Xvnc for display N in its own session (so a Ctrl-C or the app's process group does not
# reach it), with its output in the seat's log; records the pid.
# -BlacklistTimeout 0: TigerVNC counts every connection that ends before authenticating (the app's
# health check reads the greeting and hangs up every few seconds) and after 5 refuses the address
# ("Too many security failures"), which here is also the gateway's, 127.0.0.1. A zero timeout lifts
# each block at once; a wrong password still fails.
launch_seat() {  # launch_seat DIR DISPLAY HOST SEAT GEOMETRY
  local dir="$1" n="$2" host="$3" seat="$4" geometry="$5"
  echo "--- desktop-seats: starting Xvnc :$n at $(date -Is)" >>"$dir/logs/$seat.log"
  (
    close_inherited_descriptors
    # A server that ignores SIGTERM (Vapor's serve does, to shut down in order) hands that on to
    # every program it starts; Xvnc must stop when told, so its signals go back to the defaults.
    exec env --default-signal=TERM,INT,HUP setsid Xvnc ":$n" -localhost 1 -interface 127.0.0.1 -rfbport $((BASE_PORT + n)) -nolisten tcp \
      -SecurityTypes VncAuth -PasswordFile "$dir/hosts/$host.passwd" \
      -geometry "$geometry" -depth 24 -AlwaysShared -BlacklistTimeout 0 -desktop "$seat" \
      </dev/null >>"$dir/logs/$seat.log" 2>&1
  ) &
  echo "$!" >"$dir/run/$n.pid"
}

# Polls until display N's port greets; fails (with the log's tail) if Xvnc exits or time runs out.
await_seat() {  # await_seat DIR DISPLAY SEAT
  local dir="$1" n="$2" seat="$3" port=$((BASE_PORT + $2)) pid locked deadline=$((SECONDS + GREETING_TIMEOUT))
  local started=$SECONDS
  pid="$(cat "$dir/run/$n.pid")"
  until greets "$port"; do
    # Judged gone only after a grace: when setsid must fork, the pid we hold leaves at once and the
    # new Xvnc writes its lock file a moment later.
    if ((SECONDS - started >= 3)) && ! xvnc_running "$pid" "$n" && ! xvnc_running "$(lock_pid "$n")" "$n"; then
      echo "desktop-seats: Xvnc :$n ($seat) exited; the end of $dir/logs/$seat.log:" >&2
      tail -n 15 "$dir/logs/$seat.log" >&2; return 1
    fi
    ((SECONDS < deadline)) || { echo "desktop-seats: :$n ($seat) silent for ${GREETING_TIMEOUT}s" >&2; return 1; }
    sleep 0.1
  done
  # The X lock file names the server itself: trust it over $! should the two ever differ.
  locked="$(lock_pid "$n")"
  if [[ "$locked" != "$pid" ]] && xvnc_running "$locked" "$n"; then echo "$locked" >"$dir/run/$n.pid"; fi
}

# Stops display N's desktop, then its Xvnc if it runs (TERM, then KILL), then removes the lock file
# and socket a killed server leaves behind, but only when they name the server this script started.
halt_seat() {  # halt_seat DIR DISPLAY
  local dir="$1" n="$2" pid deadline
  halt_desktop "$dir" "$n" || return 1
  pid="$(cat "$dir/run/$n.pid" 2>/dev/null || true)"
  if xvnc_running "$pid" "$n"; then
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + STOP_TIMEOUT))
    while xvnc_running "$pid" "$n" && ((SECONDS < deadline)); do sleep 0.1; done
    if xvnc_running "$pid" "$n"; then
      echo "desktop-seats: Xvnc :$n (pid $pid) ignored SIGTERM for ${STOP_TIMEOUT}s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      deadline=$((SECONDS + 5))
      while xvnc_running "$pid" "$n"; do ((SECONDS < deadline)) || return 1; sleep 0.1; done
    fi
  fi
  # A SIGKILLed X server cannot remove its lock, and a zombie one still "exists" for the next
  # server's stale-lock check: remove ours by hand.
  [[ -z "$pid" || "$(lock_pid "$n")" != "$pid" ]] || rm -f "/tmp/.X$n-lock" "/tmp/.X11-unix/X$n"
  rm -f "$dir/run/$n.pid"
}

# --- commands ----------------------------------------------------------------------------------

cmd_start() {
  [[ $# -ge 1 ]] || usage
  local dir="$1"; shift
  local name="" hosts="" per_host="" first="" organisations="" placement=breadthFirst geometry=1280x800
  while (($#)); do
    [[ $# -ge 2 ]] || die "$1 needs a value"
    case "$1" in
      --name) name="$2" ;;
      --hosts) hosts="$2" ;;
      --seats-per-host) per_host="$2" ;;
      --first-display) first="$2" ;;
      --organisations) organisations="$2" ;;
      --placement) placement="$2" ;;
      --geometry) geometry="$2" ;;
      *) die "unknown option $1" ;;
    esac
    shift 2
  done
  [[ -n "$name" && -n "$(slug "$name")" ]] || die "--name needs a pool name with letters or digits"
  [[ "$name" != *[[:cntrl:]]* ]] || die "--name must not contain control characters"
  [[ "$hosts" =~ ^[1-9][0-9]*$ ]] || die "--hosts needs a whole number of hosts (1 or more)"
  [[ "$per_host" =~ ^[1-9][0-9]*$ ]] || die "--seats-per-host needs a whole number (1 or more)"
  [[ "$first" =~ ^[1-9][0-9]*$ ]] || die "--first-display needs a display number (1 or more)"
  [[ "$organisations" =~ ^[A-Z0-9]+(,[A-Z0-9]+)*$ ]] || die "--organisations takes ODS codes: L81101,L81102"
  [[ "$placement" =~ ^(breadthFirst|depthFirst)$ ]] || die "--placement is breadthFirst or depthFirst, not $placement"
  [[ "$geometry" =~ ^[1-9][0-9]*x[1-9][0-9]*$ ]] || die "--geometry is WIDTHxHEIGHT, e.g. 1280x800"
  local total=$((hosts * per_host)) last=$((first + hosts * per_host - 1))
  ((BASE_PORT + last <= 65535)) || die "display :$last would need port $((BASE_PORT + last)), above 65535"
  need Xvnc tigervnc-standalone-server; need tigervncpasswd tigervnc-tools
  need setsid util-linux; need flock util-linux
  need_desktop
  mkdir -p "$dir"
  dir="$(realpath -- "$dir")"
  # Seats already running here would be orphaned by a new seats.tsv.
  if [[ -r "$dir/seats.tsv" ]]; then
    load_seats "$dir"
    local d
    for d in "${SEAT_DISPLAYS[@]}"; do
      ! xvnc_running "$(cat "$dir/run/$d.pid" 2>/dev/null)" "$d" \
        || die "$dir already has running seats (display :$d); stop them first: $SCRIPT stop $dir"
    done
  fi
  # Every display and port must be free before anything starts: say which are not.
  local n problem problems=()
  for ((n = first; n <= last; n++)); do
    problem="$(display_problem "$n")" && [[ -z "$problem" ]] || problems+=("$problem")
  done
  if ((${#problems[@]})); then
    printf 'desktop-seats: cannot start displays :%s-:%s:\n' "$first" "$last" >&2
    printf '  %s\n' "${problems[@]}" >&2
    die "choose another --first-display (\`$SCRIPT free-range $total $first\` prints a free one)"
  fi

  umask 077  # password files, pool.json and logs are for this user only
  chmod 700 "$dir"
  mkdir -p "$dir/hosts" "$dir/run" "$dir/logs"
  local pool_slug; pool_slug="$(slug "$name")"
  local h s host seat secrets=() tsv=""
  n="$first"
  for ((h = 1; h <= hosts; h++)); do
    host="$pool_slug-host-$h"
    secrets[h]="$(random_password)"
    printf '%s\n' "${secrets[h]}" | tigervncpasswd -f >"$dir/hosts/$host.passwd"
    for ((s = 1; s <= per_host; s++)); do
      tsv+="$n"$'\t'"$((BASE_PORT + n))"$'\t'"$host-seat-$s"$'\t'"$host"$'\t'"$geometry"
      tsv+=$'\t'"$name — host $h seat $s"$'\n'
      n=$((n + 1))
    done
  done
  printf '%s' "$tsv" >"$dir/seats.tsv"
  load_seats "$dir"

  # Start them all, then wait for them all; if one fails, stop the rest rather than leave them.
  local i started=1
  for i in "${!SEAT_DISPLAYS[@]}"; do
    launch_seat "$dir" "${SEAT_DISPLAYS[$i]}" "${SEAT_HOSTS[$i]}" "${SEAT_NAMES[$i]}" "${SEAT_GEOMETRIES[$i]}"
  done
  for i in "${!SEAT_DISPLAYS[@]}"; do
    await_seat "$dir" "${SEAT_DISPLAYS[$i]}" "${SEAT_NAMES[$i]}" || started=0
  done
  if ((started)); then
    for i in "${!SEAT_DISPLAYS[@]}"; do
      launch_desktop "$dir" "${SEAT_DISPLAYS[$i]}" "${SEAT_NAMES[$i]}" "${SEAT_GEOMETRIES[$i]}" "${SEAT_LABELS[$i]}"
    done
    for i in "${!SEAT_DISPLAYS[@]}"; do
      await_desktop "$dir" "${SEAT_DISPLAYS[$i]}" "${SEAT_NAMES[$i]}" || started=0
    done
  fi
  ((started)) || { cmd_stop "$dir" >/dev/null || true; die "start failed; the seats in $dir are stopped again"; }

  # The pool file, as `surgery desktop-pools load` reads it.
  local orgs_json="" reset hosts_json="" seats_json
  orgs_json="$(printf '"%s", ' ${organisations//,/ })"
  reset="[$(json_string "$SCRIPT"), \"reset\", $(json_string "$dir")]"
  for ((h = 1; h <= hosts; h++)); do
    host="$pool_slug-host-$h"
    seats_json=""
    for i in "${!SEAT_DISPLAYS[@]}"; do
      [[ "${SEAT_HOSTS[$i]}" == "$host" ]] || continue
      seats_json+="${seats_json:+,}
        {\"name\": $(json_string "${SEAT_NAMES[$i]}"), \"host\": \"127.0.0.1\", \"port\": ${SEAT_PORTS[$i]}}"
    done
    hosts_json+="${hosts_json:+,}
    {\"name\": $(json_string "$host"), \"address\": \"127.0.0.1\", \"secret\": $(json_string "${secrets[h]}"),
     \"seats\": [$seats_json]}"
  done
  cat >"$dir/pool.json.new" <<JSON
{
  "name": $(json_string "$name"),
  "placement": "$placement",
  "organisations": [${orgs_json%, }],
  "roles": [],
  "disconnectedTimeoutSeconds": 1200,
  "idleTimeoutSeconds": 1800,
  "resetCommand": $reset,
  "resetTimeoutSeconds": 120,
  "hosts": [$hosts_json
  ]
}
JSON
  chmod 600 "$dir/pool.json.new" && mv -f "$dir/pool.json.new" "$dir/pool.json"
  echo "desktop-seats: $total seat(s) of \"$name\" answering on displays :$first-:$last" \
       "(ports $((BASE_PORT + first))-$((BASE_PORT + last))); pool file $dir/pool.json"
}

cmd_reset() {
  [[ $# -ge 1 && $# -le 2 ]] || usage
  local dir port="${2:-${SEAT_PORT:-}}"; dir="$(realpath -- "$1")"
  [[ -n "$port" ]] || die "reset needs SEAT_PORT in the environment (or a PORT argument)"
  need Xvnc tigervnc-standalone-server; need_desktop
  find_seat "$dir" "$port"
  local n="${SEAT_DISPLAYS[$SEAT]}" seat="${SEAT_NAMES[$SEAT]}" problem
  lock_seat "$dir" "$n"
  halt_seat "$dir" "$n" || die "could not stop Xvnc :$n ($seat)"
  problem="$(display_problem "$n")"; [[ -z "$problem" ]] || die "cannot restart $seat: $problem"
  launch_seat "$dir" "$n" "${SEAT_HOSTS[$SEAT]}" "$seat" "${SEAT_GEOMETRIES[$SEAT]}"
  await_seat "$dir" "$n" "$seat" || die "reset of $seat failed: Xvnc :$n did not come back"
  launch_desktop "$dir" "$n" "$seat" "${SEAT_GEOMETRIES[$SEAT]}" "${SEAT_LABELS[$SEAT]}"
  await_desktop "$dir" "$n" "$seat" || die "reset of $seat failed: its desktop did not come back"
  echo "desktop-seats: reset $seat (display :$n, port $port)"
}

cmd_kill() {
  [[ $# -eq 2 ]] || usage
  local dir; dir="$(realpath -- "$1")"
  find_seat "$dir" "$2"
  local n="${SEAT_DISPLAYS[$SEAT]}" pid; pid="$(cat "$dir/run/$n.pid" 2>/dev/null || true)"
  xvnc_running "$pid" "$n" || die "the seat on port $2 (${SEAT_NAMES[$SEAT]}) is not running"
  kill -KILL "$pid"
  halt_desktop "$dir" "$n" KILL || die "the desktop programs of :$n outlived SIGKILL"
  echo "desktop-seats: killed Xvnc :$n (${SEAT_NAMES[$SEAT]}, pid $pid) and its desktop"
}

cmd_stop() {
  [[ $# -eq 1 ]] || usage
  local dir; dir="$(realpath -- "$1")"
  [[ -r "$dir/seats.tsv" ]] || { echo "desktop-seats: no seats in $dir"; return 0; }
  load_seats "$dir"
  local i failed=0
  for i in "${!SEAT_DISPLAYS[@]}"; do
    (lock_seat "$dir" "${SEAT_DISPLAYS[$i]}"; halt_seat "$dir" "${SEAT_DISPLAYS[$i]}") || failed=1
  done
  ((failed == 0)) || die "some seats in $dir could not be stopped"
  echo "desktop-seats: stopped the seats in $dir"
}

cmd_colour() {
  [[ $# -eq 3 ]] || usage
  local dir; dir="$(realpath -- "$1")"
  [[ "$3" =~ ^#[0-9A-Fa-f]{6}$ ]] || die "the colour is #RRGGBB, not $3"
  need xsetroot x11-xserver-utils
  find_seat "$dir" "$2"
  local n="${SEAT_DISPLAYS[$SEAT]}" deadline
  lock_seat "$dir" "$n"  # a reset in progress first starts its desktop, background included
  deadline=$((SECONDS + GREETING_TIMEOUT))
  until greets "$2"; do  # the seat may be coming back from a reset: wait for it
    ((SECONDS < deadline)) || die "the seat on port $2 (${SEAT_NAMES[$SEAT]}) does not answer"; sleep 0.1
  done
  xsetroot -display ":$n" -solid "$3"
}

cmd_status() {
  [[ $# -eq 1 ]] || usage
  local dir; dir="$(realpath -- "$1")"
  load_seats "$dir"
  local i state programs
  for i in "${!SEAT_DISPLAYS[@]}"; do
    state=answering; greets "${SEAT_PORTS[$i]}" || state="not answering"
    programs="$(desktop_pids "$dir" "${SEAT_DISPLAYS[$i]}" | wc -l)"
    printf ':%s\t%s\t%s\t%s\t%s desktop process(es)\n' "${SEAT_DISPLAYS[$i]}" "${SEAT_PORTS[$i]}" \
      "${SEAT_NAMES[$i]}" "$state" "$programs"
  done
}

cmd_free_range() {
  [[ $# -ge 1 && $# -le 2 && "$1" =~ ^[1-9][0-9]*$ ]] || usage
  local count="$1" from="${2:-41}" d n ok
  [[ "$from" =~ ^[1-9][0-9]*$ ]] || usage
  for ((d = from; d < from + 500 && BASE_PORT + d + count - 1 <= 65535; d++)); do
    ok=1
    for ((n = d; n < d + count; n++)); do [[ -z "$(display_problem "$n")" ]] || { ok=0; d="$n"; break; }; done
    if ((ok)); then echo "$d"; return 0; fi
  done
  die "no $count free displays in a row from :$from"
}

[[ $# -ge 1 ]] || usage
command="$1"; shift
case "$command" in
  start) cmd_start "$@" ;;
  reset) cmd_reset "$@" ;;
  kill) cmd_kill "$@" ;;
  stop) cmd_stop "$@" ;;
  colour | color) cmd_colour "$@" ;;
  status) cmd_status "$@" ;;
  free-range) cmd_free_range "$@" ;;
  -h | --help | help) usage ;;
  *) echo "desktop-seats: unknown command $command" >&2; usage ;;
esac
