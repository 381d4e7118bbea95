package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The models of {@code bpmn/} at a restart after an analyst deployed from Camunda Modeler: a file saved as
 * deployed is that version already, while one changed since is deployed.
 */
class ModelDeployerTest extends IntegrationTest {

    @Autowired
    private JourneyProperties properties;

    @TempDir
    Path folder;

    private ProcessDefinition before;

    @BeforeEach
    void remember() {
        before = latest();
    }

    @AfterEach
    void restoreTheModel() throws IOException {
        if (!latest().getId().equals(before.getId())) {
            engine.getRepositoryService().createDeployment().name("restore-after-test")
                    .addString("user-lifecycle.bpmn", ModelFiles.read("/bpmn/user-lifecycle.bpmn")).deploy();
        }
    }

    @Test
    void aModelSavedAsDeployedFromModelerIsNotDeployedAgainAtTheNextStart() throws IOException {
        String edited = ModelFiles.read("/bpmn/user-lifecycle.bpmn").replace("name=\"Send welcome\"", "name=\"Send the welcome\"");
        assertThat(edited).isNotEqualTo(ModelFiles.read("/bpmn/user-lifecycle.bpmn"));
        engine.getRepositoryService().createDeployment().name("user-lifecycle").source("Camunda Modeler")
                .enableDuplicateFiltering(true).addString("user-lifecycle.bpmn", edited).deploy();
        ProcessDefinition fromModeler = latest();
        assertThat(fromModeler.getVersion()).isEqualTo(before.getVersion() + 1);

        deployFolderWith(edited);

        assertThat(latest().getId()).as("no copy of Modeler's version, so no migration of every journey to it")
                .isEqualTo(fromModeler.getId());

        String changedAgain = edited.replace("name=\"Send the welcome\"", "name=\"Send a welcome\"");
        deployFolderWith(changedAgain);

        assertThat(latest().getVersion()).as("a file changed since is deployed").isEqualTo(fromModeler.getVersion() + 1);
    }

    @Test
    void aNewModelFirstDeployedFromModelerIsNotDeployedAgainWhenItsFileArrives() throws IOException {
        RepositoryService repository = engine.getRepositoryService();
        String winBack = Bpmn.convertToString(Bpmn.createExecutableProcess("win-back-probe").camundaHistoryTimeToLive(1)
                .startEvent().endEvent().done());
        repository.createDeployment().name("win-back").source("Camunda Modeler").addString("win-back.bpmn", winBack).deploy();
        try {
            Files.writeString(folder.resolve("win-back.bpmn"), winBack);

            deployFolderWith(ModelFiles.read("/bpmn/user-lifecycle.bpmn"));

            assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("win-back-probe").count())
                    .as("no copy of the version deployed from Modeler").isOne();
        } finally {
            repository.createDeploymentQuery().list().stream()
                    .filter(deployment -> repository.getDeploymentResourceNames(deployment.getId()).equals(List.of("win-back.bpmn")))
                    .forEach(deployment -> repository.deleteDeployment(deployment.getId(), true));
        }
    }

    /** The models of bpmn/ with user-lifecycle.bpmn as given, deployed as at start-up. */
    private void deployFolderWith(String userLifecycle) throws IOException {
        for (String name : new String[] {"user-lifecycle.bpmn", "send-journey-message.bpmn", "lifecycle-stage.dmn",
                "segment-content.dmn", "segment-engagement.dmn", "segment-intent.dmn", "segment-purchase.dmn", "segment-usage.dmn"}) {
            Files.writeString(folder.resolve(name), name.equals("user-lifecycle.bpmn") ? userLifecycle : ModelFiles.read("/bpmn/" + name));
        }
        JourneyProperties fromFolder = new JourneyProperties(properties.onboardingWindow(), properties.inactiveAfter(),
                properties.churnedAfter(), properties.reEngagementReminderAfter(), properties.highIntentWindow(),
                properties.archiveAfter(), properties.sendRetryCycle(), "file:" + folder + "/*.*", properties.signalRetry(),
                properties.signalDispatchThreads(), properties.migration());
        new ModelDeployer(engine.getRepositoryService(), new PathMatchingResourcePatternResolver(), fromFolder).deploy();
    }

    private ProcessDefinition latest() {
        return engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(JourneyProcess.PROCESS_KEY)
                .latestVersion().singleResult();
    }
}
