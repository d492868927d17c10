#!/usr/bin/env bash
# Runs every executable file in bench/ in name order; stops at the first that fails.
set -euo pipefail
cd "$(dirname "$0")/.."

ran=0
for script in bench/*; do
  [[ -f "$script" && -x "$script" ]] || continue
  printf '\n======== %s ========\n' "$script"
  "$script"
  ran=$((ran + 1))
done
((ran)) || echo "bench: no executable scripts in bench/ yet"
