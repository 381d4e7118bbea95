package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Replays real OULAD clicks (38 students of AAA-2013J, one event per student and day at noon, day 0 =
 * Monday 7 October 2013) in event time: the engine's clock follows the events, and every journey timer
 * fires at its due time between them. The stages the journeys went through, and the churn and
 * reactivation rates of the metrics API and the dashboard, must match a recount from the raw clicks
 * with the default windows (onboarding 7 days, activation on 2 active days within 7, inactive after 14
 * days without activity, churned after 30).
 */
class OuladChurnReplayTest extends JourneyTest {

    private static final LocalDate DAY_ZERO = LocalDate.parse("2013-10-07");
    private static final int LAST_DAY = 268 + 45;
    private static final int PERIOD_FROM_DAY = 60;

    @Autowired
    private JdbcTemplate jdbc;

    private final String prefix = "oulad-churn-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    @AfterEach
    void forgetTheReplay() {
        forgetJourneysOf(prefix);
    }

    @Test
    void stagesChurnAndReactivationMatchARecountOfTheRawClicks() throws IOException {
        Map<String, TreeSet<Integer>> days = activeDays();
        replay(days);

        Map<String, List<String>> expected = new TreeMap<>();
        days.forEach((student, active) -> expected.put(student, Recount.of(active, LAST_DAY).transitions()));
        Map<String, List<String>> actual = new TreeMap<>();
        days.keySet().forEach(student -> {
            List<String> stages = new ArrayList<>();
            client.getJson("/api/users/" + prefix + student + "/transitions").forEach(t -> stages.add(
                    t.path("to").asText() + "@" + dayOf(Instant.parse(t.path("at").asText()))));
            actual.put(student, stages);
        });
        assertThat(actual).isEqualTo(expected);

        // count only the replayed students: other tests' users may share the database
        jdbc.update("""
                INSERT INTO segment_membership (user_id, dimension, segment, since)
                SELECT user_id, 'replay', ?, first_seen_at FROM behavior_profile WHERE user_id LIKE ?""", prefix,
                prefix + "%");
        String period = "from=" + DAY_ZERO.plusDays(PERIOD_FROM_DAY) + "&to=" + DAY_ZERO.plusDays(LAST_DAY)
                + "&segment=replay:" + prefix;
        long[] churn = new long[2];
        long[] reactivation = new long[2];
        days.values().forEach(active -> {
            Recount recount = Recount.of(active, LAST_DAY);
            recount.countChurn(PERIOD_FROM_DAY, churn);
            recount.countReactivation(PERIOD_FROM_DAY, reactivation);
        });
        JsonNode apiChurn = client.getJson("/api/metrics/churn?" + period);
        assertThat(new long[] {apiChurn.path("base").asLong(), apiChurn.path("count").asLong()}).containsExactly(churn);
        assertThat(churn[1]).as("students who churned").isPositive();
        JsonNode apiReactivation = client.getJson("/api/metrics/reactivation?" + period);
        assertThat(new long[] {apiReactivation.path("base").asLong(), apiReactivation.path("count").asLong()})
                .containsExactly(reactivation);
        String page = client.get("/dashboard?" + period).raw().body();
        Matcher data = Pattern.compile("<script id=\"data\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL)
                .matcher(page);
        assertThat(data.find()).isTrue();
        JsonNode shown = new ObjectMapper().readTree(data.group(1)).path("dashboard");
        assertThat(shown.path("churn").path("count").asLong()).as("the dashboard of the same period").isEqualTo(churn[1]);
        assertThat(shown.path("reactivation").path("count").asLong()).isEqualTo(reactivation[1]);
    }

    /** Events day by day; between them, every timer of these journeys due before the next event fires at its due time. */
    private void replay(Map<String, TreeSet<Integer>> days) {
        TreeMap<Integer, List<String>> studentsByDay = new TreeMap<>();
        days.forEach((student, active) -> active.forEach(day -> studentsByDay.computeIfAbsent(day, d -> new ArrayList<>()).add(student)));
        Instant end = noon(LAST_DAY);
        var eventDays = studentsByDay.entrySet().iterator();
        var nextDay = eventDays.hasNext() ? eventDays.next() : null;
        while (true) {
            Optional<DueTimer> timer = nextTimer();
            Instant events = nextDay == null ? null : noon(nextDay.getKey());
            if (events != null && (timer.isEmpty() || !timer.get().due().isBefore(events))) {
                setClock(events);
                post(nextDay.getKey(), nextDay.getValue());
                nextDay = eventDays.hasNext() ? eventDays.next() : null;
            } else if (timer.isPresent() && !timer.get().due().isAfter(end)) {
                if (timer.get().due().isAfter(now())) {
                    setClock(timer.get().due());
                }
                engine.getManagementService().executeJob(timer.get().id());
            } else {
                return;
            }
            settle();
        }
    }

    private void post(int day, List<String> students) {
        List<Map<String, Object>> batch = new ArrayList<>();
        students.forEach(student -> batch.add(Map.of("type", "track", "userId", prefix + student, "event", "Lesson Started",
                "timestamp", noon(day).toString(), "messageId", prefix + student + "-" + day)));
        client.ingest("/v1/batch", Map.of("batch", batch));
    }

    /** Runs these journeys' sends and continuations and delivers their signals, until nothing is left at this time. */
    private void settle() {
        signals.awaitDispatched(Duration.ofSeconds(30));
        for (int round = 0; round < 50; round++) {
            List<String> jobs = jdbc.queryForList("""
                    SELECT j.ID_ FROM ACT_RU_JOB j JOIN ACT_RU_EXECUTION e ON e.ID_ = j.PROCESS_INSTANCE_ID_
                    WHERE e.BUSINESS_KEY_ LIKE ? AND j.TYPE_ = 'message' AND j.RETRIES_ > 0""", String.class, prefix + "%");
            jobs.forEach(id -> engine.getManagementService().executeJob(id));
            signals.retryDue();
            Integer waiting = jdbc.queryForObject("SELECT COUNT(*) FROM journey_signal WHERE user_id LIKE ?", Integer.class,
                    prefix + "%");
            if (jobs.isEmpty() && (waiting == null || waiting == 0)) {
                return;
            }
            setClock(now().plusSeconds(1));
        }
        throw new AssertionError("The journeys did not settle at " + now());
    }

    private record DueTimer(String id, Instant due) {
    }

    private Optional<DueTimer> nextTimer() {
        return jdbc.query("""
                SELECT j.ID_, j.DUEDATE_ FROM ACT_RU_JOB j JOIN ACT_RU_EXECUTION e ON e.ID_ = j.PROCESS_INSTANCE_ID_
                WHERE e.BUSINESS_KEY_ LIKE ? AND j.TYPE_ = 'timer' AND j.RETRIES_ > 0 ORDER BY j.DUEDATE_""",
                (rs, row) -> new DueTimer(rs.getString(1), rs.getTimestamp(2).toInstant()), prefix + "%").stream().findFirst();
    }

    private static Instant noon(int day) {
        return DAY_ZERO.plusDays(day).atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    private static long dayOf(Instant at) {
        return java.time.temporal.ChronoUnit.DAYS.between(DAY_ZERO, at.atZone(ZoneOffset.UTC).toLocalDate());
    }

    private static Map<String, TreeSet<Integer>> activeDays() throws IOException {
        Map<String, TreeSet<Integer>> days = new HashMap<>();
        try (InputStream in = OuladChurnReplayTest.class.getResourceAsStream("/data/oulad-aaa-2013j-sample.csv")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).map(line -> line.split(","))
                    .forEach(row -> days.computeIfAbsent(row[2], s -> new TreeSet<>()).add(Integer.parseInt(row[4])));
        }
        return days;
    }

    /**
     * The journey's default rules applied to one student's active days, written out on their own: the
     * stage changes with their day, e.g. "INACTIVE@21".
     */
    private record Recount(List<String> transitions, List<int[]> changes) {

        private static final int NEW = 0;
        private static final int ACTIVE = 1;
        private static final int INACTIVE = 2;
        private static final int CHURNED = 3;
        private static final String[] NAMES = {"NEW", "ACTIVE", "INACTIVE", "CHURNED"};

        static Recount of(TreeSet<Integer> active, int lastDay) {
            List<int[]> changes = new ArrayList<>();
            int first = active.first();
            changes.add(new int[] {first, NEW});
            int stage = NEW;
            int last = first;
            for (int day : active.tailSet(first, false)) {
                // timers due before this day's noon event
                if (stage == NEW && day > first + 7) {
                    stage = change(changes, first + 7, INACTIVE);
                }
                if (stage == ACTIVE && day > last + 14) {
                    stage = change(changes, last + 14, INACTIVE);
                }
                if (stage == INACTIVE && day > last + 30) {
                    stage = change(changes, last + 30, CHURNED);
                }
                // the event
                if (stage == INACTIVE || stage == CHURNED) {
                    stage = change(changes, day, ACTIVE);
                } else if (stage == NEW && active.subSet(day - 6, true, day, true).size() >= 2) {
                    stage = change(changes, day, ACTIVE);
                }
                last = day;
            }
            if (stage == NEW && first + 7 <= lastDay) {
                stage = change(changes, first + 7, INACTIVE);
            }
            if (stage == ACTIVE && last + 14 <= lastDay) {
                stage = change(changes, last + 14, INACTIVE);
            }
            if (stage == INACTIVE && last + 30 <= lastDay) {
                change(changes, last + 30, CHURNED);
            }
            return new Recount(changes.stream().map(c -> NAMES[c[1]] + "@" + c[0]).toList(), changes);
        }

        private static int change(List<int[]> changes, int day, int stage) {
            changes.add(new int[] {day, stage});
            return stage;
        }

        private int stageBefore(int day) {
            int stage = -1;
            for (int[] change : changes) {
                if (change[0] < day) {
                    stage = change[1];
                }
            }
            return stage;
        }

        /** Adds to [base, churned] as the churn rate defines them. */
        void countChurn(int fromDay, long[] counts) {
            int stage = stageBefore(fromDay);
            if (stage == NEW || stage == ACTIVE) {
                counts[0]++;
                if (changes.stream().anyMatch(c -> c[0] >= fromDay && c[1] == CHURNED)) {
                    counts[1]++;
                }
            }
        }

        /** Adds to [base, reactivated] as the reactivation rate defines them. */
        void countReactivation(int fromDay, long[] counts) {
            int stage = stageBefore(fromDay);
            boolean base = stage == INACTIVE || stage == CHURNED
                    || changes.stream().anyMatch(c -> c[0] >= fromDay && (c[1] == INACTIVE || c[1] == CHURNED));
            if (base) {
                counts[0]++;
                int previous = -1;
                boolean back = false;
                for (int[] change : changes) {
                    if (change[0] >= fromDay && change[1] == ACTIVE && (previous == INACTIVE || previous == CHURNED)) {
                        back = true;
                    }
                    previous = change[1];
                }
                counts[1] += back ? 1 : 0;
            }
        }
    }
}
