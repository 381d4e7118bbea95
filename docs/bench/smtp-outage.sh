#!/usr/bin/env bash
# Issue 6's SMTP outage run on MariaDB/MySQL: the packaged server (job executor on, default send retry
# cycle) against a fresh database, its SMTP port dead while users sign up; SmtpOutageRun
# (src/test/java/.../bench) then starts an SMTP server and checks every welcome arrives once.
# Writes target/smtp-outage.md. Extra arguments go to Maven, e.g. -Dbench.users=300 -Dbench.outage-seconds=180
set -euo pipefail
cd "$(dirname "$0")/../.."

. docs/bench/server.sh
SMTP_PORT=${BENCH_SMTP_PORT:-2528}

fresh_database
start_server LIFECYCLE_MESSAGING_QUIET_HOURS_SEND_FROM=00:00 LIFECYCLE_MESSAGING_QUIET_HOURS_SEND_UNTIL=00:00 \
  SPRING_MAIL_HOST=127.0.0.1 SPRING_MAIL_PORT="$SMTP_PORT"

run_bench SmtpOutageRun -Dbench.smtp-port="$SMTP_PORT" "$@"
echo "Server log: $WORK/server.log"
grep -c " ERROR " "$WORK/server.log" || true
