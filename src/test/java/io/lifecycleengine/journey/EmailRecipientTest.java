package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.TestMail;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The {@code email} trait names one mailbox: a message of a user goes to that one person. A trait in RFC 5322 group
 * syntax ({@code "friends: a@x, b@y;"}) passes the address check as one (group) address, and the SMTP transport
 * expands the group: one identify call makes every journey message go to any number of third parties.
 */
class EmailRecipientTest extends JourneyTest {

    @Test
    void anEmailTraitInGroupSyntaxIsNotMailedToEveryAddressOfTheGroup() {
        setClock(Instant.parse("2026-03-02T09:00:00Z"));
        String domain = UUID.randomUUID() + ".example.com";
        JourneyUser user = new JourneyUser(newUserId("group"), client, driver);

        user.identify(Map.of("email", "friends: alice@" + domain + ", bob@" + domain + ", carol@" + domain + ";",
                "firstName", "Ada"));

        assertThat(TestMail.deliveredToDomain(domain)).as("mailboxes reached by one user's welcome; messages: %s",
                user.messages()).isEmpty();
        assertThat(user.messages()).containsExactly("welcome:skipped:invalid-email");
    }
}
