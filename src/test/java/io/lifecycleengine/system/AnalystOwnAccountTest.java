package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;

/**
 * "Analysts may change nothing" includes their own engine account: Camunda grants every user it creates (with
 * authorization checks on) ALL permissions on its own User resource, so the analyst's login must not keep them.
 */
class AnalystOwnAccountTest extends IntegrationTest {

    @Test
    void theAnalystCannotEditTheirOwnProfile() {
        String user = environment.getRequiredProperty("lifecycle.analyst.user");
        String analyst = LifecycleClient.basic(user, environment.getRequiredProperty("lifecycle.analyst.password"));
        IdentityService identity = engine.getIdentityService();
        User before = identity.createUserQuery().userId(user).singleResult();
        String firstName = before.getFirstName();
        String lastName = before.getLastName();
        try {
            LifecycleClient.Answer answer = client.send("PUT", "/engine-rest/user/" + user + "/profile",
                    ("{\"id\":\"" + user + "\",\"firstName\":\"Changed\",\"lastName\":\"By the analyst\"}").getBytes(StandardCharsets.UTF_8),
                    "application/json", analyst);

            assertThat(answer.status()).as("PUT /engine-rest/user/%s/profile answered %s", user, answer.raw().body()).isEqualTo(403);
            assertThat(identity.createUserQuery().userId(user).singleResult().getFirstName()).isEqualTo(firstName);
        } finally {
            User after = identity.createUserQuery().userId(user).singleResult();
            after.setFirstName(firstName);
            after.setLastName(lastName);
            identity.saveUser(after);
        }
    }

    /** A member of the analysts group made as AnalystAccess makes the configured one. */
    @Test
    void anAnalystCannotDeleteTheirOwnLogin() {
        IdentityService identity = engine.getIdentityService();
        String user = "analyst" + UUID.randomUUID().toString().replace("-", "");
        User analyst = identity.newUser(user);
        analyst.setFirstName("Analyst");
        analyst.setLastName(user);
        analyst.setPassword("analyst-password-2");
        identity.saveUser(analyst);
        identity.createMembership(user, "analysts");

        LifecycleClient.Answer answer = client.send("DELETE", "/engine-rest/user/" + user, null, null,
                LifecycleClient.basic(user, "analyst-password-2"));

        assertThat(answer.status()).as("DELETE /engine-rest/user/%s answered %s", user, answer.raw().body()).isEqualTo(403);
        assertThat(identity.createUserQuery().userId(user).count()).isEqualTo(1);
    }
}
