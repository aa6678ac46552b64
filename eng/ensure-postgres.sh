#!/usr/bin/env bash
# Makes sure PostgreSQL server binaries (initdb, pg_ctl) are installed; the search tests start a throwaway server
# from them. Prints the bin folder. Installs postgresql-15 with apt when missing (needs root).
set -euo pipefail
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin=$(find_bin || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-postgres: PostgreSQL is not installed and this is not root; install postgresql-15 (tests needing it skip)." >&2
    exit 0
  fi
  echo "ensure-postgres: installing postgresql-15 with apt..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql-15 >&2 || apt-get install -y -qq postgresql >&2
  bin=$(find_bin)
fi
echo "$bin"
