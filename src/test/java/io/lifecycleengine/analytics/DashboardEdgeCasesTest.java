package io.lifecycleengine.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycleengine.support.BrowserSession;
import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dashboard on thin data: a period shorter than a week, down to a single day ({@code ?from=D&to=D}), rates of
 * nobody, and one segment's members. Each history is a population of its own (its segment), in autumn 2019 so that no
 * other test's data falls into it.
 */
class DashboardEdgeCasesTest extends IntegrationTest {

    private static final Pattern DATA = Pattern.compile("<script id=\"data\" type=\"application/json\">(.*?)</script>",
            Pattern.DOTALL);

    @Autowired
    private JdbcTemplate jdbc;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theFlowOfAShortPeriodShowsOnlyItsOwnTransitions() throws Exception {
        HandBuiltHistory history = new HandBuiltHistory(jdbc);
        history.profile("early", "2019-11-04T10:00:00Z").stage("early", null, "NEW", "2019-11-04T10:00:00Z", "first event")
                .stage("early", "NEW", "ACTIVE", "2019-11-06T10:00:00Z", "activated");
        history.profile("late", "2019-11-08T10:00:00Z").stage("late", null, "NEW", "2019-11-08T10:00:00Z", "first event");

        JsonNode dashboard = data("/dashboard?from=2019-11-08&to=2019-11-08&segment=" + history.segment()).path("dashboard");

        List<String> flow = new ArrayList<>();
        dashboard.path("transitionsThisWeek").forEach(move ->
                flow.add(move.path("first").asText() + "->" + move.path("second").asText() + " " + move.path("count").asLong()));
        assertThat(flow).as("the moves of November 8th only, not of the six days before the period").containsExactly("none->NEW 1");
    }

    @Test
    void theStageSizesOfASingleDayAreDrawn() throws Exception {
        HandBuiltHistory history = new HandBuiltHistory(jdbc);
        history.profile("one", "2019-11-12T10:00:00Z").stage("one", null, "NEW", "2019-11-12T10:00:00Z", "first event")
                .stage("one", "NEW", "ACTIVE", "2019-11-13T10:00:00Z", "activated");
        history.profile("two", "2019-11-12T11:00:00Z").stage("two", null, "NEW", "2019-11-12T11:00:00Z", "first event");

        try (BrowserSession browser = BrowserSession.start()) {
            browser.open(page("/dashboard?from=2019-11-13&to=2019-11-13&segment=" + history.segment()));
            JsonNode sizes = browser.evaluate("return Chart.getChart('stageSizes').data.datasets.map(set => set.data[0])");
            long coloured = browser.evaluate(BrowserSession.chartInk("stageSizes")).asLong();

            assertThat(sizes).as("NEW, ACTIVE, HIGH_INTENT, INACTIVE, CHURNED at the end of the day").hasToString("[1,1,0,0,0]");
            assertThat(coloured).as("pixels of the stages' colours in the plot area").isPositive();
        }
    }

    @Test
    void aRateOfNobodyIsShownAsNoneNotAsZero() throws Exception {
        HandBuiltHistory history = new HandBuiltHistory(jdbc);
        history.profile("newcomer", "2019-10-02T10:00:00Z").stage("newcomer", null, "NEW", "2019-10-02T10:00:00Z", "first event")
                .stage("newcomer", "NEW", "INACTIVE", "2019-10-03T10:00:00Z", "onboarding window passed")
                .stage("newcomer", "INACTIVE", "CHURNED", "2019-10-05T10:00:00Z", "no activity within the churn window")
                .message("newcomer", "welcome", "SKIPPED", "unsubscribed", "2019-10-02T10:00:00Z");
        String query = "?from=2019-10-01&to=2019-10-07&segment=" + history.segment();
        JsonNode churn = client.getJson("/api/metrics/churn" + query);
        assertThat(churn.path("base").asLong()).as("nobody was there at the start to churn").isZero();

        try (BrowserSession browser = BrowserSession.start()) {
            browser.open(page("/dashboard" + query));
            JsonNode shown = browser.evaluate("""
                    return [document.getElementById('kpi-churn').textContent, document.getElementById('kpi-reactivation').textContent,
                            Chart.getChart('rates').data.datasets[0].data,
                            [...document.querySelectorAll('#messages tbody tr td:nth-child(8)')].map(cell => cell.textContent)]""");

            assertThat(shown).hasToString("[\"–\",\"0.0 %\",[null,0],[\"–\"]]");
        }
    }

    @Test
    void aSegmentsDashboardSaysWhoseFiguresItShows() {
        HandBuiltHistory history = new HandBuiltHistory(jdbc);
        history.profile("member", "2019-09-02T10:00:00Z");

        String members = client.get("/dashboard?from=2019-09-01&to=2019-09-07&segment=" + history.segment()).raw().body();
        String everyone = client.get("/dashboard?from=2019-09-01&to=2019-09-07").raw().body();
        // a segment of a dimension no table of ours decides: one of ours refuses a name that is none of its segments
        String markup = client.get("/dashboard?from=2019-09-01&to=2019-09-07&segment=" + HandBuiltHistory.MARKER
                + ":%3Cb%3Epower%3C/b%3E").raw().body();

        assertThat(members).contains("<span id=\"population\">" + history.segment() + "</span>");
        assertThat(everyone).contains("<span id=\"population\">everyone</span>");
        assertThat(everyone).as("a page whose figures need JavaScript says so where it is off").containsPattern(
                "<noscript>[\\s\\S]*/api/metrics/[\\s\\S]*</noscript>");
        assertThat(markup).contains("<span id=\"population\">" + HandBuiltHistory.MARKER + ":&lt;b&gt;power&lt;/b&gt;</span>");
    }

    /** The page's address with the admin login in it, for the browser. */
    private String page(String path) {
        return "http://" + environment.getRequiredProperty("camunda.bpm.admin-user.id") + ":"
                + environment.getRequiredProperty("camunda.bpm.admin-user.password") + "@127.0.0.1:" + port + path;
    }

    private JsonNode data(String path) throws Exception {
        LifecycleClient.Answer answer = client.get(path);
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        Matcher data = DATA.matcher(answer.raw().body());
        assertThat(data.find()).isTrue();
        return json.readTree(data.group(1));
    }
}
