#!/bin/sh
# The nightly backup (docs/deployment.md section 9), run by surgery-backup.service as root: the audit checkpoint file
# first, then pg_dump, both private to root in /var/backups/surgery. The database's password comes from a password
# file (PGPASSFILE, /root/.pgpass by default), never the command line, where `ps` would show it.
#   BACKUP_URL   the database without its password, e.g.
#                postgres://surgery@db.example.nhs.uk:5432/surgery?sslmode=verify-full&sslrootcert=...
#   BACKUP_DIR   where the files go (/var/backups/surgery)
#   CHECKPOINTS  the live checkpoint file (/var/lib/surgery/audit-checkpoints.log)
#   KEEP_DAYS    backups older than this are removed (35)
set -eu
umask 077
: "${BACKUP_URL:?set BACKUP_URL: the database URL without its password}"
dir="${BACKUP_DIR:-/var/backups/surgery}"
checkpoints="${CHECKPOINTS:-/var/lib/surgery/audit-checkpoints.log}"
day="$(date +%F)"
install -d -m 0700 "$dir"
# the checkpoints before the dump: every head they vouch for is then in the dump
cp "$checkpoints" "$dir/audit-checkpoints-$day.log"
pg_dump --format=custom --file="$dir/surgery-$day.dump.partial" "$BACKUP_URL"
mv "$dir/surgery-$day.dump.partial" "$dir/surgery-$day.dump"
find "$dir" -maxdepth 1 -type f \( -name 'surgery-*.dump' -o -name 'audit-checkpoints-*.log' \) \
  -mtime +"${KEEP_DAYS:-35}" -delete
echo "backed up to $dir/surgery-$day.dump and $dir/audit-checkpoints-$day.log"
