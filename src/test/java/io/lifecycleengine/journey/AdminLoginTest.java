package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A changed LIFECYCLE_ADMIN_PASSWORD applies at the next start, also on a database whose admin already exists. */
class AdminLoginTest extends IntegrationTest {

    @Autowired
    private AdminLogin adminLogin;

    @Test
    void aStartWithAnotherPasswordReplacesTheStoredOne() {
        String admin = environment.getRequiredProperty("camunda.bpm.admin-user.id");
        String configured = environment.getRequiredProperty("camunda.bpm.admin-user.password");
        // the database as an earlier start with another password left it
        User stored = engine.getIdentityService().createUserQuery().userId(admin).singleResult();
        stored.setPassword("the-old-password");
        engine.getIdentityService().saveUser(stored);

        adminLogin.keepPasswordCurrent();

        try {
            assertThat(client.get("/api/segments", LifecycleClient.basic(admin, configured)).status()).isEqualTo(200);
            assertThat(client.get("/api/segments", LifecycleClient.basic(admin, "the-old-password")).status()).isEqualTo(401);
        } finally {
            // the refused try locked the admin for a few seconds, and other tests log in as the admin
            engine.getIdentityService().unlockUser(admin);
            adminLogin.keepPasswordCurrent();
        }
    }
}
