#!/usr/bin/env bash
# Walks one user through every lifecycle stage in real time against the packaged jar, with the
# journey windows set to seconds, no quiet hours and a frequency cap above the walk's seven emails, and mail
# going to an external SMTP server.
#
#   ./mvnw -q package -DskipTests
#   SPRING_MAIL_HOST=127.0.0.1 SPRING_MAIL_PORT=2525 docs/demo/walkthrough.sh
#
# Without SPRING_MAIL_HOST it starts a throwaway SMTP sink (Python's smtpd, Python <= 3.11) on 2525.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=${PORT:-18080}
BASE="http://127.0.0.1:$PORT"
KEY=dev-write-key
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT

if [ -z "${SPRING_MAIL_HOST:-}" ]; then
  export SPRING_MAIL_HOST=127.0.0.1 SPRING_MAIL_PORT=2525
  python3 -u -m smtpd -n -c DebuggingServer "127.0.0.1:$SPRING_MAIL_PORT" > "$WORK/smtp.log" 2>&1 &
  echo "SMTP sink on 127.0.0.1:$SPRING_MAIL_PORT (log: $WORK/smtp.log)"
fi

JAR="$(pwd)/target/lifecycle-engine.jar"
# run from the scratch folder, so the default embedded database lands in $WORK/data
(cd "$WORK" && PORT=$PORT \
  LIFECYCLE_JOURNEY_ONBOARDING_WINDOW=PT2M LIFECYCLE_JOURNEY_HIGH_INTENT_WINDOW=PT2M \
  LIFECYCLE_JOURNEY_INACTIVE_AFTER=PT8S LIFECYCLE_JOURNEY_CHURNED_AFTER=PT16S \
  LIFECYCLE_MESSAGING_FREQUENCY_CAP_MAX=10 \
  LIFECYCLE_MESSAGING_QUIET_HOURS_SEND_FROM=00:00 LIFECYCLE_MESSAGING_QUIET_HOURS_SEND_UNTIL=00:00 \
  CAMUNDA_BPM_JOBEXECUTION_WAITTIMEINMILLIS=200 CAMUNDA_BPM_JOBEXECUTION_MAXWAIT=500 \
  exec java -jar "$JAR" > "$WORK/app.log" 2>&1) &
echo "engine starting (log: $WORK/app.log)"
for _ in $(seq 1 90); do curl -fs -o /dev/null -u admin:admin "$BASE/api/segments" && break; sleep 1; done

post() { curl -fs -u "$KEY:" -H 'Content-Type: application/json' "$BASE/v1/$1" -d "$2" > /dev/null; }
stage() { curl -fs -u admin:admin "$BASE/api/users/demo-user" | sed -E 's/.*"stage":"([A-Z_]+)".*/\1/'; }
await() {
  for _ in $(seq 1 120); do [ "$(stage)" = "$1" ] && { echo "$(date +%T)  stage $1"; return; }; sleep 0.5; done
  echo "timed out waiting for $1 (stage is $(stage))" >&2; exit 1
}

post identify '{"userId":"demo-user","traits":{"email":"demo@example.com","firstName":"Demo"}}'; await NEW
post track "{\"userId\":\"demo-user\",\"event\":\"Report Viewed\",\"timestamp\":\"$(date -u -d yesterday +%FT%TZ)\"}"
post track '{"userId":"demo-user","event":"Report Viewed"}'; await ACTIVE
post page '{"userId":"demo-user","name":"Pricing","properties":{"path":"/pricing"}}'; await HIGH_INTENT
post track '{"userId":"demo-user","event":"Order Completed","properties":{"revenue":49}}'; await ACTIVE
await INACTIVE
await CHURNED
post track '{"userId":"demo-user","event":"App Opened"}'; await ACTIVE
sleep 2

echo; echo "Transitions:"
curl -fs -u admin:admin "$BASE/api/users/demo-user/transitions"; echo
echo; echo "Messages:"
curl -fs -u admin:admin "$BASE/api/users/demo-user/messages"; echo
if [ -f "$WORK/smtp.log" ]; then
  echo; echo "Subjects received by the SMTP server:"
  grep -a "^b'Subject:" "$WORK/smtp.log" || true
fi
