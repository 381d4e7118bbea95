package io.lifecycleengine.analytics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The {@code lifecycle_*} Prometheus series, read from the latest {@link Snapshot}; the ingest counter
 * {@code lifecycle_ingest_events_total} is kept by the ingest service itself.
 */
@Component
class LifecycleMeters {

    private final MultiGauge segmentMembers;
    private final MultiGauge transitions;
    private final MultiGauge messages;
    private final Set<List<String>> segmentsSeen = ConcurrentHashMap.newKeySet();
    private final Set<List<String>> messageStatusesSeen = ConcurrentHashMap.newKeySet();
    private final AtomicLong journeysRunning = new AtomicLong();
    private final AtomicLong incidents = new AtomicLong();

    LifecycleMeters(MeterRegistry registry) {
        segmentMembers = MultiGauge.builder("lifecycle.segment.members")
                .description("Users in each segment of each dimension (the lifecycle stage is dimension lifecycle)")
                .register(registry);
        transitions = MultiGauge.builder("lifecycle.transitions")
                .description("Lifecycle transitions so far, per from and to stage").register(registry);
        messages = MultiGauge.builder("lifecycle.messages")
                .description("Messages per kind and current status").register(registry);
        Gauge.builder("lifecycle.journeys.running", journeysRunning, AtomicLong::get)
                .description("Running user-lifecycle journeys").register(registry);
        Gauge.builder("lifecycle.incidents", incidents, AtomicLong::get)
                .description("Open incidents (failed sends after their last retry)").register(registry);
    }

    void update(Snapshot snapshot) {
        segmentMembers.register(rows(withZeros(snapshot.segmentMembers(), segmentsSeen), "dimension", "segment"), true);
        transitions.register(rows(snapshot.lifecycleTransitions(), "from", "to"), true);
        messages.register(rows(withZeros(snapshot.messages(), messageStatusesSeen), "kind", "status"), true);
        journeysRunning.set(snapshot.journeysRunning());
        incidents.set(snapshot.incidents());
    }

    /**
     * The counts, and 0 for every pair counted before that has none now: a segment emptied, or no message left
     * queued, reads 0 instead of its series vanishing (a vanished series keeps its last value in graphs and alerts).
     */
    private static List<Snapshot.Count> withZeros(List<Snapshot.Count> counts, Set<List<String>> seen) {
        List<Snapshot.Count> all = new ArrayList<>(counts);
        Set<List<String>> now = new HashSet<>();
        counts.forEach(count -> now.add(List.of(count.first(), count.second())));
        seen.stream().filter(pair -> !now.contains(pair)).sorted(Comparator.comparing(Object::toString))
                .forEach(pair -> all.add(new Snapshot.Count(pair.get(0), pair.get(1), 0)));
        seen.addAll(now);
        return all;
    }

    private static List<MultiGauge.Row<?>> rows(List<Snapshot.Count> counts, String first, String second) {
        return counts.stream().<MultiGauge.Row<?>>map(count -> MultiGauge.Row.of(
                Tags.of(first, count.first(), second, count.second()), count.count()))
                .toList();
    }
}
