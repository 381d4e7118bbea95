#!/usr/bin/env bash
# Issue 6's database-restart fault run: the packaged server on a fresh MariaDB database under ingest load
# (DatabaseRestartRun, src/test/java/.../bench), MariaDB stopped after 15 s and started again 15 s later.
# Writes target/database-restart.md. Run it on a machine where restarting the local MariaDB is fine.
set -euo pipefail
cd "$(dirname "$0")/../.."

. docs/bench/server.sh
up() { mysqladmin --protocol=tcp -h127.0.0.1 -u"$DB_USER" ${DB_PASSWORD:+-p"$DB_PASSWORD"} ping >/dev/null 2>&1; }

fresh_database
./mvnw -q -B test-compile
start_server

# shellcheck disable=SC2046
./mvnw -q -B -o surefire:test -Dtest=DatabaseRestartRun -Dsurefire.failIfNoSpecifiedTests=false \
  $(bench_arguments) -Dbench.seconds=60 "$@" &
LOAD=$!
sleep 15
echo "$(date -u +%T) stopping MariaDB"
start-stop-daemon --stop --oknodo --retry 30 --exec /usr/sbin/mariadbd
sleep 15
echo "$(date -u +%T) starting MariaDB"
start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- ${MARIADB_OPTS:-}
for _ in $(seq 60); do up && break; sleep 1; done
echo "$(date -u +%T) MariaDB up"
wait $LOAD
cat target/database-restart.md
echo "server errors logged: $(grep -c ' ERROR ' "$WORK/server.log" || true) (log: $WORK/server.log)"
kill -0 $SERVER && echo "the server process ran throughout"
