package io.lifecycleengine.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifecycleengine.ingest.BehaviorEvent;
import io.lifecycleengine.ingest.EventType;
import io.lifecycleengine.profile.TaxonomyProperties.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The taxonomy is configuration: other event names and pages map to the same behavior categories. */
class EventTaxonomyTest {

    private final EventTaxonomy taxonomy = new EventTaxonomy(new TaxonomyProperties(
            Map.of("demo", new Rule(List.of("Call Booked"), List.of()),
                    "pricing-page", new Rule(List.of(), List.of("/plans"))),
            new Rule(List.of("Subscription Started"), List.of()),
            Map.of("lesson", new Rule(List.of("Module Finished"), List.of("/academy"))),
            new Rule(List.of("Push Received"), List.of()),
            new Rule(List.of("Newsletter Left"), List.of())));

    @Test
    void mapsConfiguredEventNamesWhateverTheirCase() {
        BehaviorSignals booked = taxonomy.classify(track("call booked", Map.of()));
        BehaviorSignals subscribed = taxonomy.classify(track("Subscription Started", Map.of("revenue", "19.90")));
        BehaviorSignals module = taxonomy.classify(track("Module Finished", Map.of()));

        assertThat(booked.intent()).isEqualTo(IntentKind.DEMO);
        assertThat(subscribed.purchase()).isTrue();
        assertThat(subscribed.revenue()).isEqualByComparingTo("19.90");
        assertThat(module.content()).isEqualTo(ContentKind.LESSON);
        assertThat(taxonomy.classify(track("Order Completed", Map.of())).purchase())
                .as("only what is configured counts").isFalse();
    }

    @Test
    void mapsPagesByAFragmentOfNamePathOrUrl() {
        BehaviorSignals plans = taxonomy.classify(page("Plans", Map.of("url", "https://acme.test/plans?annual")));
        BehaviorSignals academy = taxonomy.classify(page("Intro", Map.of("path", "/academy/intro")));

        assertThat(plans.intent()).isEqualTo(IntentKind.PRICING_PAGE);
        assertThat(plans.pageView()).isTrue();
        assertThat(academy.content()).isEqualTo(ContentKind.LESSON);
    }

    @Test
    void anAmountOfAnAbsurdMagnitudeCountsAsNoRevenueAtOnce() {
        // ten digits of exponent: rounding either to four decimal places would take minutes and gigabytes
        for (String absurd : List.of("1e300000000", "-1e300000000", "1e-300000000", "0.5e-300000000")) {
            BehaviorSignals order = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> taxonomy.classify(track("Subscription Started", Map.of("revenue", absurd))), absurd);
            assertThat(order.purchase()).isTrue();
            assertThat(order.revenue()).as(absurd).isEqualByComparingTo("0");
        }
        assertThat(taxonomy.classify(track("Subscription Started", Map.of("revenue", "0.00005"))).revenue())
                .isEqualByComparingTo("0.0001");
        assertThat(taxonomy.classify(track("Subscription Started", Map.of("revenue", "1.5e3"))).revenue())
                .isEqualByComparingTo("1500");
    }

    @Test
    void passiveEventsAreNotActivity() {
        assertThat(taxonomy.classify(track("Push Received", Map.of())).activity()).isFalse();
        assertThat(taxonomy.classify(track("Anything Else", Map.of())).activity()).isTrue();
    }

    @Test
    void anOptOutEventIsTheConfiguredOneWhateverItsCaseAndNoOther() {
        assertThat(taxonomy.classify(track("newsletter left", Map.of())).optOut()).isTrue();
        assertThat(taxonomy.classify(track("Unsubscribed", Map.of())).optOut()).as("only what is configured counts").isFalse();
        assertThat(taxonomy.classify(page("Newsletter Left", Map.of())).optOut()).as("a page is no opt-out").isFalse();
    }

    @Test
    void refusesUnknownCategories() {
        assertThatThrownBy(() -> new EventTaxonomy(new TaxonomyProperties(
                Map.of("wishlist", new Rule(List.of("Wishlisted"), List.of())), new Rule(null, null), Map.of(),
                new Rule(null, null), null)))
                .hasMessage("lifecycle.taxonomy: unknown IntentKind 'wishlist'");
    }

    private static BehaviorEvent track(String name, Map<String, Object> properties) {
        return event(EventType.TRACK, name, properties);
    }

    private static BehaviorEvent page(String name, Map<String, Object> properties) {
        return event(EventType.PAGE, name, properties);
    }

    private static BehaviorEvent event(EventType type, String name, Map<String, Object> properties) {
        ObjectNode props = JsonNodeFactory.instance.objectNode();
        properties.forEach((key, value) -> props.put(key, value.toString()));
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new BehaviorEvent("m", type, "u", null, null, name, props, JsonNodeFactory.instance.objectNode(),
                now, now, "{}");
    }
}
