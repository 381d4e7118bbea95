package io.lifecycleengine.journey;

import io.lifecycleengine.segment.LifecycleStage;
import io.lifecycleengine.segment.SegmentService;
import io.lifecycleengine.segment.StageMembership;
import io.lifecycleengine.system.BadRequestException;
import io.lifecycleengine.system.ConflictException;
import io.lifecycleengine.system.NotFoundException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.batch.BatchStatistics;
import org.camunda.bpm.engine.exception.NotValidException;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves running journeys (and running sends) to the latest version of their model as a Camunda batch,
 * and reports who moved and who stayed and why. A new version triggers it on its own: from
 * {@code bpmn/} at start-up, or from Camunda Modeler through {@code /engine-rest} within the check
 * interval. A journey waiting at an activity the new version lacks is skipped and named in the report,
 * unless a mapping names its new activity or a "move to" names the stage it should wait in instead.
 */
@Service
public class JourneyMigrations {

    private static final Logger log = LoggerFactory.getLogger(JourneyMigrations.class);
    private static final List<String> PROCESS_KEYS = List.of(JourneyProcess.PROCESS_KEY, JourneyProcess.SEND_PROCESS_KEY);
    private static final int SAMPLE_USERS = 5;
    private static final int PAGE = 5_000;
    private static final int RECENT_REPORTS = 50;
    static final String AUTOMATIC = "deployment";

    private final RepositoryService repository;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final MigrationPlanner planner;
    private final MigrationLog migrationLog;
    private final SegmentService segments;
    private final JourneyProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Map<String, String> latestSeen = new ConcurrentHashMap<>();
    /**
     * Held from the look for a running batch until the new batches exist: two migrations started together would
     * both find none and put the same journeys into two batches, where the second's jobs all fail.
     */
    private final Object starting = new Object();

    JourneyMigrations(RepositoryService repository, RuntimeService runtime, ManagementService management,
                      MigrationPlanner planner, MigrationLog migrationLog, SegmentService segments,
                      JourneyProperties properties, TransactionTemplate transaction, Clock clock) {
        this.repository = repository;
        this.runtime = runtime;
        this.management = management;
        this.planner = planner;
        this.migrationLog = migrationLog;
        this.segments = segments;
        this.properties = properties;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * @param processKey {@code user-lifecycle} (default) or {@code send-journey-message}
     * @param mappings source activity id to target activity id, on top of (and overriding) equal ids
     * @param moveTo source activity id to the lifecycle stage its journeys should wait in instead
     */
    public record Request(String processKey, boolean dryRun, Map<String, String> mappings, Map<String, String> moveTo,
                          String requestedBy) {
        public Request {
            processKey = processKey == null || processKey.isBlank() ? JourneyProcess.PROCESS_KEY : processKey;
            requireTargets("mappings", mappings);
            requireTargets("moveTo", moveTo);
            mappings = mappings == null ? Map.of() : Map.copyOf(mappings);
            moveTo = moveTo == null ? Map.of() : Map.copyOf(moveTo);
        }
    }

    private static void requireTargets(String field, Map<String, String> entries) {
        if (entries != null) {
            entries.forEach((activity, target) -> {
                if (target == null || target.isBlank()) {
                    throw new BadRequestException(field + "." + activity + " names no " + (field.equals("moveTo") ? "stage" : "activity"));
                }
            });
        }
    }

    /** A migration's batch as Camunda runs it: jobs in all, done and failed (failed ones show as incidents in Cockpit). */
    public record BatchProgress(String batchId, boolean finished, long jobs, long completed, long failed) {
    }

    public record Status(MigrationReport report, List<BatchProgress> batches) {
    }

    /** Checks for a version deployed since the last look (Modeler deploys through engine-rest) and migrates to it. */
    @Scheduled(initialDelay = 0, fixedDelayString = "${lifecycle.journey.migration.check-interval:PT30S}")
    void migrateOnNewVersions() {
        if (!properties.migration().auto()) {
            return;
        }
        for (String key : PROCESS_KEYS) {
            latest(key).ifPresent(target -> {
                if (target.getId().equals(latestSeen.get(key))
                        && migrationLog.latestTo(key, target.getId()).filter(this::sendsDoneSince).isEmpty()) {
                    return;
                }
                synchronized (starting) {
                    Optional<String> running = runningBatch(key);
                    if (running.isPresent()) {
                        // the journeys of that batch would be in two at once: the next look migrates them on from where it left them
                        log.info("Migration of {} to version {} waits for batch {} to finish", key, target.getVersion(), running.get());
                        return;
                    }
                    latestSeen.put(key, target.getId());
                    try {
                        runAutomatically(key);
                    } catch (RuntimeException failed) {
                        log.warn("Journeys of {} were not migrated to version {}: {}. They keep running on their version; "
                                + "POST /api/journeys/migrations with mappings migrates them", key, target.getVersion(),
                                failed.getMessage());
                    }
                }
            });
        }
    }

    /**
     * Migrates the key's running journeys on older versions, as configured, unless another node already
     * did for this version.
     *
     * @return the report, or empty when nothing ran on an older version, another node claimed the work, or a
     *         migration batch of the key is still running
     */
    public Optional<MigrationReport> migrateAutomatically(String processKey) {
        synchronized (starting) {
            return runningBatch(processKey).isPresent() ? Optional.empty() : runAutomatically(processKey);
        }
    }

    private Optional<MigrationReport> runAutomatically(String processKey) {
        Request request = new Request(processKey, false, properties.migration().mappings(), properties.migration().moveTo(),
                AUTOMATIC);
        ProcessDefinition target = latest(processKey).orElseThrow();
        String claim = processKey + ":" + target.getId();
        Optional<MigrationReport> last = migrationLog.latestTo(processKey, target.getId()).filter(this::sendsDoneSince);
        return run(request, target, last.map(report -> claim + ":after:" + report.id()).orElse(claim));
    }

    /**
     * Whether a journey that the report skipped because it was in a send step the target lacks has left the step since:
     * it now waits where the target may take it, and the migration to the same version runs again.
     */
    private boolean sendsDoneSince(MigrationReport report) {
        for (MigrationReport.Source source : report.sources()) {
            for (MigrationReport.Skip skip : source.skipped()) {
                // the model is cached; only a send step's journeys are counted, at every look of every node
                if (isSendStep(source.definitionId(), skip.activityId()) && runtime.createProcessInstanceQuery()
                        .processDefinitionId(source.definitionId()).activityIdIn(skip.activityId()).count() < skip.journeys()) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean isSendStep(String definitionId, String activityId) {
        try {
            return repository.getBpmnModelInstance(definitionId).getModelElementById(activityId) instanceof CallActivity;
        } catch (ProcessEngineException deleted) {
            return false;
        }
    }

    /** Migrates (or with {@code dryRun} only reports) the running journeys of older versions to the latest version. */
    public MigrationReport migrate(Request request) {
        if (!PROCESS_KEYS.contains(request.processKey())) {
            throw new BadRequestException("processKey must be one of " + PROCESS_KEYS);
        }
        request.moveTo().forEach((activity, stage) -> stageWait(stage));
        ProcessDefinition target = latest(request.processKey())
                .orElseThrow(() -> new NotFoundException("No process " + request.processKey() + " deployed"));
        requireKnownSources(request, target);
        requireKnownTargets(request, target);
        if (request.dryRun()) {
            return run(request, target, null).orElseGet(() -> emptyReport(request, target));
        }
        synchronized (starting) {
            runningBatch(request.processKey()).ifPresent(batch -> {
                throw new ConflictException("A migration of " + request.processKey() + " is still running (batch " + batch
                        + ", Cockpit: Batches): ask again once it finished, or with \"dryRun\": true to see the report");
            });
            return run(request, target, null).orElseGet(() -> emptyReport(request, target));
        }
    }

    /** Mappings and moves name activities of earlier versions: a misspelt one would silently map nothing. */
    private void requireKnownSources(Request request, ProcessDefinition target) {
        Set<String> named = new TreeSet<>(request.mappings().keySet());
        named.addAll(request.moveTo().keySet());
        if (named.isEmpty()) {
            return;
        }
        Set<String> known = new HashSet<>();
        repository.createProcessDefinitionQuery().processDefinitionKey(request.processKey()).list().stream()
                .filter(definition -> definition.getVersion() < target.getVersion())
                .forEach(definition -> repository.getBpmnModelInstance(definition.getId()).getModelElementsByType(FlowNode.class)
                        .forEach(activity -> known.add(activity.getId())));
        named.removeAll(known);
        if (!named.isEmpty()) {
            throw new BadRequestException("No earlier version of " + request.processKey() + " has the activities " + named
                    + " that mappings or moveTo name");
        }
    }

    /** Checked up front, as the plan checks them only for versions that still have journeys to migrate. */
    private void requireKnownTargets(Request request, ProcessDefinition target) {
        Set<String> named = new TreeSet<>(request.mappings().values());
        repository.getBpmnModelInstance(target.getId()).getModelElementsByType(FlowNode.class)
                .forEach(activity -> named.remove(activity.getId()));
        if (!named.isEmpty()) {
            throw new BadRequestException("Version " + target.getVersion() + " of " + request.processKey() + " has no activities "
                    + named + " that mappings name");
        }
    }

    /** A migration batch of the key with jobs still to run; failed jobs without retries left do not count. */
    private Optional<String> runningBatch(String processKey) {
        for (MigrationReport report : migrationLog.latest(RECENT_REPORTS)) {
            if (!report.processKey().equals(processKey)) {
                continue;
            }
            for (String batchId : report.batchIds()) {
                BatchStatistics statistics = management.createBatchStatisticsQuery().batchId(batchId).singleResult();
                if (statistics != null && statistics.getRemainingJobs() > statistics.getFailedJobs()) {
                    return Optional.of(batchId);
                }
            }
        }
        return Optional.empty();
    }

    public List<MigrationReport> reports(int limit) {
        return migrationLog.latest(limit);
    }

    public Status status(long id) {
        MigrationReport report = migrationLog.find(id).orElseThrow(() -> new NotFoundException("No migration " + id));
        return new Status(report, report.batchIds().stream().map(batchId -> progress(batchId, report)).toList());
    }

    /** A finished batch is gone from Camunda (and kept in its history only at level full): its jobs are the report's. */
    private BatchProgress progress(String batchId, MigrationReport report) {
        BatchStatistics statistics = management.createBatchStatisticsQuery().batchId(batchId).singleResult();
        if (statistics == null) {
            long jobs = report.batchJobs() == null ? 0 : report.batchJobs().getOrDefault(batchId, 0L);
            return new BatchProgress(batchId, true, jobs, jobs, 0);
        }
        return new BatchProgress(batchId, false, statistics.getTotalJobs(), statistics.getCompletedJobs(),
                statistics.getFailedJobs());
    }

    private Optional<MigrationReport> run(Request request, ProcessDefinition target, String autoClaim) {
        List<ProcessDefinition> sources = repository.createProcessDefinitionQuery().processDefinitionKey(request.processKey())
                .orderByProcessDefinitionVersion().asc().list().stream()
                .filter(definition -> definition.getVersion() < target.getVersion())
                .filter(definition -> runtime.createProcessInstanceQuery().processDefinitionId(definition.getId()).count() > 0)
                .toList();
        if (sources.isEmpty()) {
            return Optional.empty();
        }
        List<Prepared> prepared = new ArrayList<>();
        for (ProcessDefinition source : sources) {
            prepared.add(prepare(source, target, request));
        }
        MigrationReport report = report(null, request, target, List.of(), Map.of(), prepared);
        if (request.dryRun()) {
            return Optional.of(report);
        }
        Optional<Long> id = migrationLog.insert(report, autoClaim);
        if (id.isEmpty()) {
            log.info("Migration of {} to version {} already claimed by another node", request.processKey(), target.getVersion());
            return Optional.empty();
        }
        List<String> batchIds = new ArrayList<>();
        Map<String, Long> batchJobs = new LinkedHashMap<>();
        for (Prepared source : prepared) {
            List.copyOf(source.moved()).forEach(move -> moveOrReport(move, source));
            List<String> ids = new ArrayList<>(source.migrating());
            ids.addAll(source.moved().stream().map(Move::instanceId).toList());
            if (!ids.isEmpty()) {
                Batch batch = runtime.newMigration(source.planned().plan()).processInstanceIds(ids).executeAsync();
                batchIds.add(batch.getId());
                batchJobs.put(batch.getId(), (long) batch.getTotalJobs());
            }
        }
        MigrationReport done = report(id.get(), request, target, batchIds, batchJobs, prepared);
        migrationLog.update(done);
        log.info("Migrating {} journeys of {} to version {} ({} moved to a stage, {} skipped); report {}", done.migrated(),
                request.processKey(), target.getVersion(), done.moved(), done.skipped(), done.id());
        if (done.skipped() > 0) {
            done.sources().forEach(source -> source.skipped().forEach(skip -> log.warn(
                    "{} journeys stay on {} version {}: {}", skip.journeys(), request.processKey(), source.version(), skip.reason())));
        }
        return Optional.of(done);
    }

    private record Move(String instanceId, String userId, String activityId, LifecycleStage stage) {
    }

    private record Prepared(ProcessDefinition source, MigrationPlanner.Planned planned, long running, List<String> migrating,
                            List<Move> moved, List<MigrationReport.Skip> skipped) {
    }

    private Prepared prepare(ProcessDefinition source, ProcessDefinition target, Request request) {
        MigrationPlanner.Planned planned;
        try {
            planned = planner.plan(source.getId(), target.getId(), request.mappings());
        } catch (MigrationPlanValidationException | NotValidException | IllegalArgumentException invalid) {
            throw new BadRequestException("No migration plan from version " + source.getVersion() + " to "
                    + target.getVersion() + ": " + invalid.getMessage());
        }
        Set<String> mapped = new HashSet<>(planned.mapped());
        Set<String> stranded = new HashSet<>();
        List<Move> moved = new ArrayList<>();
        List<MigrationReport.Skip> skipped = new ArrayList<>();
        for (FlowNode activity : planned.source().getModelElementsByType(FlowNode.class)) {
            if (mapped.contains(activity.getId())) {
                continue;
            }
            List<ProcessInstance> waiting = runtime.createProcessInstanceQuery().processDefinitionId(source.getId())
                    .activityIdIn(activity.getId()).list();
            if (waiting.isEmpty()) {
                continue;
            }
            String stage = request.moveTo().get(activity.getId());
            List<ProcessInstance> notMoved = waiting;
            if (stage != null) {
                String wait = stageWait(stage);
                if (!mapped.contains(wait)) {
                    throw new BadRequestException("Cannot move to " + stage + ": its wait " + wait + " is not in both versions");
                }
                LifecycleStage to = LifecycleStage.valueOf(stage.toUpperCase(Locale.ROOT));
                notMoved = new ArrayList<>();
                List<ProcessInstance> suspended = new ArrayList<>();
                for (ProcessInstance journey : waiting) {
                    String userId = userOf(journey);
                    if (journey.isSuspended()) {
                        suspended.add(journey);
                    } else if (canMove(userId, to)) {
                        moved.add(new Move(journey.getId(), userId, activity.getId(), to));
                    } else {
                        notMoved.add(journey);
                    }
                }
                if (!suspended.isEmpty()) {
                    suspended.forEach(journey -> stranded.add(journey.getId()));
                    skipped.add(new MigrationReport.Skip(activity.getId(), activity.getName(), suspended.size(),
                            "could not be moved to " + to + ": the journey is suspended (Cockpit: activate it, then migrate again)",
                            sampleUsers(suspended)));
                }
            }
            if (!notMoved.isEmpty()) {
                notMoved.forEach(journey -> stranded.add(journey.getId()));
                skipped.add(new MigrationReport.Skip(activity.getId(), activity.getName(), notMoved.size(),
                        skipReason(activity, stage, target), sampleUsers(notMoved)));
            }
        }
        Set<String> movedIds = new HashSet<>(moved.stream().map(Move::instanceId).toList());
        List<String> all = runningIds(source.getId(), PAGE);
        List<String> migrating = all.stream().filter(id -> !stranded.contains(id) && !movedIds.contains(id)).toList();
        return new Prepared(source, planned, all.size(), new ArrayList<>(migrating), moved, skipped);
    }

    private List<String> sampleUsers(List<ProcessInstance> journeys) {
        return journeys.stream().map(this::userOf).filter(Objects::nonNull).limit(SAMPLE_USERS).toList();
    }

    /**
     * A journey carried on for the user its user was merged into keeps the old business key; its variable names the user.
     * Read by query, as the journey may end meanwhile.
     */
    private String userOf(ProcessInstance journey) {
        VariableInstance userId = runtime.createVariableInstanceQuery().executionIdIn(journey.getId())
                .variableName(JourneyProcess.Variables.USER_ID).singleResult();
        return userId != null && userId.getValue() instanceof String user ? user : journey.getBusinessKey();
    }

    /**
     * The ids of the version's running journeys, a page at a time after the last id read: pages by offset would skip
     * journeys whenever journeys before them end meanwhile (an archive, a merge), and those would stay unreported.
     */
    List<String> runningIds(String definitionId, int pageSize) {
        String executions = management.getTableName(ExecutionEntity.class);
        List<String> ids = new ArrayList<>();
        String after = "";
        while (true) {
            List<ProcessInstance> page = runtime.createNativeProcessInstanceQuery()
                    .sql("SELECT * FROM " + executions + " WHERE PROC_DEF_ID_ = #{definition} AND ID_ = PROC_INST_ID_"
                            + " AND ID_ > #{after} ORDER BY ID_")
                    .parameter("definition", definitionId).parameter("after", after).listPage(0, pageSize);
            page.forEach(journey -> ids.add(journey.getId()));
            if (page.size() < pageSize) {
                return ids;
            }
            after = page.get(page.size() - 1).getId();
        }
    }

    private static String skipReason(FlowNode activity, String stage, ProcessDefinition target) {
        String name = activity.getName() == null ? activity.getId() : "\"" + activity.getName() + "\" (" + activity.getId() + ")";
        if (stage == null && activity instanceof CallActivity) {
            return "in flight at " + name + ", which version " + target.getVersion() + " does not have: once its send is done, "
                    + "the journey is migrated from where it waits then (by the automatic migration, or when asked again), "
                    + "or map the step to one of the new version";
        }
        if (stage != null) {
            return "waiting at " + name + ", which version " + target.getVersion() + " removed; the lifecycle does not allow a move to "
                    + stage.toUpperCase(Locale.ROOT) + " from their stage";
        }
        return "waiting at " + name + ", which version " + target.getVersion()
                + " does not have: map it to an activity of the new version or move its journeys to a stage";
    }

    private boolean canMove(String userId, LifecycleStage to) {
        Optional<LifecycleStage> current = segments.stageOf(userId).map(StageMembership::stage);
        return current.isPresent() && (current.get() == to || LifecycleStage.canEnter(current.get(), to));
    }

    /**
     * A journey that cannot be moved (it moved on meanwhile, or is suspended) stays where it is and is named
     * in the report, while the others go on: one failure must not leave the claimed migration without batches.
     */
    private void moveOrReport(Move move, Prepared source) {
        try {
            move(move);
        } catch (RuntimeException failed) {
            log.warn("Journey {} of user {} was not moved to {}: {}", move.instanceId(), move.userId(), move.stage(),
                    failed.getMessage());
            source.moved().remove(move);
            source.skipped().add(new MigrationReport.Skip(move.activityId(), null, 1,
                    "could not be moved to " + move.stage() + ": " + failed.getMessage(), List.of(move.userId())));
        }
    }

    /** Puts the journey at its new stage's wait in its current version, so that the plan can map it. */
    private void move(Move move) {
        transaction.executeWithoutResult(status -> {
            Optional<LifecycleStage> current = segments.stageOf(move.userId()).map(StageMembership::stage);
            if (current.isPresent() && current.get() != move.stage()) {
                segments.moveToStage(move.userId(), move.stage(), "migration: " + move.activityId() + " was removed",
                        move.instanceId());
            }
            runtime.createProcessInstanceModification(move.instanceId()).cancelAllForActivity(move.activityId())
                    .startBeforeActivity(JourneyProcess.STAGE_WAITS.get(move.stage()))
                    .execute();
        });
    }

    private static String stageWait(String stage) {
        try {
            return JourneyProcess.STAGE_WAITS.get(LifecycleStage.valueOf(stage.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException | NullPointerException unknown) {
            throw new BadRequestException("moveTo names a stage: one of " + List.of(LifecycleStage.values()) + ", not " + stage);
        }
    }

    private MigrationReport report(Long id, Request request, ProcessDefinition target, List<String> batchIds,
                                   Map<String, Long> batchJobs, List<Prepared> prepared) {
        List<MigrationReport.Source> sources = prepared.stream().map(source -> new MigrationReport.Source(
                source.source().getVersion(), source.source().getId(), source.running(), source.migrating().size(),
                source.moved().size(), source.planned().mapped(), source.planned().triggersUpdated(), source.skipped())).toList();
        return new MigrationReport(id, request.processKey(), target.getVersion(), target.getId(), request.dryRun(),
                clock.instant(), request.requestedBy(), List.copyOf(batchIds), Map.copyOf(batchJobs),
                sources.stream().mapToLong(MigrationReport.Source::migrated).sum(),
                sources.stream().mapToLong(MigrationReport.Source::moved).sum(),
                sources.stream().flatMap(source -> source.skipped().stream()).mapToLong(MigrationReport.Skip::journeys).sum(),
                sources);
    }

    private MigrationReport emptyReport(Request request, ProcessDefinition target) {
        return new MigrationReport(null, request.processKey(), target.getVersion(), target.getId(), request.dryRun(),
                clock.instant(), request.requestedBy(), List.of(), Map.of(), 0, 0, 0, List.of());
    }

    private Optional<ProcessDefinition> latest(String processKey) {
        return Optional.ofNullable(repository.createProcessDefinitionQuery().processDefinitionKey(processKey)
                .latestVersion().singleResult());
    }
}
