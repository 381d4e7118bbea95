package io.lifecycleengine.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycleengine.support.Chromium;
import io.lifecycleengine.support.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.util.HtmlUtils;

/**
 * The dashboard in real headless Chromium: the page loads, its charts are built with the numbers that
 * {@code /api/metrics/*} answers for the same period, and a screenshot lands in {@code target/dashboard.png}.
 * The history is generated in June 2021, after every period another test reads.
 */
class DashboardBrowserTest extends IntegrationTest {

    private static final String FROM = "2021-06-01";
    private static final String TO = "2021-06-30";
    private static final Pattern RENDERED = Pattern.compile("data-rendered=\"([^\"]*)\"");
    private static boolean written;

    @Autowired
    private JdbcTemplate jdbc;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void history() {
        if (!written) {
            written = true;
            generate(new HandBuiltHistory(jdbc));
        }
    }

    @Test
    void chartsShowTheNumbersOfTheMetricsApi() throws Exception {
        String url = "http://" + environment.getRequiredProperty("camunda.bpm.admin-user.id") + ":"
                + environment.getRequiredProperty("camunda.bpm.admin-user.password") + "@127.0.0.1:" + port
                + "/dashboard?from=" + FROM + "&to=" + TO;

        JsonNode rendered = rendered(Chromium.dumpDom(url));
        Chromium.screenshot(url, Path.of("target", "dashboard.png"), 1400, 2050);

        String query = "?from=" + FROM + "&to=" + TO;
        List<Double> engagement = new ArrayList<>();
        List<Long> members = new ArrayList<>();
        client.getJson("/api/metrics/engagement" + query).path("segments").forEach(row -> {
            if (row.path("dimension").asText().equals("lifecycle")) {
                engagement.add(row.path("engagementRate").asDouble());
                members.add(row.path("members").asLong());
            }
        });
        assertThat(numbers(rendered.path("engagement").path("datasets").get(0).path("data"))).isEqualTo(engagement);
        assertThat(engagement).hasSizeGreaterThanOrEqualTo(4);

        JsonNode conversion = client.getJson("/api/metrics/conversion" + query).path("behaviors");
        assertThat(numbers(rendered.path("conversion").path("datasets").get(0).path("data"))).isEqualTo(numbers(conversion, "rate"));
        assertThat(numbers(rendered.path("conversion").path("datasets").get(1).path("data"))).isEqualTo(numbers(conversion, "entered"));

        JsonNode churn = client.getJson("/api/metrics/churn" + query);
        JsonNode reactivation = client.getJson("/api/metrics/reactivation" + query);
        assertThat(numbers(rendered.path("rates").path("datasets").get(0).path("data")))
                .containsExactly(rate(churn), rate(reactivation));
        assertThat(reactivation.path("count").asLong()).isPositive();

        JsonNode time = client.getJson("/api/metrics/time-to-conversion" + query);
        assertThat(numbers(rendered.path("timeToConversion").path("datasets").get(0).path("data"))).containsExactly(
                time.path("fromFirstSeen").path("median").asDouble(), time.path("fromHighIntent").path("median").asDouble());

        JsonNode cohorts = client.getJson("/api/metrics/retention?from=2021-05-03&to=" + TO + "&weeks=8").path("cohorts");
        JsonNode lines = rendered.path("retention").path("datasets");
        assertThat(lines).hasSize(cohorts.size());
        for (int i = 0; i < cohorts.size(); i++) {
            assertThat(numbers(lines.get(i).path("data"))).isEqualTo(numbers(cohorts.get(i).path("retention")));
        }

        JsonNode messages = client.getJson("/api/metrics/messages" + query).path("kinds");
        JsonNode rows = rendered.path("messages");
        assertThat(rows).hasSize(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            assertThat(rows.get(i).get(0).asText()).isEqualTo(messages.get(i).path("kind").asText());
            assertThat(rows.get(i).get(1).asLong()).isEqualTo(messages.get(i).path("sent").asLong());
            assertThat(rows.get(i).get(6).asLong()).isEqualTo(messages.get(i).path("converted").asLong());
        }

        JsonNode sizes = rendered.path("stageSizes").path("datasets");
        long stagedAtTheEnd = 0;
        for (JsonNode stage : sizes) {
            JsonNode series = stage.path("data");
            stagedAtTheEnd += series.get(series.size() - 1).asLong();
        }
        assertThat(stagedAtTheEnd).as("sizes on the last day = lifecycle members at the period's end")
                .isEqualTo(members.stream().mapToLong(Long::longValue).sum());
        assertThat(rendered.path("flow").size()).as("arrows of the week").isPositive();
        assertThat(Files.size(Path.of("target", "dashboard.png"))).isGreaterThan(20_000);
    }

    @Test
    void theDashboardNeedsAdminCredentials() {
        assertThat(client.get("/dashboard", null).status()).isEqualTo(401);
        assertThat(client.get("/actuator/prometheus", null).status()).isEqualTo(401);
        assertThat(client.get("/dashboard?from=someday").status()).isEqualTo(400);
    }

    private JsonNode rendered(String dom) throws Exception {
        Matcher attribute = RENDERED.matcher(dom);
        assertThat(attribute.find()).as("the page's script ran to the end: %s", dom.length() > 2000 ? dom.substring(0, 2000) : dom)
                .isTrue();
        return json.readTree(HtmlUtils.htmlUnescape(attribute.group(1)));
    }

    /** No rate where the base is nobody (the API's 0). */
    private static Double rate(JsonNode figure) {
        return figure.path("base").asLong() == 0 ? null : figure.path("rate").asDouble();
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(value -> values.add(value.isNull() ? null : value.asDouble()));
        return values;
    }

    private static List<Double> numbers(JsonNode rows, String field) {
        List<Double> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.path(field).asDouble()));
        return values;
    }

    /** Forty users signing up through June 2021 and taking every path of the journey. */
    private static void generate(HandBuiltHistory history) {
        LocalDate june = LocalDate.parse("2021-06-01");
        for (int i = 0; i < 40; i++) {
            String user = "g" + i;
            LocalDate first = june.plusDays(i % 27);
            history.profile(user, at(first, 0)).stage(user, null, "NEW", at(first, 0), "first event")
                    .transition(user, "usage", null, i % 5 == 0 ? "power-user" : "casual-user", at(first, 1), "usage")
                    .message(user, "welcome", "SENT", null, at(first, 0), i % 2 == 0 ? new String[] {"OPENED"} : new String[0]);
            for (LocalDate day = first; day.isBefore(first.plusDays(i % 4 == 3 ? 3 : 20)); day = day.plusDays(i % 3 + 1)) {
                history.activeDay(user, day.toString(), i % 5 + 1);
            }
            switch (i % 4) {
                case 0 -> history.stage(user, "NEW", "ACTIVE", at(first.plusDays(2), 9), "activated");
                case 1 -> {
                    history.stage(user, "NEW", "HIGH_INTENT", at(first.plusDays(1), 9), "intent: cart")
                            .message(user, "upgrade-prompt", i % 3 == 0 ? "SKIPPED" : "SENT", i % 3 == 0 ? "holdout" : null,
                                    at(first.plusDays(1), 9), "OPENED", "CLICKED");
                    if (i % 8 == 1) {
                        history.stage(user, "HIGH_INTENT", "ACTIVE", at(first.plusDays(2), 12), "converted: order completed after cart")
                                .purchase(user, at(first.plusDays(2), 11));
                    }
                }
                case 2 -> history.stage(user, "NEW", "HIGH_INTENT", at(first.plusDays(1), 9), "intent: pricing-page")
                        .stage(user, "HIGH_INTENT", "NEW", at(first.plusDays(8), 9), "high intent lapsed without conversion");
                default -> {
                    history.stage(user, "NEW", "INACTIVE", at(first.plusDays(7), 9), "onboarding window passed")
                            .message(user, "re-engagement", "SENT", null, at(first.plusDays(7), 9));
                    if (i % 8 == 3) {
                        history.stage(user, "INACTIVE", "ACTIVE", at(first.plusDays(12), 9), "reactivated: activity after inactivity");
                    } else if (first.plusDays(20).isBefore(june.plusDays(30))) {
                        history.stage(user, "INACTIVE", "CHURNED", at(first.plusDays(20), 9), "no activity within the churn window");
                    }
                }
            }
        }
    }

    private static String at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(java.time.ZoneOffset.UTC).toString();
    }
}
