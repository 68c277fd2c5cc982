#!/usr/bin/env bash
# Run a command with a throwaway MariaDB (MySQL) server on a loopback port, and stop it afterwards.
# GOVREPORT_MYSQL_URL is set for the command. If GOVREPORT_MYSQL_URL is already set, or no MariaDB
# is installed, the command runs as it is (tests that need MySQL then skip, or fail under CI=true).
set -euo pipefail

if [ -n "${GOVREPORT_MYSQL_URL:-}" ]; then exec "$@"; fi
server=$(command -v mariadbd || ls /usr/sbin/mariadbd 2>/dev/null || true)
if [ -z "$server" ] || ! command -v mariadb-install-db >/dev/null 2>&1; then
  echo "with-mariadb: no MariaDB installed; running without it" >&2
  exec "$@"
fi

port=${GOVREPORT_MYSQL_PORT:-33069}
data=$(mktemp -d /tmp/govreport-mariadb.XXXXXX)
user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  # the server refuses to run as root: run it as the mysql user the package creates
  id mysql >/dev/null 2>&1 || useradd --system --no-create-home mysql
  user=mysql
fi
chown "$user" "$data"
chmod 700 "$data"
sock="$data/mysqld.sock"
pid=""

stop() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$data"
}
trap stop EXIT

mariadb-install-db --no-defaults --user="$user" --datadir="$data/db" --auth-root-authentication-method=normal \
  --skip-test-db >"$data/install.log" 2>&1 || { cat "$data/install.log" >&2; exit 1; }
"$server" --no-defaults --user="$user" --datadir="$data/db" --socket="$sock" --port="$port" \
  --bind-address=127.0.0.1 --skip-name-resolve --innodb-buffer-pool-size=64M --innodb-log-file-size=16M \
  --pid-file="$data/mysqld.pid" --log-error="$data/server.log" &
pid=$!
for _ in $(seq 1 120); do
  mariadb-admin --no-defaults --socket="$sock" -u root ping >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$data/server.log" >&2; exit 1; }
  sleep 0.5
done
mariadb --no-defaults --socket="$sock" -u root -e \
  "CREATE DATABASE govreport CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
   CREATE USER 'govreport'@'127.0.0.1'; GRANT ALL ON *.* TO 'govreport'@'127.0.0.1';" \
  || { cat "$data/server.log" >&2; exit 1; }

export GOVREPORT_MYSQL_URL="mysql+pymysql://govreport@127.0.0.1:$port/govreport?charset=utf8mb4"
echo "with-mariadb: MariaDB on 127.0.0.1:$port" >&2
set +e
"$@"
status=$?
set -e
exit $status
