package io.lifecycleengine.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.TestMail;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** Holdouts: a deterministic share of users per message kind whose sends are skipped as a control group. */
@TestPropertySource(properties = "lifecycle.messaging.holdout.welcome=0.5")
class HoldoutTest extends IntegrationTest {

    @Autowired
    private MessagingService messaging;

    @Test
    void assignmentIsStablePerUserAndKindAndMatchesTheShare() {
        assertThat(Holdout.position("welcome", "user-1")).isEqualTo(Holdout.position("welcome", "user-1"));
        assertThat(Holdout.position("welcome", "user-1")).isNotEqualTo(Holdout.position("win-back", "user-1"));
        long heldOut = IntStream.range(0, 20_000).filter(i -> Holdout.isHeldOut("welcome", "user-" + i, 0.1)).count();
        assertThat(heldOut).isBetween(1_800L, 2_200L);
        assertThat(Holdout.isHeldOut("welcome", "user-1", 0)).isFalse();
        assertThat(Holdout.isHeldOut("welcome", "user-1", 1)).isTrue();
    }

    @Test
    void heldOutUsersAreSkippedWithReasonHoldoutAndTheOthersGetTheMail() {
        List<String> heldOut = new ArrayList<>();
        List<String> mailed = new ArrayList<>();
        while (heldOut.size() < 3 || mailed.size() < 3) {
            String user = newUserId("holdout");
            (Holdout.position("welcome", user) < 0.5 ? heldOut : mailed).add(user);
        }
        for (String user : heldOut) {
            assertThat(deliverWelcome(user)).isEqualTo(MessageStatus.SKIPPED);
            assertThat(TestMail.to(emailOf(user))).isEmpty();
            assertThat(messaging.messagesOf(user)).singleElement().extracting(SentMessage::reason).isEqualTo("holdout");
            assertThat(messaging.deliver(new MessageRequest("holdout-test-2:" + user, user, "win-back", null)))
                    .as("other kinds have no holdout").isEqualTo(MessageStatus.SENT);
        }
        for (String user : mailed) {
            assertThat(deliverWelcome(user)).isEqualTo(MessageStatus.SENT);
            assertThat(TestMail.to(emailOf(user))).hasSize(1);
        }
    }

    private MessageStatus deliverWelcome(String user) {
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", emailOf(user))));
        return messaging.deliver(new MessageRequest("holdout-test:" + user, user, "welcome", null));
    }
}
