package io.lifecycleengine.messaging;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
 * @param connectionReuse how SMTP connections are kept open between messages
 */
@ConfigurationProperties("lifecycle.messaging")
public record MessagingProperties(String from, String productName, String publicBaseUrl, String linkSecret,
                                  Duration sendLease, List<String> transactionalKinds, FrequencyCap frequencyCap,
                                  Map<String, Double> holdout, QuietHours quietHours, String delivery,
                                  ConnectionReuse connectionReuse) {

    public MessagingProperties {
        sendLease = sendLease == null ? Duration.ofMinutes(7) : sendLease;
        frequencyCap = frequencyCap == null ? new FrequencyCap(3, Duration.ofDays(7)) : frequencyCap;
        quietHours = quietHours == null ? new QuietHours(LocalTime.of(8, 0), LocalTime.of(21, 0), ZoneId.of("UTC")) : quietHours;
        transactionalKinds = transactionalKinds == null ? List.of() : List.copyOf(transactionalKinds);
        holdout = holdout == null ? Map.of() : holdoutByKind(holdout);
        delivery = delivery == null ? "smtp" : delivery;
        // links are the base URL and a path: "https://host/" would make "https://host//unsubscribe", which answers 404
        publicBaseUrl = publicBaseUrl == null ? null : publicBaseUrl.replaceAll("/+$", "");
        connectionReuse = connectionReuse == null ? new ConnectionReuse(0, null, null) : connectionReuse;
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
        return holdout.getOrDefault(kindName(kind), 0.0);
    }

    /**
     * An environment variable names a kind with underscores, which Spring turns into dots
     * ({@code LIFECYCLE_MESSAGING_HOLDOUT_RE_ENGAGEMENT}: {@code re.engagement}); kinds are named with hyphens.
     */
    private static Map<String, Double> holdoutByKind(Map<String, Double> shares) {
        Map<String, Double> byKind = new HashMap<>();
        shares.forEach((kind, share) -> {
            if (share == null || share < 0 || share > 1) {
                throw new IllegalArgumentException("lifecycle.messaging.holdout." + kind + " must be a share from 0 to 1, not " + share);
            }
            byKind.put(kindName(kind), share);
        });
        return Map.copyOf(byKind);
    }

    private static String kindName(String kind) {
        return kind.toLowerCase(Locale.ROOT).replace('.', '-').replace('_', '-');
    }

    public record FrequencyCap(int max, Duration window) {

        public FrequencyCap {
            if (max < 0) {
                throw new IllegalArgumentException("lifecycle.messaging.frequency-cap.max (LIFECYCLE_MESSAGING_FREQUENCY_CAP_MAX)"
                        + " must be 0 or more, not " + max);
            }
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("lifecycle.messaging.frequency-cap.window (LIFECYCLE_MESSAGING_FREQUENCY_CAP_WINDOW)"
                        + " must be a positive duration such as P7D, not " + (window == null ? "empty" : window));
            }
        }
    }

    /**
     * @param maxMessages messages one connection carries before it is closed; 1 opens a connection per message
     * @param idleTimeout a connection unused this long is closed
     * @param checkAfter a connection unused this long is checked with NOOP before its next message
     */
    public record ConnectionReuse(int maxMessages, Duration idleTimeout, Duration checkAfter) {

        public ConnectionReuse {
            maxMessages = maxMessages <= 0 ? 100 : maxMessages;
            idleTimeout = idleTimeout == null ? Duration.ofSeconds(30) : idleTimeout;
            checkAfter = checkAfter == null ? Duration.ofSeconds(1) : checkAfter;
        }
    }

    /**
     * The daily send window {@code sendFrom}–{@code sendUntil} in the user's zone (trait {@code timezone},
     * else {@code defaultZone}); a window that ends before it starts spans midnight, and equal ends mean
     * no quiet hours at all.
     */
    public record QuietHours(LocalTime sendFrom, LocalTime sendUntil, ZoneId defaultZone) {

        public QuietHours {
            required(sendFrom, "send-from", "a time of day such as 08:00");
            required(sendUntil, "send-until", "a time of day such as 21:00");
            required(defaultZone, "default-zone", "a time zone such as UTC or Europe/Berlin");
        }

        // an empty environment variable binds as null: a silent default would send at hours the operator did not choose
        private static void required(Object value, String name, String expected) {
            if (value == null) {
                throw new IllegalArgumentException("lifecycle.messaging.quiet-hours." + name + " (LIFECYCLE_MESSAGING_QUIET_HOURS_"
                        + name.toUpperCase(Locale.ROOT).replace('-', '_') + ") must be " + expected + ", not empty");
            }
        }
    }
}
