package io.lifecycleengine.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The settings as an operator gives them: in application.yml or as environment variables. */
class MessagingPropertiesTest {

    @Test
    void aHoldoutSetByEnvironmentVariableReachesAKindWithAHyphenInItsName() {
        MessagingProperties properties = bind(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "LIFECYCLE_MESSAGING_HOLDOUT_RE_ENGAGEMENT", "0.2", "LIFECYCLE_MESSAGING_HOLDOUT_WELCOME", "0.1")));

        assertThat(properties.holdoutShare("re-engagement")).isEqualTo(0.2);
        assertThat(properties.holdoutShare("welcome")).isEqualTo(0.1);
        assertThat(properties.holdoutShare("win-back")).isZero();
    }

    @Test
    void aHoldoutSetInTheYamlKeepsTheKindsName() {
        MessagingProperties properties = bind(new MapPropertySource("yaml", Map.of(
                "lifecycle.messaging.holdout.[feature-guide]", "0.3", "lifecycle.messaging.holdout.win-back", "0.4")));

        assertThat(properties.holdoutShare("feature-guide")).isEqualTo(0.3);
        assertThat(properties.holdoutShare("win-back")).isEqualTo(0.4);
    }

    @Test
    void aHoldoutShareOutsideZeroToOneIsRefusedByName() {
        assertThatThrownBy(() -> bind(new MapPropertySource("yaml", Map.of("lifecycle.messaging.holdout.welcome", "10"))))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause().hasMessageContaining("lifecycle.messaging.holdout.welcome must be a share from 0 to 1, not 10.0");
    }

    private static MessagingProperties bind(org.springframework.core.env.PropertySource<?> source) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(source.getName());
        environment.getPropertySources().addFirst(source);
        return new Binder(ConfigurationPropertySources.get(environment))
                .bindOrCreate("lifecycle.messaging", MessagingProperties.class);
    }
}
