package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import java.util.UUID;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** An analyst's login made while Camunda still granted ALL on one's own account keeps only READ after a start. */
class AnalystAccountsTest extends IntegrationTest {

    @Autowired
    private AnalystAccess access;

    @Test
    void anAnalystFromBeforeMayReadButNotChangeTheirAccountAfterAStart() {
        IdentityService identity = engine.getIdentityService();
        AuthorizationService authorizations = engine.getAuthorizationService();
        String user = "analyst" + UUID.randomUUID().toString().replace("-", "");
        User analyst = identity.newUser(user);
        analyst.setPassword("analyst-password-3");
        identity.saveUser(analyst);
        identity.createMembership(user, AnalystAccess.GROUP);
        Authorization own = ownAccount(authorizations, user);
        own.addPermission(Permissions.ALL);
        authorizations.saveAuthorization(own);

        access.ensure();

        assertThat(ownAccount(authorizations, user).isPermissionGranted(Permissions.READ)).isTrue();
        assertThat(ownAccount(authorizations, user).isPermissionGranted(Permissions.UPDATE)).isFalse();
        assertThat(client.get("/engine-rest/user/" + user + "/profile", LifecycleClient.basic(user, "analyst-password-3"))
                .status()).isEqualTo(200);
        assertThat(client.send("DELETE", "/engine-rest/user/" + user, null, null, LifecycleClient.basic(user, "analyst-password-3"))
                .status()).isEqualTo(403);
        assertThat(identity.createUserQuery().userId(user).count()).isEqualTo(1);
    }

    @Test
    void aStartWithAChangedAnalystPasswordStartsAndTheNewPasswordWorksAtOnce() {
        IdentityService identity = engine.getIdentityService();
        String user = environment.getRequiredProperty("lifecycle.analyst.user");
        String configured = environment.getRequiredProperty("lifecycle.analyst.password");
        // the database as an earlier start with another password left it
        User stored = identity.createUserQuery().userId(user).singleResult();
        stored.setPassword("the-old-analyst-password");
        identity.saveUser(stored);

        try {
            access.ensure();

            assertThat(client.get("/api/segments", LifecycleClient.basic(user, configured)).status())
                    .as("the new password works at once").isEqualTo(200);
            assertThat(client.get("/api/segments", LifecycleClient.basic(user, "the-old-analyst-password")).status()).isEqualTo(401);
        } finally {
            identity.unlockUser(user);
            stored = identity.createUserQuery().userId(user).singleResult();
            stored.setPassword(configured);
            identity.saveUser(stored);
        }
    }

    private static Authorization ownAccount(AuthorizationService authorizations, String user) {
        return authorizations.createAuthorizationQuery().userIdIn(user).resourceType(Resources.USER).resourceId(user)
                .singleResult();
    }
}
