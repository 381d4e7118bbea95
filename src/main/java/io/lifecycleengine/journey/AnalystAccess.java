package io.lifecycleengine.journey;

import jakarta.annotation.PostConstruct;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The read-only role: members of group {@code analysts} may open Cockpit and read definitions,
 * journeys, decisions, deployments and batches, through Cockpit and {@code /engine-rest} (Camunda's
 * authorization checks are on), and read our API and dashboard; they may change nothing. The analyst
 * login named by {@code lifecycle.analyst.user} is created (and its password set to the configured one) at start-up.
 */
@Component
class AnalystAccess {

    static final String GROUP = "analysts";
    private static final Logger log = LoggerFactory.getLogger(AnalystAccess.class);
    private static final List<Grant> GRANTS = List.of(
            new Grant(Resources.APPLICATION, "cockpit", Permissions.ACCESS),
            new Grant(Resources.PROCESS_DEFINITION, Authorization.ANY, Permissions.READ, Permissions.READ_INSTANCE,
                    Permissions.READ_HISTORY),
            new Grant(Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.READ),
            new Grant(Resources.DECISION_DEFINITION, Authorization.ANY, Permissions.READ, Permissions.READ_HISTORY),
            new Grant(Resources.DECISION_REQUIREMENTS_DEFINITION, Authorization.ANY, Permissions.READ),
            new Grant(Resources.DEPLOYMENT, Authorization.ANY, Permissions.READ),
            new Grant(Resources.BATCH, Authorization.ANY, Permissions.READ));

    private record Grant(Resource resource, String resourceId, Permission... permissions) {
    }

    private final IdentityService identity;
    private final AuthorizationService authorizations;
    private final String user;
    private final String password;

    AnalystAccess(IdentityService identity, AuthorizationService authorizations,
                  @Value("${lifecycle.analyst.user:}") String user, @Value("${lifecycle.analyst.password:}") String password) {
        this.identity = identity;
        this.authorizations = authorizations;
        this.user = user;
        this.password = password;
    }

    @PostConstruct
    void ensure() {
        if (identity.createGroupQuery().groupId(GROUP).count() == 0) {
            Group group = identity.newGroup(GROUP);
            group.setName("Analysts (read-only)");
            group.setType("WORKFLOW");
            identity.saveGroup(group);
        }
        for (Grant grant : GRANTS) {
            boolean granted = authorizations.createAuthorizationQuery().groupIdIn(GROUP).resourceType(grant.resource())
                    .resourceId(grant.resourceId()).count() > 0;
            if (!granted) {
                Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
                authorization.setGroupId(GROUP);
                authorization.setResource(grant.resource());
                authorization.setResourceId(grant.resourceId());
                for (Permission permission : grant.permissions()) {
                    authorization.addPermission(permission);
                }
                authorizations.saveAuthorization(authorization);
            }
        }
        if (!user.isBlank()) {
            ensureAnalystLogin();
        }
        readOnlyOwnAccounts();
    }

    private void ensureAnalystLogin() {
        if (password.isBlank()) {
            throw new IllegalStateException("lifecycle.analyst.user is set without lifecycle.analyst.password");
        }
        User analyst = identity.createUserQuery().userId(user).singleResult();
        if (analyst == null) {
            analyst = identity.newUser(user);
            analyst.setFirstName("Analyst");
            analyst.setLastName(user);
        }
        // set without checking the old one first: a failed check counts towards the lockout and changes the row saved here
        analyst.setPassword(password);
        identity.saveUser(analyst);
        if (identity.createUserQuery().userId(user).memberOfGroup(GROUP).count() == 0) {
            identity.createMembership(user, GROUP);
        }
        log.info("Analyst login {} can read, not change", user);
    }

    /**
     * An analyst made before new users got read access to their own account only ({@link OwnAccountReadOnlyPlugin})
     * still holds Camunda's ALL on it: that grant becomes READ.
     */
    private void readOnlyOwnAccounts() {
        for (User member : identity.createUserQuery().memberOfGroup(GROUP).list()) {
            for (Authorization own : authorizations.createAuthorizationQuery().userIdIn(member.getId())
                    .resourceType(Resources.USER).resourceId(member.getId()).list()) {
                if (own.getAuthorizationType() == Authorization.AUTH_TYPE_GRANT && hasMoreThanRead(own)) {
                    own.removePermission(Permissions.ALL);
                    own.addPermission(Permissions.READ);
                    authorizations.saveAuthorization(own);
                }
            }
        }
    }

    private static boolean hasMoreThanRead(Authorization authorization) {
        return authorization.isPermissionGranted(Permissions.UPDATE) || authorization.isPermissionGranted(Permissions.DELETE);
    }
}
