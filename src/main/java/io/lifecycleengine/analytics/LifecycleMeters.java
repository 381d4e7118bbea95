package io.lifecycleengine.analytics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
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
        segmentMembers.register(rows(snapshot.segmentMembers(), "dimension", "segment"), true);
        transitions.register(rows(snapshot.lifecycleTransitions(), "from", "to"), true);
        messages.register(rows(snapshot.messages(), "kind", "status"), true);
        journeysRunning.set(snapshot.journeysRunning());
        incidents.set(snapshot.incidents());
    }

    private static List<MultiGauge.Row<?>> rows(List<Snapshot.Count> counts, String first, String second) {
        return counts.stream().<MultiGauge.Row<?>>map(count -> MultiGauge.Row.of(
                Tags.of(first, count.first(), second, count.second()), count.count()))
                .toList();
    }
}
