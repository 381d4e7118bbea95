package io.lifecycleengine.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start the production ({@code mysql}) profile with the documented development secrets,
 * before anything connects anywhere.
 */
public class DevSecretsGuard implements EnvironmentPostProcessor {

    static final Map<String, String> DEV_SECRETS = Map.of(
            "camunda.bpm.admin-user.password", "admin",
            "lifecycle.ingest.write-key", "dev-write-key",
            "lifecycle.messaging.link-secret", "dev-link-secret");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.matchesProfiles("mysql")) {
            return;
        }
        List<String> offending = new ArrayList<>();
        DEV_SECRETS.forEach((property, devValue) -> {
            String value = environment.getProperty(property);
            if (value == null || value.isBlank() || value.equals(devValue)) {
                offending.add(property);
            }
        });
        if (!offending.isEmpty()) {
            throw new RefusedSecrets(offending.stream().sorted().toList());
        }
    }

    static final class RefusedSecrets extends IllegalStateException {

        static final String ACTION = "Set LIFECYCLE_ADMIN_PASSWORD, LIFECYCLE_INGEST_WRITE_KEY and"
                + " LIFECYCLE_MESSAGING_LINK_SECRET (README, \"MySQL (production)\").";

        private final String description;

        RefusedSecrets(List<String> properties) {
            this("Refusing to start the mysql profile with development or empty secrets: " + String.join(", ", properties) + ".");
        }

        private RefusedSecrets(String description) {
            super(description + " " + ACTION);
            this.description = description;
        }

        String description() {
            return description;
        }
    }
}
