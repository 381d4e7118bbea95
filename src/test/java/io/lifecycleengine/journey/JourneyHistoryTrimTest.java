package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A journey running for years keeps one time-to-live (180 days) of Camunda history: the rows per user
 * stay the same from one year to the next instead of growing with the journey's age.
 */
class JourneyHistoryTrimTest extends JourneyTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    @Autowired
    private JourneyHistoryTrim trim;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void historyOfARunningJourneyStaysOneTimeToLiveWhateverItsAge() {
        setClock(START);
        JourneyUser user = new JourneyUser(newUserId("history"), client, driver);
        user.activate();
        String journeyId = driver.journey(user.id()).getId();
        List<Long> rowsAtYearEnd = new ArrayList<>();
        long trimmed = 0;
        for (int year = 1; year <= 2; year++) {
            Instant yearEnd = START.plus(Duration.ofDays(365L * year));
            while (now().isBefore(yearEnd)) {
                driver.fireTimer(user.id());
                assertThat(user.stage()).isEqualTo("INACTIVE");
                user.track("Report Viewed");
                assertThat(user.stage()).isEqualTo("ACTIVE");
                JourneyHistoryTrim.Trimmed nightly = trim.trim();
                trimmed += nightly.activityInstances() + nightly.processInstances();
            }
            rowsAtYearEnd.add(historyRows(journeyId));
        }

        assertThat(trimmed).as("rows trimmed").isPositive();
        assertThat(rowsAtYearEnd.get(1)).as("history rows after two years, against one")
                .isBetween(rowsAtYearEnd.get(0) * 9 / 10, rowsAtYearEnd.get(0) * 11 / 10);
        Timestamp cutoff = Timestamp.from(now().minus(Duration.ofDays(180)));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_ACTINST WHERE ROOT_PROC_INST_ID_ = ? AND END_TIME_ < ?",
                Long.class, journeyId, cutoff)).as("activity history older than 180 days").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_PROCINST WHERE ID_ = ?", Long.class, journeyId))
                .as("the running journey's own history row").isOne();
        assertThat(user.messages()).as("the journey still mails as before").contains("re-engagement:sent", "welcome-back:sent");
    }

    private long historyRows(String journeyId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_ACTINST WHERE ROOT_PROC_INST_ID_ = ?", Long.class, journeyId)
                + jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_PROCINST WHERE ROOT_PROC_INST_ID_ = ?", Long.class, journeyId);
    }
}
