package io.lifecycleengine.journey;

import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.springframework.stereotype.Component;

/**
 * Camunda grants every user it creates ALL permissions on their own account, so a read-only analyst could rename,
 * re-password or delete their login. Here a new user may read their own account; changing any account is the
 * admins' (group {@code camunda-admin} holds ALL on users).
 */
@Component
class OwnAccountReadOnlyPlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setResourceAuthorizationProvider(new OwnAccountReadOnly());
    }

    static final class OwnAccountReadOnly extends DefaultAuthorizationProvider {

        @Override
        public AuthorizationEntity[] newUser(User user) {
            return new AuthorizationEntity[] {
                    createGrantAuthorization(user.getId(), null, Resources.USER, user.getId(), Permissions.READ)};
        }
    }
}
