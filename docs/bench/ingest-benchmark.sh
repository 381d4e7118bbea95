#!/usr/bin/env bash
# Issue 3's ingest benchmark on MariaDB/MySQL: the packaged server against a fresh database, then
# IngestBenchmark (src/test/java/io/lifecycleengine/bench) measures the raw-insert ceiling and the HTTP
# ingest side by side. Writes target/ingest-benchmark.md. Needs MariaDB/MySQL on 127.0.0.1:3306 (root,
# no password, or set BENCH_DB_USER/BENCH_DB_PASSWORD) and Python <= 3.11 for the SMTP sink; the other
# settings (BENCH_INNODB_BUFFER_POOL, BENCH_SERVER_JAVA_OPTS, ...) are server.sh's.
# Extra arguments go to Maven, e.g. -Dbench.seconds=120 -Dbench.threads=6
set -euo pipefail
cd "$(dirname "$0")/../.."

. docs/bench/server.sh
SMTP_PORT=${BENCH_SMTP_PORT:-2526}

fresh_database
# an SMTP sink that accepts and drops every message
python3 -W ignore -c '
import asyncore, smtpd, sys
class Sink(smtpd.SMTPServer):
    def process_message(self, *args, **kwargs):
        return None
Sink(("127.0.0.1", int(sys.argv[1])), None, decode_data=False)
asyncore.loop()' "$SMTP_PORT" > "$WORK/smtp.log" 2>&1 &
SMTP=$!
trap 'kill $SMTP 2>/dev/null || true; cleanup' EXIT
start_server SPRING_MAIL_HOST=127.0.0.1 SPRING_MAIL_PORT="$SMTP_PORT"

run_bench IngestBenchmark "$@"
echo "Server log: $WORK/server.log"
grep -c " ERROR " "$WORK/server.log" || true
