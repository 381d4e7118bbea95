package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifecycleengine.LifecycleEngineApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The production profile will not start with the documented development secrets. */
@ExtendWith(OutputCaptureExtension.class)
class DevSecretsGuardTest {

    @Test
    void theRefusalIsReportedInAFewLinesNamingWhatToSet(CapturedOutput output) {
        assertThatThrownBy(() -> start("--camunda.bpm.admin-user.password=admin", "--lifecycle.ingest.write-key=dev-write-key"))
                .isInstanceOf(IllegalStateException.class);

        assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
                .contains("development or empty secrets: camunda.bpm.admin-user.password, lifecycle.ingest.write-key")
                .contains("LIFECYCLE_ADMIN_PASSWORD, LIFECYCLE_INGEST_WRITE_KEY and LIFECYCLE_MESSAGING_LINK_SECRET")
                .doesNotContain("\tat org.springframework");
    }

    @Test
    void mysqlProfileRefusesTheDevCredentials() {
        assertThatThrownBy(() -> start("--camunda.bpm.admin-user.password=admin", "--lifecycle.ingest.write-key=dev-write-key"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("camunda.bpm.admin-user.password, lifecycle.ingest.write-key");
    }

    @Test
    void mysqlProfileRefusesAnEmptyWriteKey() {
        assertThatThrownBy(() -> start("--camunda.bpm.admin-user.password=s3cret-admin", "--lifecycle.ingest.write-key="))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lifecycle.ingest.write-key")
                .hasMessageNotContaining("camunda.bpm.admin-user.password");
    }

    @Test
    void mysqlProfileRefusesTheDevLinkSecret() {
        assertThatThrownBy(() -> start("--camunda.bpm.admin-user.password=s3cret-admin", "--lifecycle.ingest.write-key=wk-7f3a",
                "--lifecycle.messaging.link-secret=dev-link-secret"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lifecycle.messaging.link-secret")
                .hasMessageNotContaining("lifecycle.ingest.write-key");
    }

    @Test
    void otherSecretsPassTheGuard() {
        DevSecretsGuard guard = new DevSecretsGuard();
        var environment = new StandardEnvironment();
        environment.setActiveProfiles("mysql");
        environment.getPropertySources().addFirst(new MapPropertySource("test",
                Map.of("camunda.bpm.admin-user.password", "s3cret-admin",
                        "lifecycle.ingest.write-key", "wk-7f3a",
                        "lifecycle.messaging.link-secret", "ls-91c2")));

        assertThatCode(() -> guard.postProcessEnvironment(environment, null)).doesNotThrowAnyException();
    }

    /** Command-line arguments outrank the environment, so these hold in the MySQL CI run too. */
    private static void start(String... arguments) {
        new SpringApplicationBuilder(LifecycleEngineApplication.class)
                .profiles("mysql")
                .properties("server.port=0")
                .run(arguments);
    }
}
