package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifecycleengine.LifecycleEngineApplication;
import io.lifecycleengine.support.AppProcess;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

/** A start-up that cannot get into the database says which database and what to check, not a wall of stack traces. */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseFailureAnalyzerTest {

    @Test
    void aDatabaseDownAtStartIsReportedInAFewLines(CapturedOutput output) throws Exception {
        int closedPort = AppProcess.freePort();

        assertThatThrownBy(() -> new SpringApplicationBuilder(LifecycleEngineApplication.class)
                .profiles("mysql")
                .properties("server.port=0")
                .run("--spring.datasource.url=jdbc:mysql://127.0.0.1:" + closedPort + "/lifecycle?sslMode=DISABLED",
                        "--spring.datasource.username=lifecycle", "--spring.datasource.password=wrong",
                        "--spring.datasource.hikari.connection-timeout=1000",
                        "--camunda.bpm.admin-user.password=s3cret-admin", "--lifecycle.ingest.write-key=wk-7f3a",
                        "--lifecycle.messaging.link-secret=ls-91c2"))
                .isNotNull();

        String report = output.getAll();
        assertThat(report).contains("APPLICATION FAILED TO START")
                .contains("Could not connect to the database jdbc:mysql://127.0.0.1:" + closedPort + "/lifecycle as user 'lifecycle'")
                .contains("Connection refused")
                .contains("MYSQL_URL, MYSQL_USER and MYSQL_PASSWORD")
                .doesNotContain("Caused by:");
    }

    @Test
    void aWrongPasswordNamesTheUser() {
        var environment = new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:mysql://db.internal:3306/lifecycle")
                .withProperty("spring.datasource.username", "lifecycle");
        var denied = new SQLException("Access denied for user 'lifecycle'@'10.0.0.7' (using password: YES)", "28000", 1045);

        var analysis = new DatabaseFailureAnalyzer(environment).analyze(new IllegalStateException("start-up lock", denied));

        assertThat(analysis.getDescription()).isEqualTo("Could not connect to the database jdbc:mysql://db.internal:3306/lifecycle"
                + " as user 'lifecycle': Access denied for user 'lifecycle'@'10.0.0.7' (using password: YES)");
        assertThat(analysis.getAction()).contains("MYSQL_PASSWORD");
    }

    @Test
    void aFailingStatementIsNotTakenForAConnectionFailure() {
        var environment = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:mysql://db.internal:3306/lifecycle");
        var syntax = new SQLException("You have an error in your SQL syntax", "42000", 1064);

        assertThat(new DatabaseFailureAnalyzer(environment).analyze(new IllegalStateException(syntax))).isNull();
    }
}
