package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.profile.BehaviorSignals;
import io.lifecycleengine.profile.ProfileUpdate;
import io.lifecycleengine.support.IntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Which signals ingest records for a user whose journey has not started yet (signal retries are off here). */
class SignalRecordingTest extends IntegrationTest {

    private static final BehaviorSignals ACTIVITY = new BehaviorSignals(true, false, null, null, false, null, false);

    @Autowired
    private SignalInbox inbox;
    @Autowired
    private TransactionTemplate transaction;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void aUserWaitingForTheJourneyToStartGetsOneStartSignalAcrossCalls() {
        String user = "start-once-" + UUID.randomUUID();

        record(new ProfileUpdate(user, true, true, ACTIVITY), new ProfileUpdate(user, false, false, ACTIVITY));
        record(new ProfileUpdate(user, false, true, ACTIVITY));

        assertThat(waitingSignals(user)).containsExactly("START", "NEW_ACTIVE_DAY");
    }

    @Test
    void aStartSignalThatIsGoneIsRaisedAgainWhileTheUserHasNoStage() {
        String user = "start-again-" + UUID.randomUUID();
        record(new ProfileUpdate(user, true, true, ACTIVITY));
        jdbc.update("DELETE FROM journey_signal WHERE user_id = ?", user);

        record(new ProfileUpdate(user, false, false, ACTIVITY));

        assertThat(waitingSignals(user)).containsExactly("START");
    }

    private void record(ProfileUpdate... updates) {
        transaction.executeWithoutResult(status -> inbox.record(List.of(updates)));
    }

    private List<String> waitingSignals(String user) {
        return jdbc.queryForList("SELECT kind FROM journey_signal WHERE user_id = ? ORDER BY id", String.class, user);
    }
}
