#!/usr/bin/env bash
# Issue 7's speed figure: the whole AAA-2013J backtest, run by several builds of the jar in turns, so that
# each build meets the host's drifts in speed (a fifth within minutes on the hosts seen) as often as the
# others. Each jar gets its own batch-JVM cache; its first run, which unpacks the jar and records the
# class-data archive, is not counted. Ends with each jar's runs and whether all reports agree but for the
# seconds. See docs/benchmarks.md ("Backtest of a whole OULAD presentation").
# usage: docs/bench/backtest-turns.sh ROUNDS JAR [JAR...]
#   e.g. cp target/lifecycle-engine.jar /tmp/new.jar; git stash; ./mvnw -q -DskipTests package
#        cp target/lifecycle-engine.jar /tmp/old.jar; git stash pop; docs/bench/backtest-turns.sh 3 /tmp/old.jar /tmp/new.jar
# BENCH_OULAD=DIR: where the OULAD data is (default ../shared/data/oulad).
set -euo pipefail
rounds=${1:?rounds}; shift
[ $# -ge 1 ] || { echo "usage: $0 ROUNDS JAR [JAR...]" >&2; exit 2; }
cd "$(dirname "$0")/../.."
events=target/backtest/aaa-2013j
[ -f "$events/events.ndjson" ] || docs/backtest/oulad-events.sh "${BENCH_OULAD:-../shared/data/oulad}" 2013J 2013-10-07 "$events"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() { # index jar -> "wall user" seconds
  local out="$work/out-$1"
  rm -rf "$out"
  TIMEFORMAT='%R %U'
  { time java -Dlifecycle.backtest.jvm-cache="$work/cache-$1" -jar "$2" backtest --events "$events/events.ndjson" \
      --to 2014-07-02 --labels "$events/labels.csv" --out "$out" > "$work/log-$1" 2>&1; } 2>&1
}

jars=("$@")
for i in "${!jars[@]}"; do
  figures=$(run "$i" "${jars[$i]}")
  echo "${jars[$i]}: first run (unpacks the jar, records the classes; not counted): wall ${figures% *} s, CPU ${figures#* } s"
done
for round in $(seq 1 "$rounds"); do
  for i in "${!jars[@]}"; do
    figures=$(run "$i" "${jars[$i]}")
    echo "round $round ${jars[$i]}: wall ${figures% *} s, CPU ${figures#* } s"
    echo "${figures% *}" >> "$work/walls-$i"
  done
done
echo "== $(date -u +%FT%TZ) on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
for i in "${!jars[@]}"; do
  echo "${jars[$i]}: wall $(sort -n "$work/walls-$i" | paste -sd' ') s"
done
python3 - "$work" "${#jars[@]}" <<'EOF'
import json, sys
work, count = sys.argv[1], int(sys.argv[2])
def without_seconds(report):
    report["summary"].pop("seconds", None)
    return report
reports = [without_seconds(json.load(open(f"{work}/out-{i}/report.json"))) for i in range(count)]
print("reports: identical but for the seconds" if all(r == reports[0] for r in reports)
      else "reports: DIFFER (not only in the seconds)")
EOF
