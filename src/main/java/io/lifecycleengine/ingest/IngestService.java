package io.lifecycleengine.ingest;

import io.lifecycleengine.dimension.DimensionService;
import io.lifecycleengine.journey.SignalInbox;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.profile.ProfileUpdate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores events under the user they belong to, folds them into profiles and records the journey
 * signals they raise, all in one transaction; the signals are dispatched to the journeys only after
 * that transaction committed. Anonymous visitors' events are kept until an identify or alias ties
 * them to a user.
 */
@Service
public class IngestService {

    private static final int MAX_ATTEMPTS = 5;

    private final EventStore events;
    private final IdentityResolver identities;
    private final ProfileService profiles;
    private final DimensionService dimensions;
    private final SignalInbox signals;
    private final TransactionTemplate transaction;

    IngestService(EventStore events, IdentityResolver identities, ProfileService profiles, DimensionService dimensions,
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
    public IngestResult accept(List<BehaviorEvent> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                return acceptOnce(batch);
            } catch (ConcurrencyFailureException collision) {
                if (attempt == MAX_ATTEMPTS) {
                    throw collision;
                }
                pause(attempt);
            }
        }
    }

    private IngestResult acceptOnce(List<BehaviorEvent> batch) {
        List<Long> raised = new ArrayList<>();
        IngestResult result = transaction.execute(status -> {
            Set<String> touched = new LinkedHashSet<>();
            int stored = 0;
            for (BehaviorEvent call : batch) {
                BehaviorEvent event = call.attributedTo(identities.ownerOf(call));
                if (!events.insertIfAbsent(event)) {
                    continue;
                }
                stored++;
                if (event.hasUser()) {
                    identities.learnFrom(event);
                    ProfileUpdate update = profiles.apply(event);
                    touched.add(event.userId());
                    raised.addAll(signals.record(update));
                }
            }
            touched.forEach(dimensions::refresh);
            return new IngestResult(stored, batch.size() - stored);
        });
        signals.dispatch(raised);
        return result;
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
