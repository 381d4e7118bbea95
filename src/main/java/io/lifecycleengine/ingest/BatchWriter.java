package io.lifecycleengine.ingest;

import io.lifecycleengine.dimension.DimensionService;
import io.lifecycleengine.journey.RecordedSignals;
import io.lifecycleengine.journey.SignalInbox;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.profile.ProfileUpdate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores events under the user they belong to, folds them into profiles and records the journey
 * signals they raise, all in one transaction. Anonymous visitors' events are kept until an identify or
 * alias ties them to a user.
 */
@Component
class BatchWriter {

    private static final int MAX_ATTEMPTS = 5;

    private final EventStore events;
    private final IdentityResolver identities;
    private final ProfileService profiles;
    private final DimensionService dimensions;
    private final SignalInbox signals;
    private final TransactionTemplate transaction;

    BatchWriter(EventStore events, IdentityResolver identities, ProfileService profiles, DimensionService dimensions,
                  SignalInbox signals, TransactionTemplate transaction) {
        this.events = events;
        this.identities = identities;
        this.profiles = profiles;
        this.dimensions = dimensions;
        this.signals = signals;
        this.transaction = transaction;
    }

    /**
     * @throws ConcurrencyFailureException when the database kept choosing this call as a deadlock
     *         victim; nothing of the call was stored
     */
    Written write(List<BehaviorEvent> batch) {
        boolean askWhichAreStored = false;
        for (int collisions = 0; ; ) {
            try {
                return acceptOnce(batch, askWhichAreStored);
            } catch (StoredBefore replayed) {
                askWhichAreStored = true;
            } catch (ConcurrencyFailureException collision) {
                if (++collisions == MAX_ATTEMPTS) {
                    throw collision;
                }
                pause(collisions);
            }
        }
    }

    private Written acceptOnce(List<BehaviorEvent> batch, boolean askWhichAreStored) {
        RecordedSignals[] raised = new RecordedSignals[1];
        List<BehaviorEvent> stored = transaction.execute(status -> {
            Map<String, String> links = identities.linksOf(batch);
            List<BehaviorEvent> fresh = storeNew(batch, links, askWhichAreStored);
            Set<String> mergedAway = new HashSet<>();
            List<ProfileUpdate> updates = new ArrayList<>();
            Set<String> call = new HashSet<>(fresh.stream().map(BehaviorEvent::messageId).toList());
            for (BehaviorEvent event : fresh) {
                IdentityResolver.Learned learned = identities.learnFrom(event, links, call);
                if (learned.mergedAway() != null) {
                    mergedAway.add(learned.mergedAway());
                }
                updates.addAll(learned.unheard());
            }
            // a user merged away later in the call has no journey to hear it: the survivor heard the call's events in full
            updates.removeIf(update -> mergedAway.contains(update.userId()));
            Map<String, List<BehaviorEvent>> byUser = new LinkedHashMap<>();
            for (BehaviorEvent event : fresh) {
                // events of a user merged away by alias were folded into the surviving user already
                if (event.hasUser() && !mergedAway.contains(event.userId())) {
                    byUser.computeIfAbsent(event.userId(), user -> new ArrayList<>()).add(event);
                }
            }
            ProfileService.Applied applied = profiles.applyBatch(byUser);
            applied.updates().values().forEach(updates::addAll);
            raised[0] = signals.record(updates);
            dimensions.refreshProfiles(byUser.keySet().stream().map(applied.profiles()::get).toList());
            return fresh;
        });
        return new Written(stored, raised[0]);
    }

    /** Some events of a call were stored before (or meanwhile): nothing of the call is, it is tried again. */
    private static final class StoredBefore extends RuntimeException {
        StoredBefore() {
            super(null, null, false, false);
        }
    }

    /** The events stored (those not known before, by messageId) and the journey signals they raised. */
    record Written(List<BehaviorEvent> stored, RecordedSignals signals) {
    }

    /**
     * Attributes the calls not seen before (by messageId) to their users and stores them. Asks the database
     * which are stored already only when told to: most calls are new, and the unique messageId rejects a
     * replayed one anyway ({@link StoredBefore}).
     */
    private List<BehaviorEvent> storeNew(List<BehaviorEvent> batch, Map<String, String> links, boolean askWhichAreStored) {
        Set<String> seen = askWhichAreStored
                ? new HashSet<>(events.existingIds(batch.stream().map(BehaviorEvent::messageId).distinct().toList()))
                : new HashSet<>();
        List<BehaviorEvent> fresh = new ArrayList<>(batch.size());
        for (BehaviorEvent call : batch) {
            if (seen.add(call.messageId())) {
                fresh.add(call.attributedTo(IdentityResolver.ownerOf(call, links)));
            }
        }
        if (!fresh.isEmpty()) {
            try {
                // every writer takes the keys in the same order, so two writers storing overlapping calls wait for
                // each other instead of deadlocking: H2 detects no deadlock and waits out its lock timeout per row
                events.insertAll(fresh.stream().sorted(Comparator.comparing(BehaviorEvent::messageId)).toList());
            } catch (DuplicateKeyException stored) {
                if (!askWhichAreStored) {
                    throw new StoredBefore();
                }
                throw new ConcurrencyFailureException("A concurrent call stored some of these events", stored);
            }
        }
        return fresh;
    }

    /** Concurrent first events of one user can deadlock on MySQL; the loser retries after a short random pause. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying", e);
        }
    }
}
