package io.lifecycleengine.journey;

import java.util.List;
import java.util.Map;

/** The ids of the signals one ingest transaction stored, per user in the order they were raised. */
public record RecordedSignals(Map<String, List<Long>> byUser) {

    public int count() {
        return byUser.values().stream().mapToInt(List::size).sum();
    }
}
