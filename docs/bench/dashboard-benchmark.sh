#!/usr/bin/env bash
# Issue 5's dashboard benchmark on MariaDB: the packaged server on a fresh database filled with a
# synthetic history of N users (default 1,000,000) by SQL (MariaDB's SEQUENCE engine), then: the
# time to compute the analytics snapshot, the time of /dashboard page loads (curl, and a full render
# in headless Chromium), and of each /api/metrics endpoint for the last 30 days.
# Needs MariaDB on 127.0.0.1:3306 (root, no password) and /usr/bin/chromium. BENCH_KEEP_DATA=1 measures
# again on the database of an earlier run; BENCH_JAR=path measures another build (default: target/lifecycle-engine.jar).
set -euo pipefail
cd "$(dirname "$0")/../.."

USERS=${BENCH_USERS:-1000000}
DB=${BENCH_DB:-lifecycle_dash}
PORT=${BENCH_PORT:-8091}
WORK=$(mktemp -d)
SQL="mysql -h127.0.0.1 -uroot $DB"

JAR=${BENCH_JAR:-target/lifecycle-engine.jar}
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests

start_server() {
  SPRING_PROFILES_ACTIVE=mysql MYSQL_URL="jdbc:mysql://127.0.0.1:3306/$DB" MYSQL_USER=root MYSQL_PASSWORD= \
    LIFECYCLE_ADMIN_PASSWORD=bench-admin LIFECYCLE_INGEST_WRITE_KEY=bench-key LIFECYCLE_MESSAGING_LINK_SECRET=bench-link \
    LIFECYCLE_ANALYTICS_REFRESH_INTERVAL=PT1H SPRING_MAIL_HOST=127.0.0.1 SPRING_MAIL_PORT=2599 SERVER_PORT="$PORT" \
    CAMUNDA_BPM_JOB_EXECUTION_ENABLED=false LIFECYCLE_JOURNEY_SIGNAL_RETRY_ENABLED=false \
    java -Xmx1g -jar "$JAR" > "$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 180); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && return 0
    sleep 1
  done
  echo "server did not start, see $WORK/server.log" >&2
  exit 1
}

generate_seconds=0
if [ "${BENCH_KEEP_DATA:-0}" != 1 ]; then
mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
start_server
trap 'kill $SERVER 2>/dev/null || true' EXIT
kill $SERVER; wait $SERVER 2>/dev/null || true
echo "Schema ready; generating $USERS users"

generate_start=$(date +%s)
$SQL <<SQL
SET @n = $USERS;
CREATE TEMPORARY TABLE u (n INT PRIMARY KEY, id VARCHAR(32), first_seen DATETIME(3));
INSERT INTO u SELECT seq, CONCAT('u', seq), TIMESTAMP(DATE_SUB(UTC_DATE(), INTERVAL seq % 300 DAY)) + INTERVAL seq % 86400 SECOND
  FROM seq_1_to_$USERS;
INSERT INTO behavior_profile (user_id, first_seen_at, last_event_at, last_activity_at, event_count, activity_count, page_views,
  purchases, revenue, intent_signals, pricing_page_views, cart_adds, checkouts_started, demo_requests)
  SELECT id, first_seen, first_seen + INTERVAL 12 DAY, first_seen + INTERVAL 12 DAY, 10, 10, 2, n % 10 = 1, 0, 0, 0, 0, 0, 0 FROM u;
INSERT INTO profile_active_day (user_id, activity_date, events)
  SELECT u.id, DATE(u.first_seen) + INTERVAL (k.seq * (1 + u.n % 4)) DAY, 1 + (u.n + k.seq) % 5 FROM u JOIN seq_0_to_4 k;
-- lifecycle: everyone NEW, then one of five paths
INSERT INTO segment_transition (user_id, dimension, from_segment, to_segment, occurred_at, reason)
  SELECT id, 'lifecycle', NULL, 'NEW', first_seen, 'first event' FROM u;
INSERT INTO segment_transition (user_id, dimension, from_segment, to_segment, occurred_at, reason)
  SELECT id, 'lifecycle', 'NEW', 'ACTIVE', first_seen + INTERVAL 2 DAY, 'activated' FROM u WHERE n % 5 IN (0, 4);
INSERT INTO segment_transition (user_id, dimension, from_segment, to_segment, occurred_at, reason)
  SELECT id, 'lifecycle', 'NEW', 'HIGH_INTENT', first_seen + INTERVAL 1 DAY, IF(n % 5 = 1, 'intent: cart', 'intent: pricing-page')
  FROM u WHERE n % 5 IN (1, 2);
INSERT INTO segment_transition (user_id, dimension, from_segment, to_segment, occurred_at, reason)
  SELECT id, 'lifecycle', 'HIGH_INTENT', 'ACTIVE', first_seen + INTERVAL 2 DAY, 'converted: order completed after cart'
  FROM u WHERE n % 10 = 1;
INSERT INTO segment_transition (user_id, dimension, from_segment, to_segment, occurred_at, reason)
  SELECT id, 'lifecycle', 'HIGH_INTENT', IF(n % 5 = 1, 'ACTIVE', 'NEW'), first_seen + INTERVAL 8 DAY, 'high intent lapsed without conversion'
  FROM u WHERE n % 5 = 2 OR n % 10 = 6;
INSERT INTO segment_transition (user_id, dimension, from_segment, to_segment, occurred_at, reason)
  SELECT id, 'lifecycle', 'NEW', 'INACTIVE', first_seen + INTERVAL 7 DAY, 'onboarding window passed' FROM u WHERE n % 5 = 3;
INSERT INTO segment_transition (user_id, dimension, from_segment, to_segment, occurred_at, reason)
  SELECT id, 'lifecycle', 'INACTIVE', 'CHURNED', first_seen + INTERVAL 30 DAY, 'no activity' FROM u WHERE n % 5 = 3;
INSERT INTO segment_transition (user_id, dimension, from_segment, to_segment, occurred_at, reason)
  SELECT id, 'lifecycle', 'ACTIVE', 'INACTIVE', first_seen + INTERVAL 20 DAY, 'no activity' FROM u WHERE n % 5 = 4;
INSERT INTO segment_transition (user_id, dimension, from_segment, to_segment, occurred_at, reason)
  SELECT id, 'lifecycle', 'INACTIVE', 'ACTIVE', first_seen + INTERVAL 40 DAY, 'reactivated: activity after inactivity'
  FROM u WHERE n % 5 = 4 AND n % 3 = 0;
INSERT INTO segment_transition (user_id, dimension, from_segment, to_segment, occurred_at, reason)
  SELECT id, 'usage', NULL, IF(n % 7 = 0, 'power-user', 'casual-user'), first_seen + INTERVAL 1 DAY, 'usage' FROM u;
-- current memberships: each user's last transition per dimension
INSERT INTO segment_membership (user_id, dimension, segment, since)
  SELECT t.user_id, t.dimension, t.to_segment, t.occurred_at FROM segment_transition t
  JOIN (SELECT user_id, dimension, MAX(id) AS id FROM segment_transition GROUP BY user_id, dimension) l ON l.id = t.id;
INSERT INTO message_outbox (idempotency_key, user_id, kind, status, status_reason, attempts, created_at, updated_at, sent_at)
  SELECT CONCAT('w-', id), id, 'welcome', 'SENT', NULL, 1, first_seen, first_seen, first_seen FROM u;
INSERT INTO message_outbox (idempotency_key, user_id, kind, status, status_reason, attempts, created_at, updated_at, sent_at)
  SELECT CONCAT('p-', id), id, 'upgrade-prompt', IF(n % 20 = 1, 'SKIPPED', 'SENT'), IF(n % 20 = 1, 'holdout', NULL), 1,
    first_seen + INTERVAL 1 DAY, first_seen + INTERVAL 1 DAY, first_seen + INTERVAL 1 DAY FROM u WHERE n % 5 IN (1, 2);
INSERT INTO message_status_history (outbox_id, status, at)
  SELECT id, 'OPENED', created_at FROM message_outbox WHERE status = 'SENT' AND MOD(CRC32(user_id), 2) = 0;
INSERT INTO behavior_event (message_id, type, user_id, name, event_time, received_at, payload)
  SELECT CONCAT('o-', id), 'TRACK', id, 'Order Completed', first_seen + INTERVAL 2 DAY, first_seen + INTERVAL 2 DAY, '{}'
  FROM u WHERE n % 10 = 1;
ANALYZE TABLE segment_transition, segment_membership, profile_active_day, message_outbox, message_status_history, behavior_profile;
SQL
generate_seconds=$(( $(date +%s) - generate_start ))
fi
$SQL -N -e "SELECT 'rows', (SELECT COUNT(*) FROM behavior_profile), (SELECT COUNT(*) FROM segment_transition),
  (SELECT COUNT(*) FROM profile_active_day), (SELECT COUNT(*) FROM message_outbox)"
echo "generated in ${generate_seconds}s"

start_server
trap 'kill $SERVER 2>/dev/null || true' EXIT
AUTH=admin:bench-admin
t() { curl -s -o /dev/null -w '%{time_total}' -u "$AUTH" "http://127.0.0.1:$PORT$1"; }
# /dashboard answers 503 until the first snapshot after start-up is ready
snapshot_seconds() {
  local started
  started=$(date +%s.%N)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -u "$AUTH" "http://127.0.0.1:$PORT/dashboard")" = 200 ]; do sleep 1; done
  echo "$(date +%s.%N) - $started" | bc
}
{
  echo "users: $USERS; generated in ${generate_seconds} s; server: $JAR"
  echo "first snapshot after start-up (polled until /dashboard answers 200 instead of 503): $(snapshot_seconds) s"
  for i in 1 2 3 4 5; do echo "/dashboard from the snapshot: $(t /dashboard) s"; done
  P=$(mktemp -d)
  start=$(date +%s.%N)
  /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$P" --dump-dom \
    "http://$AUTH@127.0.0.1:$PORT/dashboard" 2>/dev/null > "$WORK/dom.html"
  echo "Chromium process, start to exit (includes starting the browser): $(echo "$(date +%s.%N) - $start" | bc) s"
  echo "in the page: navigation start to every chart rendered: $(grep -o 'renderedAfterMs&quot;:[0-9]*' "$WORK/dom.html" | grep -o '[0-9]*$') ms"
  for metric in engagement conversion retention churn reactivation time-to-conversion messages; do
    echo "/api/metrics/$metric (last 30 days, computed on request): $(t /api/metrics/$metric) s"
  done
  echo "/actuator/prometheus: $(t /actuator/prometheus) s"
} | tee target/dashboard-benchmark.txt
