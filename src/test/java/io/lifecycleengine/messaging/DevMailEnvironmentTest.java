package io.lifecycleengine.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The in-process SMTP server runs exactly when no configuration names a mail host. */
class DevMailEnvironmentTest {

    private final DevMailEnvironment devMail = new DevMailEnvironment();

    @Test
    void withoutAMailHostMailGoesToTheInProcessServerOnAFreePort() {
        StandardEnvironment environment = new StandardEnvironment();
        ConfigurationPropertySources.attach(environment);

        devMail.postProcessEnvironment(environment, null);

        assertThat(DevMailEnvironment.isActive(environment)).isTrue();
        assertThat(environment.getProperty("spring.mail.host")).isEqualTo("127.0.0.1");
        assertThat(environment.getProperty("spring.mail.port", Integer.class)).isPositive();
    }

    @Test
    void aConfiguredMailHostWins() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("operator",
                Map.of("spring.mail.host", "smtp.example.org", "spring.mail.port", 587)));
        ConfigurationPropertySources.attach(environment);

        devMail.postProcessEnvironment(environment, null);

        assertThat(DevMailEnvironment.isActive(environment)).isFalse();
        assertThat(environment.getProperty("spring.mail.host")).isEqualTo("smtp.example.org");
        assertThat(environment.getProperty("spring.mail.port", Integer.class)).isEqualTo(587);
    }
}
