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
        quietHours = quietHours == null ? new QuietHours(null, null, null) : quietHours;
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
            sendFrom = sendFrom == null ? LocalTime.of(8, 0) : sendFrom;
            sendUntil = sendUntil == null ? LocalTime.of(21, 0) : sendUntil;
            defaultZone = defaultZone == null ? ZoneId.of("UTC") : defaultZone;
        }
    }
}
