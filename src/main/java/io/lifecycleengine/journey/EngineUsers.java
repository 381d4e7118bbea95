package io.lifecycleengine.journey;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.springframework.stereotype.Service;

/** The engine's users are the application's users: one login for Cockpit, engine-rest and our API. */
@Service
public class EngineUsers {

    private final IdentityService identity;

    EngineUsers(IdentityService identity) {
        this.identity = identity;
    }

    /** True once the engine has any user: from then on nobody may use the webapps' initial setup. */
    public boolean anyUserExists() {
        return identity.createUserQuery().count() > 0;
    }

    public boolean isAdmin(String userId, String password) {
        if (userId == null || userId.isBlank() || password == null) {
            return false;
        }
        return identity.checkPassword(userId, password)
                && identity.createGroupQuery().groupMember(userId).groupId(Groups.CAMUNDA_ADMIN).count() > 0;
    }
}
