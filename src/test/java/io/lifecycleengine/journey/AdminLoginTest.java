package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A changed LIFECYCLE_ADMIN_PASSWORD applies at the next start, also on a database whose admin already exists. */
class AdminLoginTest extends IntegrationTest {

    @Autowired
    private AdminLogin adminLogin;
    @Autowired
    private JdbcTemplate jdbc;

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

    @Test
    void aStartLetsInTheAdminLockedOutForGood() {
        String admin = environment.getRequiredProperty("camunda.bpm.admin-user.id");
        int maxAttempts = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getLoginMaxAttempts();
        // as many wrong passwords in a row as the lockout allows: nobody may unlock the only admin in Camunda Admin
        jdbc.update("UPDATE ACT_ID_USER SET ATTEMPTS_ = ? WHERE ID_ = ?", maxAttempts, admin);

        try {
            assertThat(client.get("/api/segments").status()).as("locked for good").isEqualTo(401);

            adminLogin.keepPasswordCurrent();

            assertThat(client.get("/api/segments").status()).isEqualTo(200);
        } finally {
            engine.getIdentityService().unlockUser(admin);
        }
    }
}
