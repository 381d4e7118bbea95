package io.lifecycleengine.journey;

import jakarta.annotation.PostConstruct;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.Deployment;
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
 * runs from a jar or from {@code target/classes}, only a changed model makes a new version. A file that
 * holds what was deployed from Modeler since (the analyst saved what they deployed) is a version already.
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
        int toDeploy = 0;
        // read once for all the model files: the deployments, newest first, and each one's resource names when asked
        List<Deployment> newestFirst = repository.createDeploymentQuery().orderByDeploymentTime().desc().list();
        Map<String, List<String>> resourceNames = new HashMap<>();
        try {
            for (Resource model : resources.getResources(properties.models())) {
                String name = model.getFilename();
                if (name != null && (name.endsWith(".bpmn") || name.endsWith(".dmn"))) {
                    models++;
                    byte[] content;
                    try (InputStream in = model.getInputStream()) {
                        content = in.readAllBytes();
                    }
                    if (deployedSinceOurs(name, content, newestFirst, resourceNames)) {
                        log.info("{} is as deployed from elsewhere since; not deployed again", name);
                    } else {
                        deployment.addInputStream(name, new ByteArrayInputStream(content));
                        toDeploy++;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the models at " + properties.models(), e);
        }
        if (models == 0) {
            throw new IllegalStateException("No .bpmn or .dmn models found at " + properties.models());
        }
        if (toDeploy == 0) {
            log.info("Models unchanged; running the deployed versions");
            return;
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

    /**
     * Whether another deployment (Modeler's) made since this application last deployed the file, or ever when it never
     * did, holds the file's content: deploying it again would make a copy of that version and migrate every journey to it.
     */
    private boolean deployedSinceOurs(String name, byte[] content, List<Deployment> newestFirst,
                                      Map<String, List<String>> resourceNames) {
        boolean matched = false;
        for (Deployment deployment : newestFirst) {
            if (!resourceNames.computeIfAbsent(deployment.getId(), repository::getDeploymentResourceNames).contains(name)) {
                continue;
            }
            if (JourneyProcess.DEPLOYMENT_NAME.equals(deployment.getName())
                    && JourneyProcess.DEPLOYMENT_NAME.equals(deployment.getSource())) {
                // this application's latest deployment of the file: what matters is what came after it
                return matched;
            }
            matched = matched || Arrays.equals(content, resource(deployment.getId(), name));
        }
        // a file this application never deployed: Modeler's deployment of the same content is that version already
        return matched;
    }

    private byte[] resource(String deploymentId, String name) {
        try (InputStream in = repository.getResourceAsStream(deploymentId, name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name + " of deployment " + deploymentId, e);
        }
    }
}
