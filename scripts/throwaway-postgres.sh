#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on loopback, for tests.
#   scripts/throwaway-postgres.sh start DIR   create + start; prints the URL (also written to DIR/url)
#   scripts/throwaway-postgres.sh url DIR     prints the URL of a started cluster
#   scripts/throwaway-postgres.sh stop DIR    stops the cluster and removes DIR
#   scripts/throwaway-postgres.sh outage DIR SECONDS   stops the cluster (fast: sessions cut), keeps it down for
#                                             SECONDS, starts it again and waits until it accepts connections
# Only the URL goes to stdout, so `url=$(scripts/throwaway-postgres.sh start "$dir")` works.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
START_TIMEOUT=60   # seconds to wait for the server to accept connections
FIRST_PORT=55432

usage() { echo "usage: $0 start|stop|url DIR, or $0 outage DIR SECONDS" >&2; exit 2; }
[[ $# -eq 2 || ( $# -eq 3 && "$1" == outage ) ]] || usage
cmd="$1"
dir="$(realpath -m "$2")"
marker="$dir/.throwaway-postgres"   # proves DIR is ours before `stop` deletes it

# initdb and postgres refuse to run as root: run them as the `postgres` OS user then.
as_owner() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# True when something already accepts TCP connections on 127.0.0.1:$1.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  [[ -x "$PG_BIN/initdb" ]] || { echo "PostgreSQL 15 not found in $PG_BIN (run scripts/install-deps.sh test)" >&2; exit 1; }
  [[ ! -e "$dir/data" ]] || { echo "$dir/data already exists; stop it first" >&2; exit 1; }
  mkdir -p "$dir"
  touch "$marker"
  if [[ $EUID -eq 0 ]]; then chown -R postgres: "$dir"; fi
  as_owner test -w "$dir" || { echo "the postgres user cannot write to $dir (check the parent folders' permissions)" >&2; exit 1; }

  local port=$FIRST_PORT
  while port_in_use "$port"; do
    port=$((port + 1))
    ((port < FIRST_PORT + 100)) || { echo "no free port in $FIRST_PORT..$port" >&2; exit 1; }
  done

  as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }

  # Trust, but only over the unix socket in DIR and loopback TCP.
  cat >"$dir/data/pg_hba.conf" <<HBA
local all all              trust
host  all all 127.0.0.1/32 trust
HBA
  # fsync, synchronous_commit and full_page_writes stay at their (safe) defaults.
  cat >>"$dir/data/postgresql.conf" <<CONF

# throwaway-postgres.sh
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 2000  # the Swift tests run in parallel, each app with its own pool (and some with two instances); 1000 ran out once on a loaded machine
shared_buffers = 32MB
CONF

  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -W start >/dev/null

  # Poll until the server accepts connections, with a deadline.
  local deadline=$((SECONDS + START_TIMEOUT))
  until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1; do
    if ((SECONDS >= deadline)); then
      echo "PostgreSQL did not become ready within ${START_TIMEOUT}s; log:" >&2
      tail -n 30 "$dir/postgres.log" >&2 || true
      exit 1
    fi
    sleep 0.2
  done

  # CREATEDB lets tests make a database of their own when they want isolation.
  "$PG_BIN/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE surgery LOGIN CREATEDB" \
    -c "CREATE DATABASE surgery_test OWNER surgery" >&2

  local url="postgres://surgery@127.0.0.1:$port/surgery_test?sslmode=disable"
  echo "$url" >"$dir/url"
  echo "$url"
}

stop() {
  if [[ ! -e "$marker" ]]; then
    echo "$dir is not a throwaway-postgres folder; nothing stopped" >&2
    return 0
  fi
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null ||
      echo "pg_ctl stop failed; removing $dir anyway" >&2
  fi
  rm -rf "$dir"
}

# A fault for tests: the database goes away for SECONDS (the length of the outage, not a wait for anything), then
# comes back on the same port with the same data.
outage() {
  [[ -e "$marker" ]] || { echo "$dir is not a throwaway-postgres folder" >&2; exit 1; }
  [[ "$1" =~ ^[0-9]+([.][0-9]+)?$ ]] || usage
  local port
  port="$(sed -n 's/^port = \([0-9]*\)$/\1/p' "$dir/data/postgresql.conf" | tail -n 1)"
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
  sleep "$1"
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -W start >/dev/null
  local deadline=$((SECONDS + START_TIMEOUT))
  until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1; do
    ((SECONDS < deadline)) || { echo "PostgreSQL did not come back within ${START_TIMEOUT}s" >&2; exit 1; }
    sleep 0.2
  done
}

case "$cmd" in
  start) start ;;
  outage) outage "$3" ;;
  stop) stop ;;
  url) cat "$dir/url" ;;
  *) usage ;;
esac
