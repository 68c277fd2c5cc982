#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server on a loopback port, and stop it afterwards.
# GOVREPORT_PG_URL is set for the command. If GOVREPORT_PG_URL is already set, or no PostgreSQL
# is installed, the command runs as it is (tests that need PostgreSQL then skip, or fail under CI=true).
set -euo pipefail

if [ -n "${GOVREPORT_PG_URL:-}" ]; then exec "$@"; fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with-postgres: no PostgreSQL installed; running without it" >&2
  exec "$@"
fi

port=${GOVREPORT_PG_PORT:-54329}
data=$(mktemp -d /tmp/govreport-pg.XXXXXX)
run=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root: run the server as the postgres user.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$data"
  run=(runuser -u postgres --)
fi
chmod 700 "$data"

stop() {
  "${run[@]}" "$bindir/pg_ctl" -D "$data/db" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap stop EXIT

"${run[@]}" "$bindir/initdb" -D "$data/db" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 \
  || { cat "$data/initdb.log" >&2; exit 1; }
"${run[@]}" "$bindir/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off" start >/dev/null \
  || { cat "$data/server.log" >&2; exit 1; }

export GOVREPORT_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL on 127.0.0.1:$port" >&2
set +e
"$@"
status=$?
set -e
exit $status
