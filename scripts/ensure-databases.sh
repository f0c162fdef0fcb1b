#!/usr/bin/env bash
# Starts this machine's PostgreSQL and MariaDB if they are stopped, then checks that both
# answer on 127.0.0.1. Exits non-zero with a clear message when one cannot be reached:
# the database tests never skip silently.
set -uo pipefail

pg_ready() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
my_ready() { mariadb -h 127.0.0.1 -P 3306 -u root -e 'SELECT 1' test >/dev/null 2>&1; }

wait_for() { # name check
  for _ in $(seq 1 60); do "$2" && return 0; sleep 1; done
  echo "ensure-databases: $1 is not reachable on 127.0.0.1 after 60 s" >&2
  return 1
}

if ! pg_ready; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi
if ! my_ready; then
  echo "starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
fi

status=0
wait_for PostgreSQL pg_ready || status=1
wait_for MariaDB my_ready || status=1
[ "$status" -eq 0 ] && echo "PostgreSQL and MariaDB are up"
exit "$status"
