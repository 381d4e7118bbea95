package io.lifecycleengine.messaging;

import io.lifecycleengine.system.BadRequestException;
import io.lifecycleengine.system.Hashes;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Opens and clicks of sent messages: the first of each goes into the message's status history, and
 * every one is published as an {@link EmailEngagement} for the user's behavior profile. A click that cannot be
 * recorded (the database away) still leads to its destination.
 */
@Service
class MessageFeedback {

    private static final Logger log = LoggerFactory.getLogger(MessageFeedback.class);

    private final Outbox outbox;
    private final TrackedLinks links;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    MessageFeedback(Outbox outbox, TrackedLinks links, ApplicationEventPublisher events, Clock clock) {
        this.outbox = outbox;
        this.links = links;
        this.events = events;
        this.clock = clock;
    }

    void opened(long emailId, String signature) {
        if (!links.isValidOpen(emailId, signature)) {
            throw invalidLink();
        }
        sentMessage(emailId).ifPresent(message -> record(message, MessageStatus.OPENED, EmailEngagement.OPENED,
                "email-opened-" + emailId, null));
    }

    /** @return where the link leads */
    String clicked(long emailId, String url, String signature) {
        if (!links.isValidClick(emailId, url, signature)) {
            throw invalidLink();
        }
        try {
            sentMessage(emailId).ifPresent(message -> record(message, MessageStatus.CLICKED, EmailEngagement.LINK_CLICKED,
                    "email-link-clicked-" + emailId + "-" + Hashes.sha256Hex(url, 8), url));
        } catch (RuntimeException notRecorded) {
            // the signature vouches for the destination: the person clicking gets there while the database is away
            log.warn("Click on email {} not recorded: {}", emailId, notRecorded.toString());
        }
        return url;
    }

    private void record(OutboxRow message, MessageStatus status, String event, String dedupeKey, String url) {
        Instant now = clock.instant();
        if (!outbox.hasHistory(message.id(), status)) {
            outbox.addHistory(message.id(), status, url, now);
        }
        events.publishEvent(new EmailEngagement(message.userId(), event, dedupeKey, message.id(), message.kind(), url, now));
    }

    private Optional<OutboxRow> sentMessage(long emailId) {
        return outbox.find(emailId).filter(row -> row.status() == MessageStatus.SENT);
    }

    private static BadRequestException invalidLink() {
        return new BadRequestException("This email link is not valid: it was changed or is incomplete. "
                + "Use the link from the email as it is.");
    }
}
