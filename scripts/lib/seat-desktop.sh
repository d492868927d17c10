# The demo desktop of a seat (see the top of scripts/desktop-seats.sh): a background, twm, the seat's name,
# a terminal, a clock and an editor, and how to tell it shows and to stop it. Sourced by desktop-seats.sh, which
# defines die(), STOP_TIMEOUT, DESKTOP_TIMEOUT and DESKTOP_BACKGROUND, after scripts/lib/seats-common.sh.

need_desktop() {  # what each seat's desktop runs
  need xsetroot x11-xserver-utils; need twm twm; need xterm xterm; need xclock x11-apps; need xedit x11-apps
  need xmessage x11-utils; need xwininfo x11-utils
  [[ -d /usr/share/fonts/X11/misc ]] || die "no X core fonts: install the Debian package xfonts-base"
}

# twm's settings for every seat: nothing waits for a click to place a window (each comes where it asks,
# or at random), the seat's name bar has no title bar, titles in the core fonts of xfonts-base, and a
# click on the background opens a menu to start another terminal, clock or editor.
write_twmrc() {  # write_twmrc DIR
  cat >"$1/twmrc.new" <<'TWMRC'
NoGrabServer
RandomPlacement
UsePPosition "on"
DecorateTransients
NoTitle { "seat-name" }
TitleFont "-misc-fixed-bold-r-normal--13-*-*-*-*-*-iso10646-1"
MenuFont "-misc-fixed-medium-r-normal--13-*-*-*-*-*-iso10646-1"
IconFont "-misc-fixed-medium-r-normal--13-*-*-*-*-*-iso10646-1"
ResizeFont "-misc-fixed-medium-r-normal--13-*-*-*-*-*-iso10646-1"
IconManagerFont "-misc-fixed-medium-r-normal--13-*-*-*-*-*-iso10646-1"
BorderWidth 1
Color {
  BorderColor "#005eb8"
  TitleBackground "#005eb8"
  TitleForeground "white"
  MenuBackground "white"
  MenuForeground "black"
  MenuTitleBackground "#005eb8"
  MenuTitleForeground "white"
}
Button1 = : title : f.move
Button2 = : title : f.raiselower
Button1 = : root : f.menu "desktop"
Button3 = : root : f.menu "desktop"
menu "desktop" {
  "Demo desktop" f.title
  "Terminal" f.exec "exec xterm -title Terminal &"
  "Clock" f.exec "exec xclock -title Clock &"
  "Text editor" f.exec "exec xedit &"
}
TWMRC
  mv -f "$1/twmrc.new" "$1/twmrc"
}

# Starts a program on display N in a session of its own (like Xvnc: none of our descriptors, default
# signals), in the seat's home, with a clean environment that carries the seat's DESKTOP_SEAT mark.
start_program() {  # start_program DIR DISPLAY SEAT PROGRAM [ARG…]
  local dir="$1" n="$2" seat="$3"; shift 3
  (
    close_inherited_descriptors
    cd "$dir/home/$seat"
    exec env -i --default-signal=TERM,INT,HUP DISPLAY=":$n" HOME="$dir/home/$seat" LANG=C.UTF-8 \
      PATH=/usr/local/bin:/usr/bin:/bin USER="$(id -un)" DESKTOP_SEAT="$dir/run/$n" \
      setsid "$@" </dev/null >>"$dir/logs/$seat.log" 2>&1
  ) &
}

# Starts the desktop of display N (see the top of this file) on its running Xvnc: a fresh home, the
# background, twm and the programs. The terminal and the editor each keep to a quarter of the screen
# and the clock and the name to its top edge, so the centre stays background.
launch_desktop() {  # launch_desktop DIR DISPLAY SEAT GEOMETRY LABEL
  local dir="$1" n="$2" seat="$3" geometry="$4" label="$5"
  local width="${geometry%x*}" height="${geometry#*x}" home="$dir/home/$seat"
  local cols=$(((width / 2 - 60) / 6)) rows=$(((height / 2 - 130) / 13))  # the 6x13 "fixed" font
  ((cols <= 80)) || cols=80; ((cols >= 20)) || cols=20
  ((rows <= 24)) || rows=24; ((rows >= 5)) || rows=5
  local editor="$((width / 2 - 60))x$((height / 2 - 70))-12-12"
  rm -rf -- "$home"  # a reset leaves nothing of the last person's session
  mkdir -p "$home"
  # xedit shows only Latin-1 text: the label in ASCII ("—" as "-").
  printf '%s\n' "Notes on $(iconv -f UTF-8 -t ASCII//TRANSLIT <<<"$label" 2>/dev/null || echo "$seat")" "" "A demo desktop of Surgery Anywhere. A practice's own seats" \
    "show its Windows or Linux desktop and clinical system." "" "What is written here goes when the seat" \
    "is reset, as when its person signs out." >"$home/notes.txt"
  write_twmrc "$dir"
  xsetroot -display ":$n" -solid "$DESKTOP_BACKGROUND"
  start_program "$dir" "$n" "$seat" twm -f "$dir/twmrc"
  start_program "$dir" "$n" "$seat" xmessage -name seat-name -title "Seat name" -buttons "" -geometry +12+12 \
    -xrm '*international: true' -xrm '*fontSet: -misc-fixed-bold-r-normal--18-*-*-*-*-*-iso10646-1' \
    -bg "#005eb8" -fg white "$label"
  start_program "$dir" "$n" "$seat" xterm -title Terminal -geometry "${cols}x${rows}+12+84"
  start_program "$dir" "$n" "$seat" xclock -title Clock -geometry 150x150-12+12
  start_program "$dir" "$n" "$seat" xedit -geometry "$editor" notes.txt
}

# True when display N shows the program of WM_CLASS ("instance" "Class", as xwininfo prints it) in a
# window that is viewable and framed by twm (its parent is not the root). Found by class, not title:
# twm's icon for a window carries the window's title too.
desktop_shows() {  # desktop_shows DISPLAY CLASS
  # Every window of that class is looked at, not only the first listed: twm's icon of a window carries the same
  # class, and which of the two xwininfo lists first varies.
  local n="$1" class="$2" line id info
  while IFS= read -r line; do
    id="${line#"${line%%0x*}"}"; id="${id%% *}"
    info="$(xwininfo -display ":$n" -id "$id" -stats -children 2>/dev/null)" || continue
    [[ "$info" == *"Map State: IsViewable"* && "$info" != *"Parent window id: "*"(the root window)"* ]] && return 0
  done < <(xwininfo -display ":$n" -root -tree 2>/dev/null | grep -F -- ": $class")
  return 1
}

# Polls until display N shows the seat's name, the terminal and the clock, each framed by twm.
await_desktop() {  # await_desktop DIR DISPLAY SEAT
  local dir="$1" n="$2" seat="$3" class deadline=$((SECONDS + DESKTOP_TIMEOUT))
  for class in '("seat-name" "Xmessage")' '("xterm" "XTerm")' '("xclock" "XClock")'; do
    until desktop_shows "$n" "$class"; do
      if ((SECONDS >= deadline)); then
        echo "desktop-seats: the desktop of :$n ($seat) does not show $class after ${DESKTOP_TIMEOUT}s;" \
             "the end of $dir/logs/$seat.log:" >&2
        tail -n 15 "$dir/logs/$seat.log" >&2; return 1
      fi
      sleep 0.1
    done
  done
}

# The pids of display N's desktop: every process whose environment carries its DESKTOP_SEAT mark (a
# zombie's environment reads empty, so those that have ended are not among them), one a line.
desktop_pids() {  # desktop_pids DIR DISPLAY
  local file pid
  while IFS= read -r file; do
    pid="${file#/proc/}"; pid="${pid%/environ}"
    [[ "$pid" == "$$" ]] || echo "$pid"  # run from a seat's own terminal, this script carries the mark
  done < <(grep -lsxzF -- "DESKTOP_SEAT=$1/run/$2" /proc/[0-9]*/environ || true)
}

# Stops display N's desktop: SIGNAL (TERM unless given) to all its processes, then KILL to those left
# after STOP_TIMEOUT; fails if any outlasts that by 5 s.
halt_desktop() {  # halt_desktop DIR DISPLAY [SIGNAL]
  local dir="$1" n="$2" signal="${3:-TERM}" pids deadline
  pids="$(desktop_pids "$dir" "$n")"
  [[ -n "$pids" ]] || return 0
  # shellcheck disable=SC2086  # one pid a word
  kill "-$signal" $pids 2>/dev/null || true
  deadline=$((SECONDS + STOP_TIMEOUT))
  while pids="$(desktop_pids "$dir" "$n")" && [[ -n "$pids" ]]; do
    if ((SECONDS >= deadline)); then
      if [[ "$signal" == KILL ]]; then
        echo "desktop-seats: the desktop of :$n outlived SIGKILL: pids" $pids >&2; return 1
      fi
      echo "desktop-seats: the desktop of :$n ignored SIG$signal for ${STOP_TIMEOUT}s; killing pids" $pids >&2
      signal=KILL deadline=$((SECONDS + 5))
      # shellcheck disable=SC2086
      kill -KILL $pids 2>/dev/null || true
    fi
    sleep 0.1
  done
}
