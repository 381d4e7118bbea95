package io.lifecycleengine.support;

import io.lifecycleengine.journey.SignalInbox;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a random port, on the test database (H2, or MySQL with the mysql
 * profile), sending mail to {@link TestMail}. The job executor is off: tests run jobs and timers by hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    @LocalServerPort
    protected int port;
    @Autowired
    protected Environment environment;
    @Autowired
    protected ProcessEngine engine;
    @Autowired
    private SignalInbox signals;
    @Autowired
    private JdbcTemplate jdbc;

    protected LifecycleClient client;

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", TestMail::port);
    }

    @BeforeEach
    void connect() {
        client = new LifecycleClient("http://127.0.0.1:" + port,
                environment.getRequiredProperty("lifecycle.ingest.write-key"),
                environment.getRequiredProperty("camunda.bpm.admin-user.id"),
                environment.getRequiredProperty("camunda.bpm.admin-user.password"),
                () -> signals.awaitDispatched(Duration.ofSeconds(30)));
        BpmnAwareTests.init(engine);
        // engine-rest finds its engine by name in a registry of the JVM, where the last test context started put its
        // own: the tests of this context must reach this context's engine (and database)
        ProcessEngines.registerProcessEngine(engine);
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    /**
     * Ends the journeys of the users whose ids start with the prefix and drops their pending signals. Replay
     * tests leave journeys with timers long due; in a database shared by the test JVMs (MySQL), the
     * end-to-end test's job executor would otherwise run them all.
     */
    protected void forgetJourneysOf(String userIdPrefix) {
        engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey("user-lifecycle")
                .processInstanceBusinessKeyLike(userIdPrefix + "%").list()
                .forEach(journey -> engine.getRuntimeService().deleteProcessInstance(journey.getId(), "test data"));
        jdbc.update("DELETE FROM journey_signal WHERE user_id LIKE ?", userIdPrefix + "%");
    }

    protected static String newUserId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    protected static String emailOf(String userId) {
        return userId + "@example.com";
    }

    protected static void setClock(Instant now) {
        ClockUtil.setCurrentTime(Date.from(now));
    }

    protected static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }
}
