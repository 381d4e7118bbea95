package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.messaging.DevMailEnvironment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** A production node without a mail server says so: its messages would show as sent and reach nobody. */
@ExtendWith(OutputCaptureExtension.class)
class StartupReportTest {

    @Test
    void theMysqlProfileWithoutAMailHostWarns(CapturedOutput output) {
        report("mysql", Map.of());

        assertThat(output.getAll()).contains("WARN").contains("No mail server is configured").contains("SPRING_MAIL_HOST");
    }

    @Test
    void theMysqlProfileWithAMailHostDoesNotWarn(CapturedOutput output) {
        report("mysql", Map.of("spring.mail.host", "smtp.internal", "spring.mail.port", 587));

        assertThat(output.getAll()).contains("Mail:           SMTP smtp.internal:587").doesNotContain("No mail server");
    }

    @Test
    void theEmbeddedDefaultCapturesMailQuietly(CapturedOutput output) {
        report("default", Map.of());

        assertThat(output.getAll()).contains("Captured mail:").doesNotContain("No mail server");
    }

    private static void report(String profile, Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.setActiveProfiles(profile);
        environment.getPropertySources().addFirst(new MapPropertySource("operator", properties));
        ConfigurationPropertySources.attach(environment);
        new DevMailEnvironment().postProcessEnvironment(environment, null);
        try (var context = new AnnotationConfigServletWebServerApplicationContext()) {
            context.setEnvironment(environment);
            new StartupReport().ready(new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));
        }
    }
}
