package io.lifecycleengine.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.ingest.BehaviorEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Reads the behavior signals out of one event, by the configured taxonomy ({@code lifecycle.taxonomy}). */
@Component
class EventTaxonomy {

    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

    /** The least amount that rounds to 0.0001 rather than zero. */
    private static final BigDecimal LEAST_AMOUNT = new BigDecimal("0.00005");

    private final Map<String, IntentKind> intentEvents = new HashMap<>();
    private final List<Map.Entry<String, IntentKind>> intentPages = new ArrayList<>();
    private final Map<String, ContentKind> contentEvents = new HashMap<>();
    private final List<Map.Entry<String, ContentKind>> contentPages = new ArrayList<>();
    private final Set<String> purchaseEvents = new HashSet<>();
    private final Set<String> passiveEvents = new HashSet<>();
    private final Set<String> optOutEvents = new HashSet<>();

    EventTaxonomy(TaxonomyProperties taxonomy) {
        taxonomy.intent().forEach((kind, rule) -> register(rule, parse(IntentKind.class, kind), intentEvents, intentPages));
        taxonomy.content().forEach((kind, rule) -> register(rule, parse(ContentKind.class, kind), contentEvents, contentPages));
        taxonomy.purchase().events().forEach(name -> purchaseEvents.add(normal(name)));
        taxonomy.passive().events().forEach(name -> passiveEvents.add(normal(name)));
        taxonomy.optOut().events().forEach(name -> optOutEvents.add(normal(name)));
    }

    /** The purchase event names, lower case. */
    Set<String> purchaseEvents() {
        return Set.copyOf(purchaseEvents);
    }

    BehaviorSignals classify(BehaviorEvent event) {
        return switch (event.type()) {
            case TRACK -> track(event);
            case PAGE, SCREEN -> page(event);
            case IDENTIFY, ALIAS, GROUP -> new BehaviorSignals(false, false, null, null, false, BigDecimal.ZERO, false);
        };
    }

    private BehaviorSignals track(BehaviorEvent event) {
        String name = normal(event.name());
        boolean purchase = purchaseEvents.contains(name);
        return new BehaviorSignals(!passiveEvents.contains(name), false, intentEvents.get(name),
                contentEvents.get(name), purchase, purchase ? revenue(event.properties()) : BigDecimal.ZERO,
                optOutEvents.contains(name));
    }

    private BehaviorSignals page(BehaviorEvent event) {
        List<String> texts = new ArrayList<>(3);
        for (String text : new String[] {event.name(), event.property("path"), event.property("url")}) {
            if (text != null) {
                texts.add(normal(text));
            }
        }
        return new BehaviorSignals(true, true, firstMatch(intentPages, texts), firstMatch(contentPages, texts), false,
                BigDecimal.ZERO, false);
    }

    private static <K> K firstMatch(List<Map.Entry<String, K>> rules, List<String> texts) {
        for (Map.Entry<String, K> rule : rules) {
            for (String text : texts) {
                if (text.contains(rule.getKey())) {
                    return rule.getValue();
                }
            }
        }
        return null;
    }

    private static <K> void register(TaxonomyProperties.Rule rule, K kind, Map<String, K> events,
                                     List<Map.Entry<String, K>> pages) {
        rule.events().forEach(name -> events.put(normal(name), kind));
        rule.pages().forEach(fragment -> pages.add(Map.entry(normal(fragment), kind)));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String slug) {
        try {
            return Enum.valueOf(type, slug.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalStateException("lifecycle.taxonomy: unknown " + type.getSimpleName() + " '" + slug + "'");
        }
    }

    private static String normal(String text) {
        return text.trim().toLowerCase(Locale.ROOT);
    }

    /** Segment's Order Completed carries {@code revenue}, else {@code total}, else {@code value}. */
    private static BigDecimal revenue(JsonNode properties) {
        for (String field : new String[] {"revenue", "total", "value"}) {
            JsonNode value = properties.get(field);
            if (value != null && (value.isNumber() || value.isTextual())) {
                return amount(value.asText().trim());
            }
        }
        return BigDecimal.ZERO;
    }

    /**
     * An amount below 10^12, to four decimal places; anything else counts as no revenue. The magnitude is checked
     * before rounding: rounding {@code 1e300000000} or {@code 1e-300000000} to four places takes minutes.
     */
    private static BigDecimal amount(String text) {
        try {
            BigDecimal amount = new BigDecimal(text);
            if (amount.abs().compareTo(MAX_AMOUNT) >= 0 || amount.abs().compareTo(LEAST_AMOUNT) < 0) {
                return BigDecimal.ZERO;
            }
            return amount.setScale(4, RoundingMode.HALF_UP);
        } catch (NumberFormatException | ArithmeticException notAnAmount) {
            return BigDecimal.ZERO;
        }
    }
}
