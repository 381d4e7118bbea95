package io.lifecycleengine.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.analytics.MetricReports.SegmentEngagement;
import io.lifecycleengine.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Engagement, churn and reactivation on random lifecycle histories, against their definitions computed here
 * from the same transitions (a user's stage at an instant is where the last transition before it led). The
 * queries take shortcuts through the maintained memberships; this checks they come to the same counts.
 */
class LifecycleMetricsTest extends IntegrationTest {

    private static final Map<String, List<String>> NEXT_STAGES = Map.of(
            "NEW", List.of("ACTIVE", "HIGH_INTENT", "INACTIVE"),
            "ACTIVE", List.of("INACTIVE", "HIGH_INTENT"),
            "HIGH_INTENT", List.of("ACTIVE", "NEW"),
            "INACTIVE", List.of("CHURNED", "ACTIVE"),
            "CHURNED", List.of("ACTIVE"));
    private static final Set<String> NOT_YET_LOST = Set.of("NEW", "ACTIVE", "HIGH_INTENT");
    private static final Set<String> LOST = Set.of("INACTIVE", "CHURNED");
    private static final Instant FIRST = Instant.parse("2019-11-15T00:00:00Z");

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private LifecycleMetrics metrics;

    private static Population population;
    private static final List<Step> steps = new ArrayList<>();
    private static final Map<String, Map<LocalDate, Integer>> activeDays = new HashMap<>();

    private record Step(String user, String from, String to, Instant at) {
    }

    /** 150 users, each from NEW through up to eight random transitions a few days apart, with random active days. */
    @BeforeEach
    void history() {
        if (population != null) {
            return;
        }
        HandBuiltHistory history = new HandBuiltHistory(jdbc);
        Random random = new Random(20261202);
        for (int u = 0; u < 150; u++) {
            String user = "r" + u;
            Instant at = FIRST.plus(Duration.ofHours(random.nextInt(24 * 90)));
            history.profile(user, at.toString());
            String stage = null;
            String next = "NEW";
            for (int i = 0; i < 1 + random.nextInt(9); i++) {
                history.stage(user, stage, next, at.toString(), "random");
                steps.add(new Step(history.user(user), stage, next, at));
                stage = next;
                List<String> choices = NEXT_STAGES.get(stage);
                next = choices.get(random.nextInt(choices.size()));
                at = at.plus(Duration.ofHours(1 + random.nextInt(24 * 12)));
            }
            if (random.nextInt(3) > 0) {
                history.transition(user, "usage", null, random.nextBoolean() ? "power-user" : "casual-user",
                        FIRST.plus(Duration.ofDays(random.nextInt(90))).toString(), "random");
            }
            for (int d = 0; d < random.nextInt(12); d++) {
                LocalDate day = LocalDate.ofInstant(FIRST, ZoneOffset.UTC).plusDays(random.nextInt(100));
                if (activeDays.computeIfAbsent(history.user(user), key -> new TreeMap<>()).putIfAbsent(day, 1 + d) == null) {
                    history.activeDay(user, day.toString(), 1 + d);
                }
            }
        }
        population = Population.of(history.segment());
    }

    @Test
    void churnAndReactivationMatchTheirDefinitionsInEveryPeriod() {
        long[] counted = new long[2];
        for (Period period : periods()) {
            Instant start = period.start();
            Instant end = period.end();
            Map<String, String> atStart = stagesAt(start);
            long churnBase = atStart.values().stream().filter(NOT_YET_LOST::contains).count();
            long churned = atStart.entrySet().stream().filter(entry -> NOT_YET_LOST.contains(entry.getValue()))
                    .filter(entry -> steps.stream().anyMatch(step -> step.user().equals(entry.getKey())
                            && step.to().equals("CHURNED") && within(step.at(), start, end)))
                    .count();
            assertThat(metrics.churn(period, population)).as("churn in %s", period)
                    .isEqualTo(new LifecycleMetrics.Counted(churnBase, churned));

            Set<String> lostBase = new HashSet<>();
            atStart.forEach((user, stage) -> {
                if (LOST.contains(stage)) {
                    lostBase.add(user);
                }
            });
            steps.stream().filter(step -> LOST.contains(step.to()) && within(step.at(), start, end))
                    .forEach(step -> lostBase.add(step.user()));
            long reactivated = lostBase.stream().filter(user -> steps.stream().anyMatch(step -> step.user().equals(user)
                    && step.from() != null && LOST.contains(step.from()) && step.to().equals("ACTIVE") && within(step.at(), start, end)))
                    .count();
            assertThat(metrics.reactivation(period, population)).as("reactivation in %s", period)
                    .isEqualTo(new LifecycleMetrics.Counted(lostBase.size(), reactivated));
            counted[0] += churned;
            counted[1] += reactivated;
        }
        assertThat(counted).as("churns and reactivations counted over all periods").doesNotContain(0L);
    }

    @Test
    void lifecycleEngagementMatchesItsDefinitionInEveryPeriod() {
        for (Period period : periods()) {
            Map<String, long[]> expected = new TreeMap<>();
            stagesAt(period.end()).forEach((user, stage) -> {
                long[] counts = expected.computeIfAbsent(stage, key -> new long[3]);
                int events = activeDays.getOrDefault(user, Map.of()).entrySet().stream()
                        .filter(day -> !day.getKey().isBefore(period.from()) && !day.getKey().isAfter(period.to()))
                        .mapToInt(Map.Entry::getValue).sum();
                counts[0]++;
                counts[1] += events > 0 ? 1 : 0;
                counts[2] += events;
            });
            Map<String, long[]> computed = new TreeMap<>();
            for (SegmentEngagement segment : metrics.engagement(period, population)) {
                if (segment.dimension().equals(Membership.LIFECYCLE)) {
                    computed.put(segment.segment(), new long[] {segment.members(), segment.activeMembers(),
                            Math.round(segment.eventsPerMember() * segment.members())});
                }
            }
            assertThat(computed).as("engagement in %s", period).usingRecursiveComparison().isEqualTo(expected);
        }
    }

    /** Periods of one day to three months, some before most users came and some after most left. */
    private static List<Period> periods() {
        LocalDate first = LocalDate.ofInstant(FIRST, ZoneOffset.UTC);
        List<Period> periods = new ArrayList<>();
        for (int from = 0; from < 130; from += 9) {
            for (int days : new int[] {1, 7, 30, 90}) {
                periods.add(new Period(first.plusDays(from), first.plusDays(from + days - 1)));
            }
        }
        return periods;
    }

    private static Map<String, String> stagesAt(Instant instant) {
        Map<String, String> stages = new HashMap<>();
        steps.stream().filter(step -> step.at().isBefore(instant)).forEach(step -> stages.put(step.user(), step.to()));
        return stages;
    }

    private static boolean within(Instant at, Instant start, Instant end) {
        return !at.isBefore(start) && at.isBefore(end);
    }
}
