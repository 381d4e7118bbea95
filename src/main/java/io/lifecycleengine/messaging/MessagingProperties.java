package io.lifecycleengine.messaging;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How journey messages are sent.
 *
 * @param from sender address
 * @param productName product name used in templates
 * @param publicBaseUrl public URL that links in messages point to
 * @param linkSecret key that signs unsubscribe links (HMAC-SHA256)
 * @param sendLease how long one sender owns a message it hands to SMTP before another may try
 * @param transactionalKinds message kinds that are not marketing: never capped, held out or suppressed
 * @param frequencyCap at most this many marketing messages per user per rolling window
 * @param holdout per message kind, the share of users (0 to 1) whose sends are skipped as a control group
 * @param quietHours when marketing messages may go out, in the user's time zone
 * @param delivery {@code smtp}, or {@code record} to compose and record messages without handing them to
 *        SMTP (the backtest)
 */
@ConfigurationProperties("lifecycle.messaging")
public record MessagingProperties(String from, String productName, String publicBaseUrl, String linkSecret,
                                  Duration sendLease, List<String> transactionalKinds, FrequencyCap frequencyCap,
                                  Map<String, Double> holdout, QuietHours quietHours, String delivery) {

    public MessagingProperties {
        sendLease = sendLease == null ? Duration.ofMinutes(2) : sendLease;
        quietHours = quietHours == null ? new QuietHours(null, null, null) : quietHours;
        transactionalKinds = transactionalKinds == null ? List.of() : List.copyOf(transactionalKinds);
        holdout = holdout == null ? Map.of() : Map.copyOf(holdout);
        delivery = delivery == null ? "smtp" : delivery;
        if (!delivery.equals("smtp") && !delivery.equals("record")) {
            throw new IllegalArgumentException("lifecycle.messaging.delivery must be smtp or record, not " + delivery);
        }
    }

    boolean recordOnly() {
        return delivery.equals("record");
    }

    boolean isMarketing(String kind) {
        return !transactionalKinds.contains(kind);
    }

    double holdoutShare(String kind) {
        return holdout.getOrDefault(kind, 0.0);
    }

    public record FrequencyCap(int max, Duration window) {
    }

    /**
     * The daily send window {@code sendFrom}–{@code sendUntil} in the user's zone (trait {@code timezone},
     * else {@code defaultZone}); a window that ends before it starts spans midnight, and equal ends mean
     * no quiet hours at all.
     */
    public record QuietHours(LocalTime sendFrom, LocalTime sendUntil, ZoneId defaultZone) {

        public QuietHours {
            sendFrom = sendFrom == null ? LocalTime.of(8, 0) : sendFrom;
            sendUntil = sendUntil == null ? LocalTime.of(21, 0) : sendUntil;
            defaultZone = defaultZone == null ? ZoneId.of("UTC") : defaultZone;
        }
    }
}
