package io.lifecycleengine.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.ingest.BehaviorEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/** Reads the behavior signals out of one event (Segment's semantic event names). */
final class EventClassifier {

    private static final Map<String, IntentKind> INTENT_EVENTS = Map.of(
            "pricing page viewed", IntentKind.PRICING_PAGE,
            "product added", IntentKind.CART,
            "checkout started", IntentKind.CHECKOUT,
            "demo requested", IntentKind.DEMO);
    private static final String ORDER_COMPLETED = "order completed";
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

    private EventClassifier() {
    }

    static BehaviorSignals classify(BehaviorEvent event) {
        return switch (event.type()) {
            case TRACK -> track(event);
            case PAGE, SCREEN -> new BehaviorSignals(true, true, pricingPage(event) ? IntentKind.PRICING_PAGE : null,
                    false, BigDecimal.ZERO);
            case IDENTIFY, ALIAS, GROUP -> new BehaviorSignals(false, false, null, false, BigDecimal.ZERO);
        };
    }

    private static BehaviorSignals track(BehaviorEvent event) {
        String name = event.name().toLowerCase(Locale.ROOT);
        boolean purchase = name.equals(ORDER_COMPLETED);
        return new BehaviorSignals(true, false, INTENT_EVENTS.get(name), purchase,
                purchase ? revenue(event.properties()) : BigDecimal.ZERO);
    }

    private static boolean pricingPage(BehaviorEvent event) {
        return mentionsPricing(event.name()) || mentionsPricing(event.property("path"))
                || mentionsPricing(event.property("url"));
    }

    private static boolean mentionsPricing(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains("pricing");
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

    /** An amount that fits the profile's DECIMAL(19,4); anything else counts as no revenue. */
    private static BigDecimal amount(String text) {
        try {
            BigDecimal amount = new BigDecimal(text).setScale(4, RoundingMode.HALF_UP);
            return amount.abs().compareTo(MAX_AMOUNT) < 0 ? amount : BigDecimal.ZERO;
        } catch (NumberFormatException | ArithmeticException notAnAmount) {
            return BigDecimal.ZERO;
        }
    }
}
