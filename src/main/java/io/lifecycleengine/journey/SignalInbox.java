package io.lifecycleengine.journey;

import io.lifecycleengine.profile.ProfileUpdate;
import io.lifecycleengine.segment.LifecycleStage;
import io.lifecycleengine.segment.SegmentService;
import io.lifecycleengine.segment.StageMembership;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jakarta.annotation.PreDestroy;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.MessageCorrelationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides which events a journey must hear about and delivers them. Only state-relevant signals are
 * recorded (a first event, activation, intent, conversion, a return); they are stored in the event's
 * transaction, correlated right after it commits, and retried with backoff while the journey is busy
 * (between two wait states) or a concurrent correlation won the race; a journey that arrives at a wait
 * makes its user's signals due at once ({@link SignalWakePlugin}).
 */
@Service
public class SignalInbox {

    private static final Logger log = LoggerFactory.getLogger(SignalInbox.class);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final int RETRY_BATCH = 200;
    private static final int WARN_AFTER_ATTEMPTS = 5;
    static final String GIVEN_UP = "lifecycle.journey.signals.given-up";

    private final PendingSignals pending;
    private final SegmentService segments;
    private final JourneyRegistry registry;
    private final JourneyStarter starter;
    private final RuntimeService runtime;
    private final JourneyProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final SignalDispatchers dispatchers;
    private final MeterRegistry meters;
    private final JourneyTimers timers;

    SignalInbox(PendingSignals pending, SegmentService segments, JourneyRegistry registry, JourneyStarter starter,
                RuntimeService runtime, JourneyProperties properties, TransactionTemplate transaction, Clock clock,
                MeterRegistry meters, JourneyTimers timers) {
        this.dispatchers = new SignalDispatchers(properties.signalDispatchThreads());
        this.pending = pending;
        this.segments = segments;
        this.registry = registry;
        this.starter = starter;
        this.runtime = runtime;
        this.properties = properties;
        this.transaction = transaction;
        this.clock = clock;
        this.meters = meters;
        this.timers = timers;
    }

    /**
     * Records the signals of a call's profile updates, reading the users' stages and their waiting signals
     * with one query each; runs inside the events' transaction. An update is judged in the stage the user's
     * earlier signals lead to (an order right after the intent that makes them HIGH_INTENT, in one batch or
     * while their journey is busy), not only in the stage their journey has reached.
     *
     * @return the recorded signals, for {@link #dispatch} once the transaction committed
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public RecordedSignals record(List<ProfileUpdate> updates) {
        List<String> users = updates.stream().map(ProfileUpdate::userId).distinct().toList();
        Map<String, LifecycleStage> stages = segments.stagesOf(users);
        Map<String, List<SignalKind>> waiting = pending.waitingOf(users);
        Map<String, LifecycleStage> heading = new HashMap<>();
        // a user without a stage gets one START: none if one is waiting already (its journey has not started yet)
        Set<String> started = new HashSet<>();
        for (String user : users) {
            List<SignalKind> kinds = waiting.getOrDefault(user, List.of());
            if (kinds.contains(SignalKind.START)) {
                started.add(user);
            }
            LifecycleStage stage = stages.getOrDefault(user, LifecycleStage.NEW);
            for (SignalKind kind : kinds) {
                stage = kind.heardIn(stage);
            }
            heading.put(user, stage);
        }
        List<PendingSignals.NewSignal> raised = new ArrayList<>();
        for (ProfileUpdate update : updates) {
            if (!stages.containsKey(update.userId()) && started.add(update.userId())) {
                raised.add(new PendingSignals.NewSignal(update.userId(), SignalKind.START, null));
            }
            LifecycleStage stage = heading.get(update.userId());
            // an event that arrives late, from before the user went quiet, is no return: they are still inactive
            Optional<SignalKind> detected = detect(update, stage)
                    .filter(kind -> kind != SignalKind.RETURN || timers.activeNow(update.userId()));
            while (detected.isPresent()) {
                SignalKind kind = detected.get();
                raised.add(new PendingSignals.NewSignal(update.userId(), kind,
                        kind == SignalKind.INTENT ? update.signals().intent().slug() : null));
                stage = kind.heardIn(stage);
                // a return that shows intent (straight back to the pricing page) is heard as both, as a page view and then
                // the pricing page would be
                detected = kind == SignalKind.RETURN ? detect(update.intentOnly(), stage) : Optional.empty();
            }
            heading.put(update.userId(), stage);
        }
        List<Long> stored = pending.addAll(raised, clock.instant());
        if (log.isDebugEnabled()) {
            raised.forEach(signal -> log.debug("Signal {} raised for user {}", signal.kind(), signal.userId()));
        }
        Map<String, List<Long>> ids = new LinkedHashMap<>();
        for (int i = 0; i < raised.size(); i++) {
            ids.computeIfAbsent(raised.get(i).userId(), user -> new ArrayList<>()).add(stored.get(i));
        }
        return new RecordedSignals(ids);
    }

    static Optional<SignalKind> detect(ProfileUpdate update, LifecycleStage stage) {
        var signals = update.signals();
        return Optional.ofNullable(switch (stage) {
            case NEW -> signals.showsIntent() ? SignalKind.INTENT
                    : update.newActiveDay() && !update.firstEvent() ? SignalKind.NEW_ACTIVE_DAY : null;
            case ACTIVE -> signals.showsIntent() ? SignalKind.INTENT : null;
            case HIGH_INTENT -> signals.purchase() ? SignalKind.ORDER : null;
            case INACTIVE, CHURNED -> signals.activity() ? SignalKind.RETURN : null;
        });
    }

    /**
     * Tries the given signals soon, on the dispatch threads, each user's signals in order on one thread;
     * those that cannot be delivered yet stay for {@link #retryDue()}. Returns at once.
     */
    public void dispatch(RecordedSignals signals) {
        dispatchers.dispatch(signals.byUser(), this::attempt);
    }

    /** Waits until the signals handed to {@link #dispatch} were attempted, for at most the given time. */
    public boolean awaitDispatched(Duration atMost) {
        return dispatchers.awaitIdle(atMost);
    }

    @PreDestroy
    void stopDispatching() {
        dispatchers.shutdown();
    }

    @Scheduled(fixedDelayString = "${lifecycle.journey.signal-retry.interval}")
    void retryOnSchedule() {
        if (properties.signalRetry().enabled()) {
            retryDue();
        }
    }

    /**
     * Retries the signals whose backoff has passed, each user's in order, on the dispatch threads when
     * there are any; returns once they were attempted.
     */
    public void retryDue() {
        Map<String, List<Long>> due = pending.dueByUser(clock.instant(), RETRY_BATCH);
        if (!dispatchers.dispatchAndWait(due, this::attempt, LEASE)) {
            due.values().forEach(ids -> ids.forEach(this::attempt));
        }
    }

    /** How many signals of the user still wait to be heard by their journey. */
    public int pendingFor(String userId) {
        return pending.countFor(userId);
    }

    private void attempt(long id) {
        try {
            attemptLeased(id);
        } catch (DataAccessException bookkeeping) {
            // a lease or backoff update lost a deadlock: the lease runs out and a later round tries again
            log.debug("Signal {} left for a later round: {}", id, bookkeeping.toString());
        }
    }

    private void attemptLeased(long id) {
        Optional<PendingSignal> found = pending.find(id);
        if (found.isEmpty() || !pending.lease(found.get(), clock.instant().plus(LEASE))) {
            return;
        }
        PendingSignal signal = found.get();
        try {
            if (deliver(signal)) {
                pending.remove(id);
            } else {
                retryLater(signal, "its journey is not waiting for it yet");
            }
        } catch (OptimisticLockingException | MismatchingMessageCorrelationException busy) {
            retryLater(signal, busy.getClass().getSimpleName());
        } catch (RuntimeException failure) {
            // usually the journey moved on between the subscription check and the correlation; warn if it persists
            if (signal.attempts() >= WARN_AFTER_ATTEMPTS) {
                log.warn("Signal {} for user {} failed {} times: {}", signal.kind(), signal.userId(),
                        signal.attempts() + 1, failure.toString());
            }
            retryLater(signal, failure.getClass().getSimpleName());
        }
    }

    /** @return true when the signal was delivered or no longer matters */
    private boolean deliver(PendingSignal signal) {
        if (signal.kind() == SignalKind.START) {
            starter.ensureRunning(signal.userId());
            return true;
        }
        Boolean delivered = transaction.execute(status -> correlate(signal));
        if (delivered == null) {
            // an ended (archived) journey: the user's return starts a new one, which reactivates them
            starter.ensureRunning(signal.userId());
            return signal.kind() == SignalKind.RETURN;
        }
        return delivered;
    }

    /**
     * Locks the user's journey row first, so that two signals of one user (two threads, two nodes)
     * are correlated one after the other, each seeing the stage the other left, and in the order they were raised.
     *
     * @return null when the user has no running journey
     */
    private Boolean correlate(PendingSignal signal) {
        Optional<String> journey = registry.findForUpdate(signal.userId()).flatMap(running -> running);
        if (journey.isEmpty()) {
            return null;
        }
        if (pending.earlierWaiting(signal)) {
            // the user's earlier signals are heard first, also one another node holds the lease of right now: it may
            // lead to a stage where this one matters, or where it no longer does
            return false;
        }
        Optional<LifecycleStage> stage = segments.stageOf(signal.userId()).map(StageMembership::stage);
        if (stage.isPresent() && !signal.kind().mattersIn(stage.get())) {
            log.debug("Signal {} of user {} dropped: it does not matter in stage {}", signal.kind(), signal.userId(), stage.get());
            return true;
        }
        MessageCorrelationBuilder correlation = runtime.createMessageCorrelation(signal.kind().message())
                .processInstanceId(journey.get());
        if (signal.intentKind() != null) {
            correlation.setVariable(JourneyProcess.Variables.INTENT_KIND, signal.intentKind());
        }
        // heard by every wait for it, and by none without an engine exception while the journey is busy between two waits
        if (correlation.correlateAllWithResult().isEmpty()) {
            return false;
        }
        log.debug("Signal {} correlated to journey {} of user {}", signal.kind(), journey.get(), signal.userId());
        return true;
    }

    private void retryLater(PendingSignal signal, String why) {
        Instant now = clock.instant();
        if (signal.createdAt().plus(properties.signalRetry().giveUpAfter()).isBefore(now)) {
            log.error("Giving up signal {} for user {} after {} attempts: {}", signal.kind(), signal.userId(),
                    signal.attempts() + 1, why);
            pending.remove(signal.id());
            Counter.builder(GIVEN_UP).tag("kind", signal.kind().name())
                    .description("Signals dropped after their journey could not take them for the give-up time")
                    .register(meters).increment();
            return;
        }
        long factor = 1L << Math.min(signal.attempts(), 10);
        Duration backoff = FIRST_BACKOFF.multipliedBy(factor);
        pending.retryAt(signal.id(), now.plus(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff), now);
    }
}
