package io.lifecycleengine.journey;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Service;

/** The deployed versions of the journey's models, newest first, with the journeys running on each. */
@Service
public class JourneyVersions {

    private final RepositoryService repository;
    private final RuntimeService runtime;

    JourneyVersions(RepositoryService repository, RuntimeService runtime) {
        this.repository = repository;
        this.runtime = runtime;
    }

    public List<ModelVersion> versions() {
        List<ModelVersion> versions = new ArrayList<>();
        for (String key : List.of(JourneyProcess.PROCESS_KEY, JourneyProcess.SEND_PROCESS_KEY)) {
            List<ProcessDefinition> definitions = repository.createProcessDefinitionQuery().processDefinitionKey(key)
                    .orderByProcessDefinitionVersion().desc().list();
            for (ProcessDefinition definition : definitions) {
                Deployment deployment = repository.createDeploymentQuery().deploymentId(definition.getDeploymentId())
                        .singleResult();
                versions.add(new ModelVersion(key, definition.getVersion(), definition.getId(),
                        deployment == null ? null : deployment.getDeploymentTime().toInstant(),
                        deployment == null ? null : deployment.getSource(),
                        runtime.createProcessInstanceQuery().processDefinitionId(definition.getId()).count(),
                        definition == definitions.get(0)));
            }
        }
        return versions;
    }
}
