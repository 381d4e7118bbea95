package io.lifecycleengine.messaging;

import io.lifecycleengine.profile.BehaviorProfile;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Who may get marketing email: signed one-click unsubscribe links, and opt-outs from identify traits. */
@Service
public class Consent {

    static final String UNSUBSCRIBE = "unsubscribe";
    static final String UNSUBSCRIBE_PATH = "/unsubscribe";
    private static final Logger log = LoggerFactory.getLogger(Consent.class);

    private final Suppressions suppressions;
    private final LinkSigner signer;
    private final MessagingProperties properties;
    private final Clock clock;
    private final MergedUsers merged;

    Consent(Suppressions suppressions, LinkSigner signer, MessagingProperties properties, Clock clock, MergedUsers merged) {
        this.suppressions = suppressions;
        this.signer = signer;
        this.properties = properties;
        this.clock = clock;
        this.merged = merged;
    }

    String unsubscribeUrl(String userId) {
        return properties.publicBaseUrl() + UNSUBSCRIBE_PATH + "?u=" + URLEncoder.encode(userId, StandardCharsets.UTF_8)
                + "&s=" + signer.sign(UNSUBSCRIBE, userId);
    }

    boolean isValidUnsubscribeLink(String userId, String signature) {
        return signer.verify(UNSUBSCRIBE, userId, signature);
    }

    /**
     * Suppresses the user's marketing email, and the email of the user they were merged into since the link was sent
     * (the same person); the caller has verified the link.
     */
    void unsubscribe(String userId) {
        if (suppressions.suppress(userId, "link", clock.instant())) {
            log.info("User {} unsubscribed from marketing email", userId);
        }
        String survivor = merged.survivorOf(userId);
        if (!survivor.equals(userId) && suppressions.suppress(survivor, "link", clock.instant())) {
            log.info("User {} unsubscribed from marketing email (by a link sent to {}, merged into them)", survivor, userId);
        }
    }

    /** An unsubscribe is the person's: it follows a merge by alias. */
    void moveSuppression(String fromUserId, String toUserId) {
        if (suppressions.isSuppressed(fromUserId) && suppressions.suppress(toUserId, "merged", clock.instant())) {
            log.info("User {} keeps the unsubscribe of user {}, merged into them", toUserId, fromUserId);
        }
    }

    boolean isSuppressed(String userId) {
        return suppressions.isSuppressed(userId);
    }

    boolean hasOptedOut(BehaviorProfile profile) {
        return "true".equalsIgnoreCase(profile.trait("unsubscribed")) || suppressions.isSuppressed(profile.userId());
    }
}
