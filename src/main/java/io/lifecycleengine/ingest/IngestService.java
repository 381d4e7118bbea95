package io.lifecycleengine.ingest;

import io.lifecycleengine.journey.SignalInbox;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.profile.ProfileUpdate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores events, folds them into profiles and records the journey signals they raise, all in one
 * transaction; the signals are dispatched to the journeys only after that transaction committed.
 */
@Service
public class IngestService {

    private final EventStore events;
    private final ProfileService profiles;
    private final SignalInbox signals;
    private final TransactionTemplate transaction;

    IngestService(EventStore events, ProfileService profiles, SignalInbox signals, TransactionTemplate transaction) {
        this.events = events;
        this.profiles = profiles;
        this.signals = signals;
        this.transaction = transaction;
    }

    public IngestResult accept(List<BehaviorEvent> batch) {
        List<Long> raised = new ArrayList<>();
        IngestResult result = transaction.execute(status -> {
            int stored = 0;
            for (BehaviorEvent event : batch) {
                if (!events.insertIfAbsent(event)) {
                    continue;
                }
                stored++;
                if (event.hasUser()) {
                    ProfileUpdate update = profiles.apply(event);
                    raised.addAll(signals.record(update));
                }
            }
            return new IngestResult(stored, batch.size() - stored);
        });
        signals.dispatch(raised);
        return result;
    }
}
