#!/usr/bin/env bash
# Parses every script under Public/ with node (`node --check`), as the ES module the pages load it as; fails naming each
# script that does not parse. Usage: scripts/check-scripts.sh
set -euo pipefail
cd "$(dirname "$0")/.."

command -v node >/dev/null || { echo "check-scripts: node is not installed (scripts/install-deps.sh test installs it)" >&2; exit 1; }
mapfile -t scripts < <(find Public -type f \( -name '*.js' -o -name '*.mjs' \) | sort)
((${#scripts[@]})) || { echo "check-scripts: no scripts under Public/" >&2; exit 1; }
bad=0
for script in "${scripts[@]}"; do
  # stdin with --input-type=module: a module whatever node's default for .js files (the pages load them as modules)
  if node --input-type=module --check <"$script"; then
    echo "ok      $script"
  else
    echo "FAILED  $script" >&2
    bad=$((bad + 1))
  fi
done
((bad == 0)) || { echo "check-scripts: $bad of ${#scripts[@]} script(s) do not parse" >&2; exit 1; }
echo "check-scripts: all ${#scripts[@]} scripts parse"
