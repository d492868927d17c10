# Helpers shared by scripts/desktop-seats.sh and scripts/rdp-seats.sh (sourced, not run). The sourcing
# script defines die(). Needs bash 4.3 or later.

# Says which Debian package to install when a command is missing.
need() {  # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 || die "$1 not found: install the Debian package $2 (scripts/install-deps.sh does)"
}

slug() {  # "Riverside and Castle Street desktops" -> riverside-and-castle-street-desktops
  local s; s="$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]' | tr -cs 'a-z0-9' '-')"; s="${s#-}"
  printf '%s' "${s%-}"
}

json_string() {  # a JSON string literal; refuses control characters rather than escaping them
  local s="$1"
  [[ "$s" != *[[:cntrl:]]* ]] || die "control characters are not allowed in: $s"
  s="${s//\\/\\\\}"
  printf '"%s"' "${s//\"/\\\"}"
}

random_password() {  # 8 characters (all VncAuth uses) from /dev/urandom, letters and digits
  local chars=""
  while ((${#chars} < 8)); do chars+="$(head -c 256 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')"; done
  printf '%s' "${chars:0:8}"
}

greets() {  # greets PORT: true when 127.0.0.1:PORT answers with an RFB 3.x greeting
  # A subshell: a refused connection must not end the script, and fd 3 closes with it.
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1"
    IFS= read -r -t 3 -N 12 line <&3
    [[ "$line" == "RFB 003.00"[0-9]$'\n' ]]
  ) 2>/dev/null
}

port_taken() {  # port_taken PORT: true when something accepts connections on loopback PORT
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}


# In a subshell that is about to exec a long-lived program: closes every descriptor beyond 0-2. The
# program must hold none of ours: a caller that learns of this script's end through a pipe or socket
# it handed down (Foundation's Process on Linux does, and so would `$(…)`) would otherwise wait as
# long as the program runs. Bash reads /proc/self/fd itself, so "self" is the subshell.
close_inherited_descriptors() {
  local fd
  for fd in /proc/self/fd/*; do
    fd="${fd##*/}"
    if ((fd > 2)); then exec {fd}>&- 2>/dev/null || true; fi
  done
}

