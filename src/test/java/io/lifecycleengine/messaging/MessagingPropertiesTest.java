package io.lifecycleengine.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

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

    @Test
    void quietHoursThatAreNoTimeOfDayAreRefusedByName() {
        assertThat(refusal(Map.of("LIFECYCLE_MESSAGING_QUIET_HOURS_SEND_FROM", "25:00")))
                .contains("lifecycle.messaging.quiet-hours.send-from");
        assertThat(refusal(Map.of("LIFECYCLE_MESSAGING_QUIET_HOURS_SEND_UNTIL", "")))
                .contains("lifecycle.messaging.quiet-hours.send-until");
        assertThat(refusal(Map.of("LIFECYCLE_MESSAGING_QUIET_HOURS_SEND_FROM", " ")))
                .contains("lifecycle.messaging.quiet-hours.send-from");
    }

    @Test
    void aDefaultZoneThatIsEmptyOrUnknownIsRefusedByName() {
        assertThat(refusal(Map.of("LIFECYCLE_MESSAGING_QUIET_HOURS_DEFAULT_ZONE", "")))
                .contains("lifecycle.messaging.quiet-hours.default-zone");
        assertThat(refusal(Map.of("LIFECYCLE_MESSAGING_QUIET_HOURS_DEFAULT_ZONE", "Europe/Berln")))
                .contains("lifecycle.messaging.quiet-hours.default-zone");
    }

    @Test
    void theQuietHoursOfTheYamlAndTheirEnvironmentVariablesBind() {
        MessagingProperties.QuietHours quiet = bindEnvironment(Map.of("LIFECYCLE_MESSAGING_QUIET_HOURS_SEND_FROM", "07:30",
                "LIFECYCLE_MESSAGING_QUIET_HOURS_DEFAULT_ZONE", "America/New_York")).quietHours();

        assertThat(quiet.sendFrom()).hasToString("07:30");
        assertThat(quiet.sendUntil()).hasToString("21:00");
        assertThat(quiet.defaultZone()).hasToString("America/New_York");
    }

    @Test
    void aFrequencyCapWithoutAPositiveWindowOrWithANegativeMaximumIsRefusedByName() {
        assertThat(refusal(Map.of("LIFECYCLE_MESSAGING_FREQUENCY_CAP_WINDOW", "")))
                .contains("lifecycle.messaging.frequency-cap.window");
        assertThat(refusal(Map.of("LIFECYCLE_MESSAGING_FREQUENCY_CAP_WINDOW", "PT0S")))
                .contains("lifecycle.messaging.frequency-cap.window");
        assertThat(refusal(Map.of("LIFECYCLE_MESSAGING_FREQUENCY_CAP_MAX", "-1")))
                .contains("lifecycle.messaging.frequency-cap.max");
        assertThat(refusal(Map.of("LIFECYCLE_MESSAGING_FREQUENCY_CAP_MAX", "")))
                .contains("lifecycle.messaging.frequency-cap.max");
        assertThat(bindEnvironment(Map.of("LIFECYCLE_MESSAGING_FREQUENCY_CAP_MAX", "5")).frequencyCap().max()).isEqualTo(5);
    }

    /** The messages of the exception, and of its causes, that refuse these environment variables. */
    private static String refusal(Map<String, Object> variables) {
        try {
            bindEnvironment(variables);
        } catch (RuntimeException refused) {
            StringBuilder messages = new StringBuilder();
            for (Throwable e = refused; e != null; e = e.getCause()) {
                messages.append(e.getMessage()).append('\n');
            }
            return messages.toString();
        }
        throw new AssertionError("accepted " + variables);
    }

    /** The messaging settings as the application.yml of the jar resolves them beside these environment variables. */
    private static MessagingProperties bindEnvironment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        try {
            new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Binder.get(environment).bindOrCreate("lifecycle.messaging", MessagingProperties.class);
    }

    /**
     * The links in mails default to where the app listens: {@code java -jar lifecycle-engine.jar --server.port=18111}
     * (or {@code SERVER_PORT}) is up on 18111, as its start-up report says, and its unsubscribe, open and click links
     * must not point to 8080.
     */
    @Test
    void theLinksInMailsFollowThePortTheAppListensOn() throws IOException {
        assertThat(publicBaseUrl(new MapPropertySource("none", Map.of()))).isEqualTo("http://127.0.0.1:8080");
        assertThat(publicBaseUrl(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("PORT", "18112")))).isEqualTo("http://127.0.0.1:18112");
        assertThat(publicBaseUrl(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("SERVER_PORT", "18113")))).isEqualTo("http://127.0.0.1:18113");
        assertThat(publicBaseUrl(new SimpleCommandLinePropertySource("--server.port=18111"))).isEqualTo("http://127.0.0.1:18111");
        assertThat(publicBaseUrl(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("PORT", "18112", "LIFECYCLE_PUBLIC_BASE_URL", "https://lifecycle.example.com/"))))
                .isEqualTo("https://lifecycle.example.com");
    }

    /** {@code lifecycle.messaging.public-base-url} as the application.yml of the jar resolves it beside {@code source}. */
    private static String publicBaseUrl(org.springframework.core.env.PropertySource<?> source) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(source);
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(environment.getPropertySources()::addLast);
        return Binder.get(environment).bindOrCreate("lifecycle.messaging", MessagingProperties.class).publicBaseUrl();
    }

    private static MessagingProperties bind(org.springframework.core.env.PropertySource<?> source) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(source.getName());
        environment.getPropertySources().addFirst(source);
        return new Binder(ConfigurationPropertySources.get(environment))
                .bindOrCreate("lifecycle.messaging", MessagingProperties.class);
    }
}
