#!/usr/bin/env bash
# Turns one OULAD module-presentation into a backtest's input (see docs/backtest.md):
#   events.ndjson  one Segment call per line: per student an identify (demographic traits) just before
#                  their first click, then one track per click row of studentVle (day D at 12:00 UTC)
#   labels.csv     userId,label,at: "withdrawn" at date_unregistration of each Withdrawn student
# Day 0 is the presentation's start; OULAD gives no calendar dates, so START (a Monday) stands in for it.
# usage: docs/backtest/oulad-events.sh OULAD_DIR PRESENTATION START OUT_DIR
#   e.g. docs/backtest/oulad-events.sh ../shared/data/oulad 2013J 2013-10-07 target/oulad-2013j
set -euo pipefail
oulad=${1:?OULAD directory}; presentation=${2:?presentation, e.g. 2013J}; start=${3:?day 0 as YYYY-MM-DD}; out=${4:?output directory}
module=AAA
mkdir -p "$out"
days="$out/.days"
: > "$days"
for d in $(seq -400 400); do
  printf '%s,%s\n' "$d" "$(date -u -d "$start $d days" +%Y-%m-%d)" >> "$days"
done

awk -F, -v module="$module" -v pres="$presentation" -v OFS=, '
  FNR == 1 { pass++ }
  pass == 1 { date[$1] = $2; next }
  pass == 2 { if ($2 == module && $3 == pres) type[$1] = $4; next }
  pass == 3 {
    if (FNR > 1 && $1 == module && $2 == pres) {
      edu[$3] = $6; imd[$3] = $7; age[$3] = $8; gender[$3] = $4; region[$3] = $5; prev[$3] = $9; credits[$3] = $10; disability[$3] = $11
    }
    next
  }
  pass == 4 {
    if (FNR > 1 && $1 == module && $2 == pres && (!($3 in first) || $5 + 0 < first[$3] + 0)) first[$3] = $5
    next
  }
  {
    if (FNR == 1 || $1 != module || $2 != pres) next
    student = $3; day = $5; t = type[$4]
    if (!(student in identified)) {
      identified[student] = 1
      d0 = first[student]
      printf "{\"type\":\"identify\",\"userId\":\"oulad-%s\",\"messageId\":\"oulad-%s-identify-%s\",\"timestamp\":\"%sT11:59:59Z\",\"traits\":{\"email\":\"oulad-%s@students.example\",\"highest_education\":\"%s\",\"imd_band\":\"%s\",\"age_band\":\"%s\",\"gender\":\"%s\",\"region\":\"%s\",\"num_of_prev_attempts\":%d,\"studied_credits\":%d,\"disability\":\"%s\"}}\n", student, pres, student, date[d0], student, edu[student], imd[student], age[student], gender[student], region[student], prev[student], credits[student], disability[student]
    }
    event = "Lesson Started"
    if (t == "quiz" || t == "externalquiz") event = "Quiz Completed"
    else if (t == "forumng") event = "Forum Viewed"
    else if (t == "homepage") event = "Course Home Viewed"
    printf "{\"type\":\"track\",\"userId\":\"oulad-%s\",\"event\":\"%s\",\"messageId\":\"oulad-%s-%d\",\"timestamp\":\"%sT12:00:00Z\",\"properties\":{\"activity_type\":\"%s\",\"site\":\"%s\",\"clicks\":%d}}\n", student, event, pres, FNR, date[day], t, $4, $6
  }
' "$days" "$oulad/vle.csv" "$oulad/studentInfo.csv" "$oulad/studentVle.csv" "$oulad/studentVle.csv" > "$out/events.ndjson"

{
  echo "userId,label,at"
  awk -F, -v module="$module" -v pres="$presentation" '
    FNR == 1 { pass++ }
    pass == 1 { date[$1] = $2; next }
    FNR > 1 && $1 == module && $2 == pres && $5 != "" { printf "oulad-%s,withdrawn,%sT12:00:00Z\n", $3, date[$5] }
  ' "$days" "$oulad/studentRegistration.csv"
} > "$out/labels.csv"
rm -f "$days"
echo "$(grep -c "\"track\"" "$out/events.ndjson") track events (one per click row), $(grep -c '"identify"' "$out/events.ndjson") students, $(($(wc -l < "$out/labels.csv") - 1)) withdrawals -> $out"
