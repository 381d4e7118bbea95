package io.lifecycleengine.journey;

import java.time.Instant;

/**
 * One deployed version of a process model and how many journeys run on it.
 *
 * @param source where it came from: {@code lifecycle-engine} (the {@code bpmn/} folder) or e.g. {@code Camunda Modeler}
 */
public record ModelVersion(String processKey, int version, String definitionId, Instant deployedAt, String source,
                           long running, boolean latest) {
}
