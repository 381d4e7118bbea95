#!/usr/bin/env bash
# Issue 3's ingest benchmark on MariaDB/MySQL: the packaged server against a fresh database, then
# IngestBenchmark (src/test/java/io/lifecycleengine/bench) measures the raw-insert ceiling and the HTTP
# ingest side by side. Writes target/ingest-benchmark.md. Needs MariaDB/MySQL on 127.0.0.1:3306 (root,
# no password, or set BENCH_DB_USER/BENCH_DB_PASSWORD) and Python <= 3.11 for the SMTP sink.
# Extra arguments go to Maven, e.g. -Dbench.seconds=120 -Dbench.threads=6
set -euo pipefail
cd "$(dirname "$0")/../.."

DB=${BENCH_DB:-lifecycle_bench}
DB_USER=${BENCH_DB_USER:-root}
DB_PASSWORD=${BENCH_DB_PASSWORD:-}
PORT=${BENCH_PORT:-8089}
SMTP_PORT=${BENCH_SMTP_PORT:-2526}
WORK=$(mktemp -d)
JDBC="jdbc:mysql://127.0.0.1:3306/$DB"

[ -f target/lifecycle-engine.jar ] || ./mvnw -q -B package -DskipTests
mysql -h127.0.0.1 -u"$DB_USER" ${DB_PASSWORD:+-p"$DB_PASSWORD"} -e \
  "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"

# an SMTP sink that accepts and drops every message
python3 -W ignore -c '
import asyncore, smtpd, sys
class Sink(smtpd.SMTPServer):
    def process_message(self, *args, **kwargs):
        return None
Sink(("127.0.0.1", int(sys.argv[1])), None, decode_data=False)
asyncore.loop()' "$SMTP_PORT" > "$WORK/smtp.log" 2>&1 &
SMTP=$!
SPRING_PROFILES_ACTIVE=mysql MYSQL_URL="$JDBC" MYSQL_USER="$DB_USER" MYSQL_PASSWORD="$DB_PASSWORD" \
  LIFECYCLE_ADMIN_PASSWORD=bench-admin LIFECYCLE_INGEST_WRITE_KEY=bench-key LIFECYCLE_MESSAGING_LINK_SECRET=bench-link \
  SPRING_MAIL_HOST=127.0.0.1 SPRING_MAIL_PORT="$SMTP_PORT" SERVER_PORT="$PORT" \
  java ${BENCH_SERVER_JAVA_OPTS:-} -jar target/lifecycle-engine.jar > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER $SMTP 2>/dev/null || true' EXIT
for _ in $(seq 120); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/v1/track" && break
  sleep 1
done
echo "Server up on $PORT (log: $WORK/server.log)"

./mvnw -q -B test-compile surefire:test -Dtest=IngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.url="http://127.0.0.1:$PORT" -Dbench.jdbc="$JDBC" -Dbench.jdbc.user="$DB_USER" \
  -Dbench.jdbc.password="$DB_PASSWORD" -Dbench.write-key=bench-key "$@"
echo "Server log: $WORK/server.log"
grep -c " ERROR " "$WORK/server.log" || true
