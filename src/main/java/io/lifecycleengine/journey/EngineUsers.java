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

    /** What a login may do in our API and dashboard. */
    public enum Role {
        ADMIN, ANALYST, NONE;

        public boolean mayRead() {
            return this != NONE;
        }
    }

    public Role roleOf(String userId, String password) {
        if (userId == null || userId.isBlank() || password == null || !identity.checkPassword(userId, password)) {
            return Role.NONE;
        }
        if (identity.createGroupQuery().groupMember(userId).groupId(Groups.CAMUNDA_ADMIN).count() > 0) {
            return Role.ADMIN;
        }
        return identity.createGroupQuery().groupMember(userId).groupId(AnalystAccess.GROUP).count() > 0 ? Role.ANALYST : Role.NONE;
    }

    public boolean isAdmin(String userId, String password) {
        return roleOf(userId, password) == Role.ADMIN;
    }
}
