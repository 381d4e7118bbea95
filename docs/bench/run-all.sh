#!/usr/bin/env bash
# Issue 6's benchmark and fault suite in one command, on the local MariaDB/MySQL (see docs/benchmarks.md
# and docs/reliability.md for what each part measures and the figures of earlier runs):
#   1. the fault tests of the suite on MariaDB: kill -9 under load, two nodes with one killed,
#      SMTP outage into an incident and fast recovery, the hostile-input corpus
#   2. the scripted runs: ingest beside its ceiling, freshness under load, SMTP down for minutes,
#      the database restarted under load, timers falling due together beside bare Camunda (with the
#      scale figures)
# Each part's report lands in target/*.md; all of them are gathered in target/bench-suite.md.
# BENCH_QUICK=1 runs the scripted parts short (30 s loads, 10,000 journeys, a 1-minute outage).
# The database restart stops and starts the local MariaDB: run this where that is fine, not beside CI.
set -uo pipefail
cd "$(dirname "$0")/../.."

./mvnw -q -B -DskipTests package || exit 1
if [ "${BENCH_QUICK:-0}" = 1 ]; then
  load=(-Dbench.seconds=30 -Dbench.warm-up-seconds=5); journeys=10000; outage=(-Dbench.outage-seconds=60 -Dbench.users=100)
else
  load=(); journeys=${BENCH_JOURNEYS:-100000}; outage=()
fi
failed=()
part() {
  local name=$1; shift
  echo "== $name"
  if "$@"; then echo "== $name: done"; else echo "== $name: FAILED"; failed+=("$name"); fi
}

fault_tests() {
  mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS lifecycle_faults; CREATE DATABASE lifecycle_faults CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" &&
  SPRING_PROFILES_ACTIVE=mysql MYSQL_URL=jdbc:mysql://127.0.0.1:3306/lifecycle_faults MYSQL_USER=root MYSQL_PASSWORD= \
    LIFECYCLE_ADMIN_PASSWORD=faults-admin LIFECYCLE_INGEST_WRITE_KEY=faults-key LIFECYCLE_MESSAGING_LINK_SECRET=faults-link \
    ./mvnw -q -B verify -Dtest='HostileInputTest,UserLifecycleProcessTest' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test='KillNineIT,TwoNodeClusterIT'
}

part "fault tests on MariaDB" fault_tests
part "ingest beside the ceiling" env BENCH_SERVER_JAVA_OPTS="-Dcamunda.bpm.job-execution.enabled=false \
  -Dlifecycle.journey.signal-dispatch-threads=0 -Dlifecycle.journey.signal-retry.enabled=false" \
  docs/bench/ingest-benchmark.sh "${load[@]}"
part "freshness under load" docs/bench/freshness-benchmark.sh "${load[@]}"
part "SMTP down" docs/bench/smtp-outage.sh "${outage[@]}"
part "database restart" docs/bench/database-restart.sh
# 2,000 users seeded through ingest, the rest copied from them in SQL (BENCH_SEED=$journeys seeds all: hours)
part "timers due together, bare Camunda, scale" env BENCH_JOURNEYS="$journeys" BENCH_SEED="${BENCH_SEED:-2000}" \
  docs/bench/job-executor-benchmark.sh

{
  echo "# Benchmark and fault suite, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  for report in ingest-benchmark freshness-benchmark smtp-outage database-restart job-executor-scale \
      job-executor-journey job-executor-bare-server job-executor-bare-stock; do
    [ -f "target/$report.md" ] && { echo; echo "## $report"; echo; cat "target/$report.md"; }
  done
  echo
  echo "Failed parts: ${failed[*]:-none}"
} > target/bench-suite.md
cat target/bench-suite.md
[ ${#failed[@]} -eq 0 ]
