#!/usr/bin/env bash
# Issue 6's job executor benchmark on MariaDB/MySQL (see JobExecutorBenchmark in src/test/java/.../bench):
# BENCH_JOURNEYS journeys wait on their inactivity timer, all are made due at once, and the server's
# transitions per second are measured beside bare Camunda running as many no-op timer jobs on a second
# database of the same server, with the same job executor settings. Writes target/job-executor-*.md.
# Settings: BENCH_JOURNEYS (100000); BENCH_SEED (default: all of them; fewer: that many users are seeded
# through ingest and copied in SQL until there are BENCH_JOURNEYS, see JourneyCopies);
# BENCH_JE_CORE/MAX/QUEUE/ACQUISITION, BENCH_ACQUIRE_BY_DUE_DATE, BENCH_ACQUIRE_BY_PRIORITY (default: the
# application's settings, 8, 8, 16, 16, true, true; priority false takes the sends after every due timer);
# BENCH_BARE_VARIANTS (bare Camunda once per entry: "server", with the server's
# settings where they differ from a standalone engine's, i.e. time-based UUIDs as ids and the mysql
# profile's connection init statement; "stock", a standalone engine's defaults; default both; "" for
# none); BENCH_INNODB_BUFFER_POOL (see server.sh); extra arguments go to Maven, e.g.
# -Dbench.measure-minutes=10: measure the transitions of the first 10 minutes instead of waiting for all.
set -euo pipefail
cd "$(dirname "$0")/../.."

. docs/bench/server.sh
JOURNEYS=${BENCH_JOURNEYS:-100000}
SEED=${BENCH_SEED:-$JOURNEYS}
JE_CORE=${BENCH_JE_CORE:-8}
JE_MAX=${BENCH_JE_MAX:-8}
JE_QUEUE=${BENCH_JE_QUEUE:-16}
JE_ACQUISITION=${BENCH_JE_ACQUISITION:-16}
BY_DUE_DATE=${BENCH_ACQUIRE_BY_DUE_DATE:-true}
BY_PRIORITY=${BENCH_ACQUIRE_BY_PRIORITY:-true}
BARE_VARIANTS=${BENCH_BARE_VARIANTS-server stock}
ENGINE_OPTS="-Dcamunda.bpm.job-execution.core-pool-size=$JE_CORE -Dcamunda.bpm.job-execution.max-pool-size=$JE_MAX \
 -Dcamunda.bpm.job-execution.queue-capacity=$JE_QUEUE -Dcamunda.bpm.job-execution.max-jobs-per-acquisition=$JE_ACQUISITION \
 -Dcamunda.bpm.generic-properties.properties.job-executor-acquire-by-due-date=$BY_DUE_DATE \
 -Dcamunda.bpm.generic-properties.properties.job-executor-acquire-by-priority=$BY_PRIORITY"
# no quiet hours: the journeys' welcome and feature-guide sends must not wait for the morning while seeding
QUIET_HOURS_OFF="LIFECYCLE_MESSAGING_QUIET_HOURS_SEND_FROM=00:00 LIFECYCLE_MESSAGING_QUIET_HOURS_SEND_UNTIL=00:00"
BENCH_OPTS="-Dbench.je.core-pool-size=$JE_CORE -Dbench.je.max-pool-size=$JE_MAX -Dbench.je.queue-capacity=$JE_QUEUE \
 -Dbench.je.max-jobs-per-acquisition=$JE_ACQUISITION -Dbench.acquire-by-due-date=$BY_DUE_DATE \
 -Dbench.acquire-by-priority=$BY_PRIORITY"

phase() {
  # shellcheck disable=SC2086
  run_bench JobExecutorBenchmark $BENCH_OPTS -Dbench.journeys="$JOURNEYS" -Dbench.phase="$1" "${@:2}"
}

# the server with the benchmark's job executor settings and no quiet hours; arguments: more environment
start_journey_server() {
  # shellcheck disable=SC2086
  BENCH_SERVER_JAVA_OPTS="${BENCH_SERVER_JAVA_OPTS:-} $ENGINE_OPTS" start_server $QUIET_HOURS_OFF "$@"
}

# Copies write gigabytes: MariaDB's stock 96 MiB redo log would make them wait on checkpoints, so they get a
# 2 GiB one (resized online, MariaDB 10.9 and later; elsewhere left as it is); the measurements start once
# the database has written the copies out (flushed at up to 20,000 pages/s instead of the stock 200), with
# every setting as it was.
copy_journeys() {
  local settings log_before
  settings=$(sql -N -e "SELECT CONCAT('SET GLOBAL innodb_max_dirty_pages_pct = ', @@innodb_max_dirty_pages_pct,
    '; SET GLOBAL innodb_io_capacity = ', @@innodb_io_capacity, '; SET GLOBAL innodb_io_capacity_max = ',
    @@innodb_io_capacity_max)")
  log_before=$(sql -N -e "SELECT @@innodb_log_file_size")
  sql -e "SET GLOBAL innodb_log_file_size = 2147483648" 2> /dev/null || true
  phase copy "$@"
  sql -e "SET GLOBAL innodb_io_capacity_max = 50000; SET GLOBAL innodb_io_capacity = 20000;
    SET GLOBAL innodb_max_dirty_pages_pct = 0"
  local waited=0
  until [ "$(sql -N -e "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'" | cut -f2)" -lt 1000 ]; do
    if [ $waited -ge 1800 ]; then
      echo "The database still has unwritten pages after 30 minutes: measuring anyway" >&2
      break
    fi
    sleep 5; waited=$((waited + 5))
  done
  sql -e "$settings"
  sql -e "SET GLOBAL innodb_log_file_size = $log_before" 2> /dev/null || true
}

if [ "$SEED" -lt "$JOURNEYS" ] && [ $((JOURNEYS % SEED)) -ne 0 ]; then
  echo "BENCH_JOURNEYS ($JOURNEYS) must be a multiple of BENCH_SEED ($SEED): the rest are copies of the seeded ones" >&2
  exit 2
fi
fresh_database
start_journey_server LIFECYCLE_JOURNEY_SIGNAL_DISPATCH_THREADS=4
JOURNEYS="$SEED" phase seed "$@"
if [ "$SEED" -lt "$JOURNEYS" ]; then
  kill "$SERVER"; wait "$SERVER" || true
  copy_journeys "$@"
  start_journey_server
fi
# scale figures with the journeys in place: database bytes, heap after a full GC, start-up time
{
  echo "| journeys | database bytes (data + indexes) | per journey | heap used after GC | start-up with them |"
  echo "|---|---|---|---|---|"
} > target/job-executor-scale.md
bytes=$(sql -N -e "SELECT SUM(data_length + index_length) FROM information_schema.tables WHERE table_schema = '$DB'")
jcmd "$SERVER" GC.run > /dev/null
heap=$(jcmd "$SERVER" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+')
kill "$SERVER"; wait "$SERVER" || true

sql "$DB" -e "UPDATE ACT_RU_JOB SET DUEDATE_ = NOW() WHERE HANDLER_CFG_ LIKE 'Event_InactivityDue%'"
started=$(date +%s.%N)
start_journey_server LIFECYCLE_JOURNEY_INACTIVE_AFTER=P5D
startup=$(echo "$(date +%s.%N) - $started" | bc)
printf '| %d | %d | %d | %d MiB | %.0f s (to healthy, timers firing) |\n' "$JOURNEYS" "$bytes" "$((bytes / JOURNEYS))" \
  "$((heap / 1024))" "$startup" >> target/job-executor-scale.md
phase measure "$@"
kill "$SERVER"; wait "$SERVER" || true

for variant in $BARE_VARIANTS; do
  sql -e "DROP DATABASE IF EXISTS ${DB}_bare; CREATE DATABASE ${DB}_bare CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
  phase bare -Dbench.bare-jdbc="jdbc:mysql://127.0.0.1:3306/${DB}_bare" -Dbench.bare-variant="$variant" "$@"
done
cat target/job-executor-scale.md target/job-executor-journey.md
for variant in $BARE_VARIANTS; do cat "target/job-executor-bare-$variant.md"; done
echo "Server log: $WORK/server.log"
