package io.lifecycleengine.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.support.IntegrationTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every metric on a hand-built January 2020 history whose answers were counted by hand (see the comments);
 * the period is 2020-01-06 (a Monday) to 2020-02-02.
 */
class MetricsApiTest extends IntegrationTest {

    private static final String DAYS = "from=2020-01-06&to=2020-02-02";
    /** The period, counting only this history's users: other tests' users may share the database. */
    private static String period;

    @Autowired
    private JdbcTemplate jdbc;

    /** Written once: every test reads the same history, and the Spring context (and its database) outlives the class. */
    private static boolean written;

    @BeforeEach
    void history() {
        if (written) {
            return;
        }
        written = true;
        HandBuiltHistory history = new HandBuiltHistory(jdbc);
        period = DAYS + "&segment=" + history.segment();
        history
                // u1: active before the period, inactive on the 10th, churned on the 20th
                .profile("u1", "2019-12-20T00:00:00Z")
                .stage("u1", null, "NEW", "2019-12-20T00:00:00Z", "first event")
                .stage("u1", "NEW", "ACTIVE", "2019-12-25T00:00:00Z", "activated")
                .stage("u1", "ACTIVE", "INACTIVE", "2020-01-10T00:00:00Z", "no activity")
                .stage("u1", "INACTIVE", "CHURNED", "2020-01-20T00:00:00Z", "no activity")
                .activeDay("u1", "2020-01-02", 5)
                .message("u1", "re-engagement", "FAILED", "delivery-failed", "2020-01-10T00:00:00Z")
                // u2: NEW at the start, high intent through the cart, converted a day later
                .profile("u2", "2019-12-28T10:00:00Z")
                .stage("u2", null, "NEW", "2019-12-28T10:00:00Z", "first event")
                .stage("u2", "NEW", "HIGH_INTENT", "2020-01-08T10:00:00Z", "intent: cart")
                .stage("u2", "HIGH_INTENT", "ACTIVE", "2020-01-09T10:00:00Z", "converted: order completed after cart")
                .transition("u2", "usage", null, "power-user", "2020-01-09T00:00:00Z", "many events")
                .membership("u2", "chosen", history.segment())
                .activeDay("u2", "2020-01-08", 3).activeDay("u2", "2020-01-09", 2)
                .message("u2", "upgrade-prompt", "SENT", null, "2020-01-08T10:00:00Z", "OPENED", "CLICKED")
                .purchase("u2", "2020-01-09T09:59:00Z")
                // u3: signs up in the period, pricing intent lapses
                .profile("u3", "2020-01-07T00:00:00Z")
                .stage("u3", null, "NEW", "2020-01-07T00:00:00Z", "first event")
                .stage("u3", "NEW", "HIGH_INTENT", "2020-01-08T00:00:00Z", "intent: pricing-page")
                .stage("u3", "HIGH_INTENT", "NEW", "2020-01-15T00:00:00Z", "high intent lapsed without conversion")
                .activeDay("u3", "2020-01-07", 1).activeDay("u3", "2020-01-08", 1)
                .message("u3", "upgrade-prompt", "SENT", null, "2020-01-08T00:00:00Z", "OPENED")
                // u4: churned before the period, reactivated on the 12th
                .profile("u4", "2019-11-01T00:00:00Z")
                .stage("u4", null, "NEW", "2019-11-01T00:00:00Z", "first event")
                .stage("u4", "NEW", "INACTIVE", "2019-11-08T00:00:00Z", "onboarding over")
                .stage("u4", "INACTIVE", "CHURNED", "2019-12-01T00:00:00Z", "no activity")
                .stage("u4", "CHURNED", "ACTIVE", "2020-01-12T00:00:00Z", "reactivated: activity after inactivity")
                .transition("u4", "usage", null, "casual-user", "2020-01-12T00:00:00Z", "few events")
                .activeDay("u4", "2020-01-12", 4)
                .message("u4", "welcome-back", "SKIPPED", "frequency-cap", "2020-01-12T00:00:00Z")
                // u5: inactive all along, held out of an upgrade prompt and bought anyway
                .profile("u5", "2019-11-01T00:00:00Z")
                .stage("u5", null, "NEW", "2019-11-01T00:00:00Z", "first event")
                .stage("u5", "NEW", "INACTIVE", "2019-11-08T00:00:00Z", "onboarding over")
                .message("u5", "upgrade-prompt", "SKIPPED", "holdout", "2020-01-15T00:00:00Z")
                .purchase("u5", "2020-01-16T00:00:00Z")
                // u6: signs up on the 13th, cart intent, converts only after ten days
                .profile("u6", "2020-01-13T00:00:00Z")
                .stage("u6", null, "NEW", "2020-01-13T00:00:00Z", "first event")
                .stage("u6", "NEW", "HIGH_INTENT", "2020-01-14T00:00:00Z", "intent: cart")
                .stage("u6", "HIGH_INTENT", "ACTIVE", "2020-01-24T00:00:00Z", "converted: order completed after cart")
                .activeDay("u6", "2020-01-13", 1).activeDay("u6", "2020-01-14", 1).activeDay("u6", "2020-01-24", 2)
                .message("u6", "upgrade-prompt", "SKIPPED", "holdout", "2020-01-14T00:00:00Z")
                .purchase("u6", "2020-01-23T23:59:00Z");
    }

    @Test
    void engagementCountsMembersAtThePeriodsEndAndTheirActivityInIt() {
        Map<String, JsonNode> segments = new HashMap<>();
        metric("engagement", period).path("segments").forEach(row ->
                segments.put(row.path("dimension").asText() + ":" + row.path("segment").asText(), row));

        // ACTIVE at the end: u2, u4, u6, all active, 5 + 4 + 4 events
        assertThat(segments.get("lifecycle:ACTIVE").path("members").asLong()).isEqualTo(3);
        assertThat(segments.get("lifecycle:ACTIVE").path("engagementRate").asDouble()).isEqualTo(1.0);
        assertThat(segments.get("lifecycle:ACTIVE").path("eventsPerMember").asDouble()).isCloseTo(13 / 3.0, within(1e-9));
        assertThat(segments.get("lifecycle:CHURNED").path("members").asLong()).isEqualTo(1);
        assertThat(segments.get("lifecycle:CHURNED").path("engagementRate").asDouble()).as("u1 was active before").isZero();
        assertThat(segments.get("lifecycle:INACTIVE").path("activeMembers").asLong()).isZero();
        assertThat(segments.get("lifecycle:NEW").path("eventsPerMember").asDouble()).isEqualTo(2.0);
        assertThat(segments.get("usage:power-user").path("eventsPerMember").asDouble()).isEqualTo(5.0);
        assertThat(segments.get("usage:casual-user").path("members").asLong()).isEqualTo(1);
    }

    @Test
    void conversionByBehaviorCountsOnlyConversionsWithinTheWindow() {
        Map<String, JsonNode> behaviors = new HashMap<>();
        metric("conversion", period).path("behaviors").forEach(row -> behaviors.put(row.path("behavior").asText(), row));

        // cart: u2 converted within a day, u6 only after ten; pricing: u3 lapsed
        assertThat(behaviors).containsOnlyKeys("cart", "pricing-page");
        assertThat(behaviors.get("cart").path("entered").asLong()).isEqualTo(2);
        assertThat(behaviors.get("cart").path("converted").asLong()).isEqualTo(1);
        assertThat(behaviors.get("cart").path("rate").asDouble()).isEqualTo(0.5);
        assertThat(behaviors.get("pricing-page").path("rate").asDouble()).isZero();
        assertThat(metric("conversion", period + "&windowDays=11").path("behaviors").get(0).path("converted").asLong())
                .as("with an eleven-day window u6 counts too").isEqualTo(2);
    }

    @Test
    void retentionFollowsEachWeeklyCohortWeekByWeek() {
        JsonNode cohorts = metric("retention", period + "&weeks=3").path("cohorts");

        // u3 (first seen Tuesday 7th): active in week 0 only; u6 (Monday 13th): weeks 0 and 1 (the 24th)
        assertThat(cohorts).hasSize(2);
        assertThat(cohorts.get(0).path("weekStart").asText()).isEqualTo("2020-01-06");
        assertThat(cohorts.get(0).path("users").asLong()).isEqualTo(1);
        assertThat(cohorts.get(0).path("retention").toString()).isEqualTo("[1.0,0.0,0.0]");
        assertThat(cohorts.get(1).path("weekStart").asText()).isEqualTo("2020-01-13");
        assertThat(cohorts.get(1).path("retention").toString()).isEqualTo("[1.0,1.0,0.0]");
    }

    @Test
    void churnAndReactivationRates() {
        // churn: u1 and u2 were NEW/ACTIVE at the start, u1 churned
        JsonNode churn = metric("churn", period);
        assertThat(churn.path("base").asLong()).isEqualTo(2);
        assertThat(churn.path("count").asLong()).isEqualTo(1);
        assertThat(churn.path("rate").asDouble()).isEqualTo(0.5);

        // reactivation: u4 and u5 at the start, u1 became inactive in it; u4 came back
        JsonNode reactivation = metric("reactivation", period);
        assertThat(reactivation.path("base").asLong()).isEqualTo(3);
        assertThat(reactivation.path("count").asLong()).isEqualTo(1);
        assertThat(reactivation.path("rate").asDouble()).isCloseTo(1 / 3.0, within(1e-9));
    }

    @Test
    void timeToConversionGivesMedianAndNinetiethPercentileInHours() {
        JsonNode time = metric("time-to-conversion", period);

        // u2: 12 days after first seen, 1 day after high intent; u6: 11 days and 10 days
        assertThat(time.path("conversions").asLong()).isEqualTo(2);
        assertThat(time.path("fromFirstSeen").path("median").asDouble()).isEqualTo(264.0);
        assertThat(time.path("fromFirstSeen").path("p90").asDouble()).isEqualTo(288.0);
        assertThat(time.path("fromHighIntent").path("median").asDouble()).isEqualTo(24.0);
        assertThat(time.path("fromHighIntent").path("p90").asDouble()).isEqualTo(240.0);
    }

    @Test
    void messagePerformanceWithLiftOverTheHoldout() {
        Map<String, JsonNode> kinds = new HashMap<>();
        metric("messages", period).path("kinds").forEach(row -> kinds.put(row.path("kind").asText(), row));

        // upgrade prompt: sent to u2 (opened, clicked, bought within a day) and u3 (opened);
        // held out for u5 (bought the next day) and u6 (bought after more than seven days)
        JsonNode prompt = kinds.get("upgrade-prompt");
        assertThat(prompt.path("sent").asLong()).isEqualTo(2);
        assertThat(prompt.path("opened").asLong()).isEqualTo(2);
        assertThat(prompt.path("clicked").asLong()).isEqualTo(1);
        assertThat(prompt.path("converted").asLong()).isEqualTo(1);
        assertThat(prompt.path("skipped").path("holdout").asLong()).isEqualTo(2);
        JsonNode lift = prompt.path("lift");
        assertThat(lift.path("heldOutConverted").asLong()).isEqualTo(1);
        assertThat(lift.path("lift").asDouble()).isZero();
        // standard error sqrt(0.25/2 + 0.25/2) = 0.5
        assertThat(lift.path("low").asDouble()).isCloseTo(-0.98, within(0.001));
        assertThat(lift.path("high").asDouble()).isCloseTo(0.98, within(0.001));
        assertThat(kinds.get("welcome-back").path("skipped").path("frequency-cap").asLong()).isEqualTo(1);
        assertThat(kinds.get("re-engagement").path("failed").asLong()).isEqualTo(1);
    }

    @Test
    void aSegmentFilterCountsOnlyItsCurrentMembers() {
        String chosen = "chosen:" + period.substring(period.indexOf("segment=") + "segment=".length());
        JsonNode churn = metric("churn", DAYS + "&segment=" + chosen);
        assertThat(churn.path("population").asText()).isEqualTo(chosen);
        assertThat(churn.path("base").asLong()).as("u2 alone").isEqualTo(1);
        assertThat(churn.path("count").asLong()).isZero();
        assertThat(metric("engagement", DAYS + "&segment=" + chosen).path("segments"))
                .allSatisfy(row -> assertThat(row.path("members").asLong()).isEqualTo(1));
    }

    @Test
    void badParametersAreRefusedWithTheirName() {
        assertThat(client.get("/api/metrics/churn?from=yesterday").status()).isEqualTo(400);
        assertThat(client.get("/api/metrics/churn?from=yesterday").body().path("message").asText()).contains("'from'");
        assertThat(client.get("/api/metrics/churn?from=2020-02-01&to=2020-01-01").body().path("message").asText())
                .contains("before");
        assertThat(client.get("/api/metrics/retention?weeks=0").body().path("message").asText()).contains("'weeks'");
        assertThat(client.get("/api/metrics/churn?segment=usage").body().path("message").asText()).contains("'segment'");
        assertThat(client.get("/api/metrics/churn", null).status()).as("admin only").isEqualTo(401);
    }

    @Test
    void theOpenApiDescriptionNamesEveryParameterOfAMetric() {
        JsonNode retention = client.getJson("/api/openapi").path("paths").path("/api/metrics/retention").path("get");
        assertThat(retention.path("parameters").findValuesAsText("name")).containsExactlyInAnyOrder("from", "to", "segment",
                "weeks");
        assertThat(retention.path("parameters").findValuesAsText("in")).containsOnly("query");
    }

    private JsonNode metric(String name, String query) {
        return client.getJson("/api/metrics/" + name + "?" + query);
    }
}
