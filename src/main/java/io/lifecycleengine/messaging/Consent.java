package io.lifecycleengine.messaging;

import io.lifecycleengine.profile.BehaviorProfile;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
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

    Consent(Suppressions suppressions, LinkSigner signer, MessagingProperties properties, Clock clock) {
        this.suppressions = suppressions;
        this.signer = signer;
        this.properties = properties;
        this.clock = clock;
    }

    String unsubscribeUrl(String userId) {
        return properties.publicBaseUrl() + UNSUBSCRIBE_PATH + "?u=" + URLEncoder.encode(userId, StandardCharsets.UTF_8)
                + "&s=" + signer.sign(UNSUBSCRIBE, userId);
    }

    /** A mailto address for clients without one-click support; the signature names the user. */
    String unsubscribeMailto(String userId) {
        return "unsubscribe@" + senderDomain() + "?subject=" + URLEncoder.encode("unsubscribe " + userId + " "
                + signer.sign(UNSUBSCRIBE, userId), StandardCharsets.UTF_8).replace("+", "%20");
    }

    boolean isValidUnsubscribeLink(String userId, String signature) {
        return signer.verify(UNSUBSCRIBE, userId, signature);
    }

    /** Suppresses the user's marketing email; the caller has verified the link. */
    void unsubscribe(String userId) {
        if (suppressions.suppress(userId, "link", clock.instant())) {
            log.info("User {} unsubscribed from marketing email", userId);
        }
    }

    boolean isSuppressed(String userId) {
        return suppressions.isSuppressed(userId);
    }

    boolean hasOptedOut(BehaviorProfile profile) {
        return "true".equalsIgnoreCase(profile.trait("unsubscribed")) || suppressions.isSuppressed(profile.userId());
    }

    private String senderDomain() {
        try {
            String address = new InternetAddress(properties.from()).getAddress();
            return address.substring(address.indexOf('@') + 1);
        } catch (AddressException | StringIndexOutOfBoundsException invalid) {
            return "localhost";
        }
    }
}
