package io.lifecycleengine.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.ingest.EventImporter;
import io.lifecycleengine.support.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Replays real OULAD clicks (38 students of AAA-2013J, see test resources; one event per student and day
 * with the day's clicks) through the import path and checks the retention metric against a recount
 * straight from the raw rows. Day 0 of the presentation
 * is taken as Monday 7 October 2013.
 */
class OuladRetentionReplayTest extends IntegrationTest {

    private static final LocalDate PRESENTATION_START = LocalDate.parse("2013-10-07");
    private static final int WEEKS = 12;

    @Autowired
    private EventImporter importer;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void retentionOfTheReplayedClicksMatchesARecountOfTheRawFile(@TempDir Path dir) throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String[]> clicks = readClicks();
        Path events = dir.resolve("clicks.csv");
        Map<String, Integer> clicksPerStudentDay = new TreeMap<>();
        clicks.forEach(click -> clicksPerStudentDay.merge(click[2] + "," + click[4], Integer.parseInt(click[5]), Integer::sum));
        List<String> lines = new ArrayList<>(List.of("userId,event,timestamp,messageId,clicks"));
        clicksPerStudentDay.forEach((studentDay, sum) -> {
            String[] key = studentDay.split(",");
            lines.add(String.join(",", "oulad-" + run + "-" + key[0], "Lesson Started",
                    PRESENTATION_START.plusDays(Integer.parseInt(key[1])).atTime(12, 0) + "Z",
                    "oulad-" + run + "-" + key[0] + "-" + key[1], sum.toString()));
        });
        Files.write(events, lines, StandardCharsets.UTF_8);

        try {
            importer.importFile(events, (done, total, stored) -> { });
            jdbc.update("""
                    INSERT INTO segment_membership (user_id, dimension, segment, since)
                    SELECT user_id, 'replay', ?, first_seen_at FROM behavior_profile WHERE user_id LIKE ?""", run,
                    "oulad-" + run + "-%");
            assertRetentionMatches(clicks, "replay:" + run);
        } finally {
            forgetJourneysOf("oulad-" + run + "-");
        }
    }

    /** Counts only the replayed students (the segment): other tests' users may share the database. */
    private void assertRetentionMatches(List<String[]> clicks, String segment) {
        JsonNode cohorts = client.getJson("/api/metrics/retention?from=2013-09-01&to=2014-08-31&weeks=" + WEEKS
                + "&segment=" + segment).path("cohorts");
        Map<LocalDate, List<Double>> expected = recount(clicks);
        assertThat(cohorts).hasSize(expected.size());
        for (JsonNode cohort : cohorts) {
            LocalDate week = LocalDate.parse(cohort.path("weekStart").asText());
            List<Double> actual = new ArrayList<>();
            cohort.path("retention").forEach(share -> actual.add(share.asDouble()));
            assertThat(actual).as("cohort of %s", week).isEqualTo(expected.get(week));
        }
        assertThat(expected.values().stream().mapToLong(List::size).sum()).isGreaterThan(WEEKS);
    }

    /** Per cohort week: the share of its students who clicked on some day of their week k after their first click. */
    private static Map<LocalDate, List<Double>> recount(List<String[]> clicks) {
        Map<String, Set<Integer>> daysByStudent = new TreeMap<>();
        clicks.forEach(click -> daysByStudent.computeIfAbsent(click[2], s -> new TreeSet<>()).add(Integer.parseInt(click[4])));
        Map<LocalDate, int[]> counts = new TreeMap<>();
        daysByStudent.values().forEach(days -> {
            int first = days.iterator().next();
            LocalDate cohort = PRESENTATION_START.plusDays(first).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            int[] count = counts.computeIfAbsent(cohort, c -> new int[WEEKS + 1]);
            count[0]++;
            boolean[] active = new boolean[WEEKS];
            days.forEach(day -> {
                int week = (day - first) / 7;
                if (week < WEEKS) {
                    active[week] = true;
                }
            });
            for (int week = 0; week < WEEKS; week++) {
                count[week + 1] += active[week] ? 1 : 0;
            }
        });
        Map<LocalDate, List<Double>> shares = new TreeMap<>();
        counts.forEach((cohort, count) -> {
            List<Double> weeks = new ArrayList<>();
            for (int week = 0; week < WEEKS; week++) {
                weeks.add((double) count[week + 1] / count[0]);
            }
            shares.put(cohort, weeks);
        });
        return shares;
    }

    /** Rows of code_module, code_presentation, id_student, id_site, date, sum_click. */
    private static List<String[]> readClicks() throws IOException {
        try (InputStream in = OuladRetentionReplayTest.class.getResourceAsStream("/data/oulad-aaa-2013j-sample.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).map(line -> line.split(","))
                    .toList();
        }
    }
}
