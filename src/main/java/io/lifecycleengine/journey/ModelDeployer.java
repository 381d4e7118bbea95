package io.lifecycleengine.journey;

import jakarta.annotation.PostConstruct;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys the BPMN and DMN models of {@code bpmn/} under their file names, so that whether the app
 * runs from a jar or from {@code target/classes}, only a changed model makes a new version.
 */
@Component
class ModelDeployer {

    private static final Logger log = LoggerFactory.getLogger(ModelDeployer.class);

    private final RepositoryService repository;
    private final ResourcePatternResolver resources;
    private final JourneyProperties properties;

    ModelDeployer(RepositoryService repository, ResourcePatternResolver resources, JourneyProperties properties) {
        this.repository = repository;
        this.resources = resources;
        this.properties = properties;
    }

    @PostConstruct
    void deploy() {
        DeploymentBuilder deployment = repository.createDeployment()
                .name(JourneyProcess.DEPLOYMENT_NAME)
                .source(JourneyProcess.DEPLOYMENT_NAME)
                .enableDuplicateFiltering(true);
        int models = 0;
        try {
            for (Resource model : resources.getResources(properties.models())) {
                String name = model.getFilename();
                if (name != null && (name.endsWith(".bpmn") || name.endsWith(".dmn"))) {
                    deployment.addInputStream(name, model.getInputStream());
                    models++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the models at " + properties.models(), e);
        }
        if (models == 0) {
            throw new IllegalStateException("No .bpmn or .dmn models found at " + properties.models());
        }
        DeploymentWithDefinitions result = deployment.deployWithResult();
        // duplicate filtering answers null lists when no model changed
        List<ProcessDefinition> processes = Objects.requireNonNullElse(result.getDeployedProcessDefinitions(), List.of());
        List<DecisionDefinition> decisions = Objects.requireNonNullElse(result.getDeployedDecisionDefinitions(), List.of());
        if (processes.isEmpty() && decisions.isEmpty()) {
            log.info("Models unchanged; running the deployed versions");
        }
        processes.forEach(definition -> log.info("Deployed process {} version {}", definition.getKey(),
                definition.getVersion()));
        decisions.forEach(definition -> log.info("Deployed decision {} version {}", definition.getKey(),
                definition.getVersion()));
    }
}
