package io.lifecycleengine.journey;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a migration of running journeys to the latest version of their model did, or would do (dry run).
 *
 * @param id the stored report's id; null for a dry run
 * @param batchIds the Camunda batches that migrate the journeys, one per older version (Cockpit shows them under Batches)
 * @param batchJobs each batch's jobs when it was made (null in reports stored before)
 * @param sources one entry per older version that had running journeys
 */
public record MigrationReport(Long id, String processKey, int targetVersion, String targetDefinitionId, boolean dryRun,
                              Instant at, String requestedBy, List<String> batchIds, Map<String, Long> batchJobs,
                              long migrated, long moved, long skipped, List<Source> sources) {

    /**
     * @param mapped activities mapped by equal id or by an explicit mapping
     * @param triggersUpdated mapped events whose timer or message changed: their timers are recomputed
     *        from the new definition, their subscriptions follow the new message
     * @param moved journeys moved to a named stage first because their activity is gone
     */
    public record Source(int version, String definitionId, long running, long migrated, long moved,
                         List<String> mapped, List<String> triggersUpdated, List<Skip> skipped) {
    }

    /**
     * Journeys that stay on their version: they wait at an activity the new version lacks.
     *
     * @param users up to a few of the journeys' users, to look at in Cockpit
     */
    public record Skip(String activityId, String activityName, long journeys, String reason, List<String> users) {
    }
}
