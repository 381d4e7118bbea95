#!/usr/bin/env bash
# Issue 6's freshness benchmark on MariaDB/MySQL: the packaged server (job executor on) against a fresh
# database, sending mail to a GreenMail in the benchmark's JVM; FreshnessBenchmark (src/test/java/.../bench)
# measures event -> transition committed -> email accepted by SMTP under a background load.
# Writes target/freshness-benchmark.md. Extra arguments go to Maven, e.g. -Dbench.background-rate=1000
set -euo pipefail
cd "$(dirname "$0")/../.."

DB=${BENCH_DB:-lifecycle_bench}
DB_USER=${BENCH_DB_USER:-root}
DB_PASSWORD=${BENCH_DB_PASSWORD:-}
PORT=${BENCH_PORT:-8089}
WORK=$(mktemp -d)
JDBC="jdbc:mysql://127.0.0.1:3306/$DB"

[ -f target/lifecycle-engine.jar ] || ./mvnw -q -B package -DskipTests
mysql -h127.0.0.1 -u"$DB_USER" ${DB_PASSWORD:+-p"$DB_PASSWORD"} -e \
  "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
SPRING_PROFILES_ACTIVE=mysql MYSQL_URL="$JDBC" MYSQL_USER="$DB_USER" MYSQL_PASSWORD="$DB_PASSWORD" \
  LIFECYCLE_ADMIN_PASSWORD=bench-admin LIFECYCLE_INGEST_WRITE_KEY=bench-key LIFECYCLE_MESSAGING_LINK_SECRET=bench-link \
  LIFECYCLE_MESSAGING_QUIET_HOURS_SEND_FROM=00:00 LIFECYCLE_MESSAGING_QUIET_HOURS_SEND_UNTIL=00:00 PORT="$PORT" \
  SPRING_MAIL_HOST=127.0.0.1 SPRING_MAIL_PORT="${BENCH_SMTP_PORT:-2527}" \
  java ${BENCH_SERVER_JAVA_OPTS:-} -jar target/lifecycle-engine.jar > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 120); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && break
  sleep 1
done
echo "Server up on $PORT (log: $WORK/server.log)"

./mvnw -q -B test-compile surefire:test -Dtest=FreshnessBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.url="http://127.0.0.1:$PORT" -Dbench.jdbc="$JDBC" -Dbench.jdbc.user="$DB_USER" \
  -Dbench.jdbc.password="$DB_PASSWORD" -Dbench.write-key=bench-key -Dbench.smtp-port="${BENCH_SMTP_PORT:-2527}" "$@"
cat target/freshness-benchmark.md
echo "Server log: $WORK/server.log"
grep -c " ERROR " "$WORK/server.log" || true
