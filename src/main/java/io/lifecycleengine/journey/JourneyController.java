package io.lifecycleengine.journey;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.system.BasicCredentials;
import io.lifecycleengine.system.ErrorBody;
import io.lifecycleengine.system.StrictJson;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
class JourneyController {

    private static final int REPORTS = 50;

    private final JourneyVersions versions;
    private final JourneyMigrations migrations;

    JourneyController(JourneyVersions versions, JourneyMigrations migrations) {
        this.versions = versions;
        this.migrations = migrations;
    }

    /** The deployed versions of the journey and of its send process, with how many users run on each. */
    @GetMapping("/api/journeys/versions")
    List<ModelVersion> versions() {
        return versions.versions();
    }

    /**
     * What to migrate. Without a body: every running journey of an older version to the latest, equal
     * activities mapped.
     *
     * @param dryRun only report what would happen
     * @param mappings activity of the old version to activity of the new one, e.g. for a renamed wait
     * @param moveTo activity the new version removed to the stage its journeys should wait in instead
     */
    record MigrationRequest(String processKey, Boolean dryRun, Map<String, String> mappings, Map<String, String> moveTo) {
    }

    /** Migrates running journeys to the latest version, or with {@code "dryRun": true} shows the report only. */
    @PostMapping("/api/journeys/migrations")
    @ApiResponse(responseCode = "200", description = "The migration's report",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = MigrationReport.class)))
    @ApiResponse(responseCode = "409", description = "A batch of the same process still runs",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    MigrationReport migrate(@io.swagger.v3.oas.annotations.parameters.RequestBody(
                                    content = @Content(schema = @Schema(implementation = MigrationRequest.class)))
                            @RequestBody(required = false) JsonNode body,
                            @Parameter(hidden = true) @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        MigrationRequest asked = body == null || body.isNull() ? new MigrationRequest(null, false, null, null)
                : StrictJson.bind(body, MigrationRequest.class);
        String user = BasicCredentials.parse(authorization).map(BasicCredentials::user).orElse("api");
        return migrations.migrate(new JourneyMigrations.Request(asked.processKey(), Boolean.TRUE.equals(asked.dryRun()),
                asked.mappings(), asked.moveTo(), user));
    }

    /** The latest migrations, automatic and requested, newest first. */
    @GetMapping("/api/journeys/migrations")
    List<MigrationReport> migrations() {
        return migrations.reports(REPORTS);
    }

    /** One migration's report and how far its Camunda batches are. */
    @GetMapping("/api/journeys/migrations/{id}")
    JourneyMigrations.Status migration(@PathVariable long id) {
        return migrations.status(id);
    }
}
