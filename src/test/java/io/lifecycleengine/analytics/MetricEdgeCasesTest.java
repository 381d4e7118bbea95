package io.lifecycleengine.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.support.IntegrationTest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Edge cases of the metrics API, on small hand-built histories in 2018 (filtered to their own users). */
class MetricEdgeCasesTest extends IntegrationTest {

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private SnapshotQueries snapshotQueries;

    /**
     * A date that {@link java.time.LocalDate} parses but that is beyond what a period can be turned into an instant
     * or a SQL timestamp for: the answer must be a 400 with a JSON body, as for any other bad date.
     */
    @Test
    void datesBeyondTheRepresentableRangeAreBadRequestsNotServerErrors() {
        for (String query : new String[] {"from=%2B999999999-12-01&to=%2B999999999-12-31", "to=%2B999999999-12-31",
                "from=%2B300000000-01-01&to=%2B300000000-01-02", "from=-999999999-01-01&to=-999999999-01-02"}) {
            LifecycleClientAnswer answer = answer("/api/metrics/churn?" + query);
            assertThat(answer.status()).as("/api/metrics/churn?%s answered %s", query, answer.text()).isEqualTo(400);
        }
        LifecycleClientAnswer dashboard = answer("/dashboard?to=%2B999999999-12-31");
        assertThat(dashboard.status()).as("/dashboard?to=+999999999-12-31 answered %s", dashboard.text()).isEqualTo(400);
    }

    /**
     * A cohort (week of Monday 2018-01-01) whose only user was first seen on its last day, Sunday 2018-01-07. On
     * Monday 2018-01-08 that user is on day 1 of their week 0: their week 1 (from 2018-01-14) has not begun for
     * anybody in the cohort, so the cell must be null, not a retention of 0 %.
     */
    @Test
    void retentionOfAWeekThatNoMemberOfTheCohortHasReachedIsNull() {
        HandBuiltHistory history = new HandBuiltHistory(jdbc)
                .profile("sunday", "2018-01-07T12:00:00Z")
                .stage("sunday", null, "NEW", "2018-01-07T12:00:00Z", "first event")
                .activeDay("sunday", "2018-01-07", 1);
        setClock(Instant.parse("2018-01-08T12:00:00Z"));

        JsonNode cohorts = client.getJson("/api/metrics/retention?from=2018-01-01&to=2018-01-07&weeks=2&segment="
                + history.segment()).path("cohorts");

        assertThat(cohorts).hasSize(1);
        assertThat(cohorts.get(0).path("weekStart").asText()).isEqualTo("2018-01-01");
        assertThat(cohorts.get(0).path("users").asLong()).isEqualTo(1);
        assertThat(cohorts.get(0).path("retention").toString())
                .as("week 1 of the user first seen on Sunday 7th begins on the 14th").isEqualTo("[1.0,null]");
    }

    /**
     * A message queued at 10:00 whose first attempts failed (the mail server was down) went out at 14:00: a purchase
     * at 12:00 came before the user could have read it, so it is no conversion of that message.
     */
    @Test
    void aPurchaseBeforeAMessageWentOutIsNotItsConversion() {
        HandBuiltHistory history = new HandBuiltHistory(jdbc)
                .profile("late", "2017-06-01T09:00:00Z")
                .message("late", "upgrade-prompt", "SENT", null, "2017-06-05T10:00:00Z")
                .sentAt("late", "2017-06-05T14:00:00Z")
                .purchase("late", "2017-06-05T12:00:00Z");
        setClock(Instant.parse("2017-06-20T12:00:00Z"));

        JsonNode kinds = client.getJson("/api/metrics/messages?from=2017-06-01&to=2017-06-07&segment=" + history.segment())
                .path("kinds");

        assertThat(kinds).hasSize(1);
        assertThat(kinds.get(0).path("sent").asLong()).isEqualTo(1);
        assertThat(kinds.get(0).path("converted").asLong()).isZero();
    }

    /**
     * docs/metrics.md promises {@code null} for a lift without a holdout and for percentiles without conversions; the
     * application's JSON leaves nulls out, and a client reading {@code lift.lift} or {@code fromFirstSeen.median} found
     * no such field.
     */
    @Test
    void figuresWithoutDataAreNullNotMissing() {
        HandBuiltHistory history = new HandBuiltHistory(jdbc)
                .profile("alone", "2017-08-01T09:00:00Z")
                .message("alone", "welcome", "SENT", null, "2017-08-01T09:00:00Z");
        String query = "?from=2017-08-01&to=2017-08-07&segment=" + history.segment();

        JsonNode lift = client.getJson("/api/metrics/messages" + query).path("kinds").get(0).path("lift");
        JsonNode time = client.getJson("/api/metrics/time-to-conversion" + query);

        for (String field : new String[] {"heldOutRate", "lift", "low", "high"}) {
            assertThat(lift.has(field)).as("lift.%s in %s", field, lift).isTrue();
            assertThat(lift.get(field).isNull()).as("lift.%s", field).isTrue();
        }
        for (String hours : new String[] {"fromFirstSeen", "fromHighIntent"}) {
            assertThat(time.path(hours).has("median")).as("%s.median in %s", hours, time).isTrue();
            assertThat(time.path(hours).get("median").isNull()).isTrue();
            assertThat(time.path(hours).has("p90")).as("%s.p90 in %s", hours, time).isTrue();
        }
    }

    /** A {@code from} after today without a {@code to} was refused as a 'to' before 'from', naming a parameter never sent. */
    @Test
    void aFromAfterTodayWithoutAToNamesFrom() {
        setClock(Instant.parse("2018-03-10T12:00:00Z"));

        LifecycleClientAnswer answer = answer("/api/metrics/churn?from=2018-04-01");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text()).contains("Parameter 'from' (2018-04-01) is after today (2018-03-10)")
                .doesNotContain("Parameter 'to'");
    }

    /**
     * A segment filter with a typing error counted nobody and answered zeros: a dimension nobody has and no table
     * decides, or a stage the lifecycle lacks, is refused by name.
     */
    @Test
    void aSegmentFilterNamingNoDimensionOrStageIsRefused() {
        LifecycleClientAnswer typo = answer("/api/metrics/churn?segment=usgae:power-user");
        LifecycleClientAnswer lowerCase = answer("/api/metrics/churn?segment=lifecycle:active");
        LifecycleClientAnswer dashboard = answer("/dashboard?from=2019-09-01&to=2019-09-07&segment=usgae:power-user");

        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.text()).contains("no dimension 'usgae'", "usage");
        assertThat(lowerCase.status()).isEqualTo(400);
        assertThat(lowerCase.text()).contains("no stage 'active'", "ACTIVE");
        assertThat(dashboard.status()).isEqualTo(400);
        assertThat(answer("/api/metrics/churn?segment=usage:power-user").status()).as("a dimension of ours, if empty")
                .isEqualTo(200);
        assertThat(answer("/api/metrics/churn?segment=lifecycle:CHURNED").status()).isEqualTo(200);
    }

    @Test
    void aSegmentFilterNamingNoSegmentOfTheDimensionIsRefused() {
        LifecycleClientAnswer plural = answer("/api/metrics/churn?segment=usage:power-users");
        LifecycleClientAnswer dashboard = answer("/dashboard?from=2019-09-01&to=2019-09-07&segment=purchase:high-value");

        assertThat(plural.status()).isEqualTo(400);
        assertThat(plural.text()).contains("no segment 'power-users'", "power-user, casual-user, dormant-user");
        assertThat(dashboard.status()).isEqualTo(400);
        assertThat(answer("/api/metrics/churn?segment=purchase:high-value-customer").status()).as("declared, if empty")
                .isEqualTo(200);
    }

    /**
     * "merged" entered HIGH_INTENT through the cart on 2 March; on the 3rd an alias merged them into "surviving", whose
     * journey had been archived (CHURNED), and the running journey carried on as theirs (CHURNED → MERGED → HIGH_INTENT);
     * on the 4th they ordered. One entry into high intent (cart), converted a day after the merge and two days after
     * the entry: the merge is no entry of its own, and the order converts the entry the journey made.
     */
    @Test
    void aJourneyTakenOverByAliasIsNoNewHighIntentEntryAndItsOrderConvertsTheEntry() {
        HandBuiltHistory history = new HandBuiltHistory(jdbc)
                .profile("surviving", "2017-01-01T00:00:00Z")
                .stage("surviving", null, "NEW", "2017-01-01T00:00:00Z", "first event", "journey-old")
                .stage("surviving", "NEW", "INACTIVE", "2017-01-08T00:00:00Z", "onboarding over", "journey-old")
                .stage("surviving", "INACTIVE", "CHURNED", "2017-02-01T00:00:00Z", "no activity", "journey-old")
                .profile("merged", "2018-03-01T00:00:00Z")
                .stage("merged", null, "NEW", "2018-03-01T00:00:00Z", "first event", "journey-running")
                .stage("merged", "NEW", "HIGH_INTENT", "2018-03-02T00:00:00Z", "intent: cart", "journey-running")
                .takeOver("merged", "surviving", "2018-03-03T00:00:00Z")
                .stage("surviving", "HIGH_INTENT", "ACTIVE", "2018-03-04T00:00:00Z", "converted: order completed after cart",
                        "journey-running");
        setClock(Instant.parse("2018-03-20T12:00:00Z"));
        String query = "?from=2018-03-01&to=2018-03-10&segment=" + history.segment();

        JsonNode behaviors = client.getJson("/api/metrics/conversion" + query).path("behaviors");
        JsonNode time = client.getJson("/api/metrics/time-to-conversion" + query);

        assertThat(behaviors).as("%s", behaviors).hasSize(1);
        assertThat(behaviors.get(0).path("behavior").asText()).isEqualTo("cart");
        assertThat(behaviors.get(0).path("entered").asLong()).isEqualTo(1);
        assertThat(behaviors.get(0).path("converted").asLong()).isEqualTo(1);
        assertThat(time.path("conversions").asLong()).isEqualTo(1);
        assertThat(time.path("fromHighIntent").path("median").asDouble()).as("%s", time).isEqualTo(48.0);
    }

    /**
     * "surviving" churned in 2017 (journey archived); "merged", ACTIVE since 25 April 2018, was aliased into them on
     * 3 May and their journey carried on as the surviving user's, who went INACTIVE on the 8th. In 1–10 May: nobody
     * churned (base: "merged", ACTIVE at the start), nobody came back (base: "surviving", CHURNED at the start; the
     * move out of CHURNED by way of MERGED is no return); from the 3rd the stage sizes count one user, never MERGED.
     */
    @Test
    void aJourneyTakenOverByAliasIsNoChurnNoReactivationAndCountsOnceInTheStageSizes() {
        HandBuiltHistory history = new HandBuiltHistory(jdbc)
                .profile("surviving", "2017-01-01T00:00:00Z")
                .stage("surviving", null, "NEW", "2017-01-01T00:00:00Z", "first event", "journey-old")
                .stage("surviving", "NEW", "INACTIVE", "2017-01-08T00:00:00Z", "onboarding over", "journey-old")
                .stage("surviving", "INACTIVE", "CHURNED", "2017-02-01T00:00:00Z", "no activity", "journey-old")
                .profile("merged", "2018-04-20T00:00:00Z")
                .stage("merged", null, "NEW", "2018-04-20T00:00:00Z", "first event", "journey-running")
                .stage("merged", "NEW", "ACTIVE", "2018-04-25T00:00:00Z", "activated", "journey-running")
                .takeOver("merged", "surviving", "2018-05-03T00:00:00Z")
                .stage("surviving", "ACTIVE", "INACTIVE", "2018-05-08T00:00:00Z", "no activity", "journey-running");
        setClock(Instant.parse("2018-05-20T12:00:00Z"));
        String query = "?from=2018-05-01&to=2018-05-10&segment=" + history.segment();

        JsonNode churn = client.getJson("/api/metrics/churn" + query);
        JsonNode reactivation = client.getJson("/api/metrics/reactivation" + query);
        Map<String, List<Long>> sizes = snapshotQueries.stageSizes(List.of(LocalDate.parse("2018-05-02"),
                LocalDate.parse("2018-05-03"), LocalDate.parse("2018-05-08")), Population.of(history.segment()));

        assertThat(churn.path("base").asLong()).isEqualTo(1);
        assertThat(churn.path("count").asLong()).isZero();
        assertThat(reactivation.path("base").asLong()).isEqualTo(1);
        assertThat(reactivation.path("count").asLong()).isZero();
        assertThat(sizes).doesNotContainKey("MERGED");
        assertThat(sizes.get("ACTIVE")).containsExactly(1L, 1L, 0L);
        assertThat(sizes.get("CHURNED")).containsExactly(1L, 0L, 0L);
        assertThat(sizes.get("INACTIVE")).containsExactly(0L, 0L, 1L);
    }

    /**
     * "earlier" entered HIGH_INTENT through the cart on 2 June 2018 and ordered on the 3rd, 48 hours after their first
     * event; on the 5th an alias merged them into "later" (after their own journey had ended, so none carried on): their
     * events now count in the surviving profile, whose first-seen time is theirs, and their own profile is gone, as
     * {@code IdentityResolver} leaves it. The conversion still happened: /conversion counts it, and time to conversion
     * must count it too, from the person's first event.
     */
    @Test
    void aConversionOfAUserMergedAwayLaterStillCountsInTimeToConversion() {
        HandBuiltHistory history = new HandBuiltHistory(jdbc)
                .profile("earlier", "2018-06-01T03:00:00Z")
                .stage("earlier", null, "NEW", "2018-06-01T03:00:00Z", "first event")
                .stage("earlier", "NEW", "HIGH_INTENT", "2018-06-02T03:00:00Z", "intent: cart")
                .stage("earlier", "HIGH_INTENT", "ACTIVE", "2018-06-03T03:00:00Z", "converted: order completed after cart")
                .profile("later", "2018-06-01T03:00:00Z");
        jdbc.update("DELETE FROM behavior_profile WHERE user_id = ?", history.user("earlier"));
        jdbc.update("INSERT INTO identity_link (from_id, to_id, linked_at) VALUES (?, ?, ?)", history.user("earlier"),
                history.user("later"), java.sql.Timestamp.from(Instant.parse("2018-06-05T03:00:00Z")));
        setClock(Instant.parse("2018-06-20T12:00:00Z"));
        String query = "?from=2018-06-01&to=2018-06-10&segment=" + history.segment();

        JsonNode behaviors = client.getJson("/api/metrics/conversion" + query).path("behaviors");
        JsonNode time = client.getJson("/api/metrics/time-to-conversion" + query);

        assertThat(behaviors.get(0).path("converted").asLong()).isEqualTo(1);
        assertThat(time.path("conversions").asLong()).as("%s", time).isEqualTo(1);
        assertThat(time.path("fromFirstSeen").path("median").asDouble()).as("%s", time).isEqualTo(48.0);
        assertThat(time.path("fromHighIntent").path("median").asDouble()).as("%s", time).isEqualTo(24.0);
    }

    private record LifecycleClientAnswer(int status, String text) {
    }

    private LifecycleClientAnswer answer(String path) {
        var answer = client.get(path);
        return new LifecycleClientAnswer(answer.status(), answer.raw().body());
    }
}
