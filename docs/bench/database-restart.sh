#!/usr/bin/env bash
# Issue 6's database-restart fault run: the packaged server on a fresh MariaDB database under ingest load
# (DatabaseRestartRun, src/test/java/.../bench), MariaDB stopped after 15 s and started again 15 s later.
# Writes target/database-restart.md. Run it on a machine where restarting the local MariaDB is fine.
set -euo pipefail
cd "$(dirname "$0")/../.."

DB=${BENCH_DB:-lifecycle_bench}
DB_USER=${BENCH_DB_USER:-root}
DB_PASSWORD=${BENCH_DB_PASSWORD:-}
PORT=${BENCH_PORT:-8089}
WORK=$(mktemp -d)
JDBC="jdbc:mysql://127.0.0.1:3306/$DB"
up() { mysqladmin --protocol=tcp -h127.0.0.1 -u"$DB_USER" ${DB_PASSWORD:+-p"$DB_PASSWORD"} ping >/dev/null 2>&1; }

[ -f target/lifecycle-engine.jar ] || ./mvnw -q -B package -DskipTests
./mvnw -q -B test-compile
mysql -h127.0.0.1 -u"$DB_USER" ${DB_PASSWORD:+-p"$DB_PASSWORD"} -e \
  "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
SPRING_PROFILES_ACTIVE=mysql MYSQL_URL="$JDBC" MYSQL_USER="$DB_USER" MYSQL_PASSWORD="$DB_PASSWORD" \
  LIFECYCLE_ADMIN_PASSWORD=bench-admin LIFECYCLE_INGEST_WRITE_KEY=bench-key LIFECYCLE_MESSAGING_LINK_SECRET=bench-link \
  PORT="$PORT" java ${BENCH_SERVER_JAVA_OPTS:-} -jar target/lifecycle-engine.jar > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 120); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && break
  sleep 1
done
echo "Server up on $PORT (log: $WORK/server.log)"

./mvnw -q -B -o surefire:test -Dtest=DatabaseRestartRun -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.url="http://127.0.0.1:$PORT" -Dbench.jdbc="$JDBC" -Dbench.jdbc.user="$DB_USER" \
  -Dbench.jdbc.password="$DB_PASSWORD" -Dbench.write-key=bench-key -Dbench.seconds=60 "$@" &
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
