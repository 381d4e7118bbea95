#!/usr/bin/env bash
# Issue 6's freshness benchmark on MariaDB/MySQL: the packaged server (job executor on) against a fresh
# database, sending mail to a GreenMail in the benchmark's JVM; FreshnessBenchmark (src/test/java/.../bench)
# measures event -> transition committed -> email accepted by SMTP under a background load.
# Writes target/freshness-benchmark.md. Extra arguments go to Maven, e.g. -Dbench.background-rate=1000
set -euo pipefail
cd "$(dirname "$0")/../.."

. docs/bench/server.sh
SMTP_PORT=${BENCH_SMTP_PORT:-2527}

fresh_database
start_server LIFECYCLE_MESSAGING_QUIET_HOURS_SEND_FROM=00:00 LIFECYCLE_MESSAGING_QUIET_HOURS_SEND_UNTIL=00:00 \
  SPRING_MAIL_HOST=127.0.0.1 SPRING_MAIL_PORT="$SMTP_PORT"

run_bench FreshnessBenchmark -Dbench.smtp-port="$SMTP_PORT" "$@"
cat target/freshness-benchmark.md
echo "Server log: $WORK/server.log"
grep -c " ERROR " "$WORK/server.log" || true
