package io.lifecycleengine.journey;

import jakarta.annotation.PostConstruct;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps the admin login's password the configured one ({@code LIFECYCLE_ADMIN_PASSWORD}). Camunda's starter only
 * creates the admin user on an empty database, so without this a changed password applied to nothing: the old one
 * went on working and the new one was refused, and each try counted towards the admin's lockout. Set at every start
 * without checking the old one first, as a failed check is itself such a try. A start also lifts the admin's lockout:
 * only an admin may unlock a user in Camunda Admin, so an admin locked out for good had no other way back in.
 */
@Component
class AdminLogin {

    private final IdentityService identity;
    private final String user;
    private final String password;

    AdminLogin(IdentityService identity, @Value("${camunda.bpm.admin-user.id:}") String user,
               @Value("${camunda.bpm.admin-user.password:}") String password) {
        this.identity = identity;
        this.user = user;
        this.password = password;
    }

    @PostConstruct
    void keepPasswordCurrent() {
        if (user.isBlank() || password.isBlank()) {
            return;
        }
        User admin = identity.createUserQuery().userId(user).singleResult();
        if (admin != null) {
            admin.setPassword(password);
            identity.saveUser(admin);
            identity.unlockUser(user);
        }
    }
}
