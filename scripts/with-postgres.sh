#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: initdb into a temp folder, start it on a free
# loopback port, export DATABASE_URL, run "$@", stop and delete the cluster.
# Exits 3 (and says so) when PostgreSQL's server binaries are not installed.
# The cluster trades durability for speed (fsync, synchronous_commit and full_page_writes off), which
# suits tests; PG_DURABLE=1 keeps PostgreSQL's defaults (every commit flushed to disk) for benchmarks.
set -euo pipefail

bindir=""
for candidate in /usr/lib/postgresql/*/bin; do
  [ -x "$candidate/initdb" ] && bindir="$candidate"
done
if [ -z "$bindir" ] && command -v initdb >/dev/null 2>&1; then
  bindir="$(dirname "$(command -v initdb)")"
fi
if [ -z "$bindir" ]; then
  echo "with-postgres: PostgreSQL server binaries (initdb) not found — skipped." >&2
  exit 3
fi

datadir="$(mktemp -d /tmp/liuhao-pg.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
as_pg=()
if [ "$(id -u)" = "0" ]; then
  # initdb refuses to run as root: run the server as the postgres user.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$datadir"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$datadir"
}
trap cleanup EXIT

"${as_pg[@]}" "$bindir/initdb" -D "$datadir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
durability="fast (fsync off)"
if [ "${PG_DURABLE:-0}" = "1" ]; then
  fast=""
  durability="durable (fsync on)"
fi
"${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir/data" -l "$datadir/log" -w -o \
  "-p $port -k $datadir -c listen_addresses=127.0.0.1 $fast -c max_connections=100" \
  start >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on port $port, $durability" >&2
"$@"
