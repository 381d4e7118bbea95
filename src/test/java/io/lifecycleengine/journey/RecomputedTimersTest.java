package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A date timer marked {@code recomputeWhenDue} waits on when its date moved later; the mark is refused where it cannot work. */
class RecomputedTimersTest extends IntegrationTest {

    private static final Instant START = Instant.parse("2026-04-06T10:00:00Z");

    @AfterEach
    void removeProbes() {
        RepositoryService repository = engine.getRepositoryService();
        repository.createDeploymentQuery().deploymentName("recompute-probe").list()
                .forEach(deployment -> repository.deleteDeployment(deployment.getId(), true));
    }

    @Test
    void aMarkedTimerWhoseDateMovedLaterWaitsOnAndFiresAtTheNewDate() {
        ProcessInstance instance = startProbe(true, "timeDate", "${dueAt}");
        Job first = timerOf(instance);
        assertThat(first.getDuedate()).isEqualTo(Date.from(START.plus(Duration.ofHours(1))));
        engine.getRuntimeService().setVariable(instance.getId(), "dueAt", Date.from(START.plus(Duration.ofHours(3))));

        fire(first);

        Job postponed = timerOf(instance);
        assertThat(postponed.getId()).isNotEqualTo(first.getId());
        assertThat(postponed.getDuedate()).isEqualTo(Date.from(START.plus(Duration.ofHours(3))));
        assertThat(postponed.getRootProcessInstanceId()).as("a timer as the event creates it, not a bare copy")
                .isEqualTo(instance.getId());
        assertThat(postponed.getJobDefinitionId()).isEqualTo(first.getJobDefinitionId());
        assertThat(ended(instance)).isFalse();

        fire(postponed);

        assertThat(ended(instance)).isTrue();
    }

    @Test
    void aMarkedTimerWhoseDateDidNotMoveFires() {
        ProcessInstance instance = startProbe(true, "timeDate", "${dueAt}");

        fire(timerOf(instance));

        assertThat(ended(instance)).isTrue();
    }

    @Test
    void anUnmarkedTimerFiresAtItsFirstDateAsCamundaDoes() {
        ProcessInstance instance = startProbe(false, "timeDate", "${dueAt}");
        engine.getRuntimeService().setVariable(instance.getId(), "dueAt", Date.from(START.plus(Duration.ofHours(3))));

        fire(timerOf(instance));

        assertThat(ended(instance)).isTrue();
    }

    @Test
    void theMarkOnADurationIsRefusedAtDeployment() {
        assertThatThrownBy(() -> deployProbe(true, "timeDuration", "PT1H", false))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("recomputeWhenDue of Event_Probe: only a timer with a date (timeDate)");
    }

    @Test
    void theMarkOnABoundaryTimerIsRefusedAtDeployment() {
        assertThatThrownBy(() -> deployProbe(true, "timeDate", "${dueAt}", true))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("recomputeWhenDue of Event_Probe: only an intermediate catch event's timer");
    }

    @Test
    void theMarkOnAStartTimerIsRefusedAtDeployment() {
        String model = probe(false, "timeDate", "${dueAt}", false).replace("<bpmn:startEvent id=\"Start\">",
                "<bpmn:startEvent id=\"Start\"><bpmn:extensionElements><camunda:properties><camunda:property"
                        + " name=\"recomputeWhenDue\" value=\"true\" /></camunda:properties></bpmn:extensionElements>");

        assertThatThrownBy(() -> engine.getRepositoryService().createDeployment().name("recompute-probe")
                .addString("recompute-probe.bpmn", model).deploy())
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("recomputeWhenDue of Start: only an intermediate catch event's timer");
    }

    @Test
    void modelerIsToldWhyTheMarkIsRefused() {
        // engine-rest serves the engine registered last under "default": in a test JVM with several Spring contexts
        // that may be another context's engine
        ProcessEngines.registerProcessEngine(engine);

        LifecycleClient.Answer refused = client.deployAsModeler(Map.of("deployment-name", "recompute-probe"),
                "recompute-probe.bpmn", probe(true, "timeDuration", "PT1H", false),
                Map.of("Authorization", client.adminAuthorization()));

        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(400);
        assertThat(refused.body().path("message").asText())
                .contains("recomputeWhenDue of Event_Probe: only a timer with a date (timeDate)");
    }

    private ProcessInstance startProbe(boolean marked, String kind, String definition) {
        setClock(START);
        deployProbe(marked, kind, definition, false);
        return engine.getRuntimeService().startProcessInstanceByKey("recompute-probe",
                Map.of("dueAt", Date.from(START.plus(Duration.ofHours(1)))));
    }

    private void deployProbe(boolean marked, String kind, String definition, boolean boundary) {
        engine.getRepositoryService().createDeployment().name("recompute-probe")
                .addString("recompute-probe.bpmn", probe(marked, kind, definition, boundary)).deploy();
    }

    /** A process that waits on one timer: an intermediate catch event, or a boundary event of a receive task. */
    private static String probe(boolean marked, String kind, String definition, boolean boundary) {
        String mark = marked ? """
                <bpmn:extensionElements><camunda:properties>
                  <camunda:property name="recomputeWhenDue" value="true" />
                </camunda:properties></bpmn:extensionElements>""" : "";
        String timer = "<bpmn:timerEventDefinition><bpmn:" + kind + " xsi:type=\"bpmn:tFormalExpression\">" + definition
                + "</bpmn:" + kind + "></bpmn:timerEventDefinition>";
        String flow = boundary ? """
                <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
                <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Wait" />
                <bpmn:receiveTask id="Wait"><bpmn:incoming>F1</bpmn:incoming></bpmn:receiveTask>
                <bpmn:boundaryEvent id="Event_Probe" attachedToRef="Wait">%s<bpmn:outgoing>F2</bpmn:outgoing>%s</bpmn:boundaryEvent>
                <bpmn:sequenceFlow id="F2" sourceRef="Event_Probe" targetRef="End" />
                <bpmn:endEvent id="End"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>""".formatted(mark, timer) : """
                <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
                <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Event_Probe" />
                <bpmn:intermediateCatchEvent id="Event_Probe">%s<bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>%s</bpmn:intermediateCatchEvent>
                <bpmn:sequenceFlow id="F2" sourceRef="Event_Probe" targetRef="End" />
                <bpmn:endEvent id="End"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>""".formatted(mark, timer);
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Probe" targetNamespace="http://bpmn.io/schema/bpmn">
                  <bpmn:process id="recompute-probe" isExecutable="true" camunda:historyTimeToLive="1">
                    %s
                  </bpmn:process>
                </bpmn:definitions>""".formatted(flow);
    }

    private Job timerOf(ProcessInstance instance) {
        return engine.getManagementService().createJobQuery().processInstanceId(instance.getId()).timers().singleResult();
    }

    /** Moves the clock to the timer's date and runs it, as the job executor does once it is due. */
    private void fire(Job timer) {
        setClock(timer.getDuedate().toInstant());
        engine.getManagementService().executeJob(timer.getId());
    }

    private boolean ended(ProcessInstance instance) {
        return engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(instance.getId()).count() == 0;
    }
}
