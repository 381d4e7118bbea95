package io.lifecycleengine.messaging;

import io.lifecycleengine.profile.BehaviorProfile;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.segment.SegmentService;
import io.lifecycleengine.system.Hashes;
import io.lifecycleengine.system.NotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers journey messages through the outbox: each request is recorded under its idempotency key
 * in its own transaction before and after the SMTP hand-off, so a retried job finds the message sent
 * and does not mail again.
 */
@Service
public class MessagingService {

    private static final Logger log = LoggerFactory.getLogger(MessagingService.class);
    private static final Pattern LINE_BREAKS_AND_SPACES = Pattern.compile("[\\p{Cc}\\p{Z}]+");
    private static final int MAX_FIRST_NAME = 100;

    private final Outbox outbox;
    private final ProfileService profiles;
    private final SegmentService segments;
    private final MailComposer composer;
    private final JavaMailSenderImpl mailSender;
    private final SmtpConnections smtp;
    private final MessagingProperties properties;
    private final TransactionTemplate ownTransaction;
    private final Consent consent;
    private final TrackedLinks trackedLinks;
    private final Clock clock;

    MessagingService(Outbox outbox, ProfileService profiles, SegmentService segments, MailComposer composer,
                     JavaMailSenderImpl mailSender, SmtpConnections smtp, MessagingProperties properties,
                     PlatformTransactionManager transactionManager, Consent consent, TrackedLinks trackedLinks,
                     Clock clock) {
        this.outbox = outbox;
        this.consent = consent;
        this.trackedLinks = trackedLinks;
        this.profiles = profiles;
        this.segments = segments;
        this.composer = composer;
        this.mailSender = mailSender;
        this.smtp = smtp;
        this.properties = properties;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * @return the message's status after this call: SENT or SKIPPED
     * @throws DeliveryFailedException when SMTP did not take the message; the caller retries
     */
    public MessageStatus deliver(MessageRequest request) {
        Outbox.Claim claim = claim(request);
        OutboxRow row = claim.row();
        if (row.status().isFinal()) {
            return row.status();
        }
        BehaviorProfile profile = profiles.find(request.userId()).orElse(null);
        String skipReason = skipReason(request.kind(), profile);
        if (skipReason != null) {
            ownTransaction.executeWithoutResult(status -> outbox.markSkipped(row.id(), skipReason, clock.instant()));
            log.info("Message {} for user {} skipped: {}", request.kind(), request.userId(), skipReason);
            return MessageStatus.SKIPPED;
        }
        String smtpMessageId = "<" + Hashes.sha256Hex(request.idempotencyKey(), 16) + "@lifecycle-engine>";
        ComposedMail mail;
        try {
            mail = trackedLinks.track(row.id(), composer.compose(request.kind(), model(profile)));
            if (!properties.recordOnly()) {
                smtp.send(mime(profile, mail, smtpMessageId, properties.isMarketing(request.kind())));
            }
        } catch (RuntimeException | MessagingException e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            boolean recorded = Boolean.TRUE.equals(ownTransaction.execute(status ->
                    outbox.markFailed(row.id(), claim.leaseOwner(), error, clock.instant())));
            MessageStatus outcome = recorded ? MessageStatus.FAILED : outbox.find(row.id()).map(OutboxRow::status).orElseThrow();
            if (outcome.isFinal()) {
                log.warn("Message {} for user {} failed after its send lease expired, and another sender had it {} meanwhile: {}",
                        request.kind(), request.userId(), outcome.slug(), error);
                return outcome;
            }
            log.warn("Message {} for user {} failed: {}", request.kind(), request.userId(), error);
            throw new DeliveryFailedException("Could not deliver " + request.kind() + " to user " + request.userId()
                    + ": " + error, mailServerAway(e), e);
        }
        ownTransaction.executeWithoutResult(status ->
                outbox.markSent(row.id(), profile.email(), mail.subject(), smtpMessageId, clock.instant()));
        log.info("Message {} sent to user {}", request.kind(), request.userId());
        return MessageStatus.SENT;
    }

    /**
     * Records the message as skipped for the given reason without sending it, e.g. one that waited out the
     * user's quiet hours while the journey moved on to another stage.
     *
     * @return SKIPPED, or the status the message had reached before (a retried call changes nothing)
     */
    public MessageStatus skip(MessageRequest request, String reason) {
        OutboxRow row = claim(request).row();
        if (row.status().isFinal()) {
            return row.status();
        }
        ownTransaction.executeWithoutResult(status -> outbox.markSkipped(row.id(), reason, clock.instant()));
        log.info("Message {} for user {} skipped: {}", request.kind(), request.userId(), reason);
        return MessageStatus.SKIPPED;
    }

    /**
     * A user merged into another by alias: their messages, the frequency cap they count towards and their unsubscribe
     * become the other's.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void moveMessages(String fromUserId, String toUserId) {
        outbox.moveUser(fromUserId, toUserId);
        consent.moveSuppression(fromUserId, toUserId);
    }

    /**
     * Queues the message unless queued before and takes its send lease.
     *
     * @return its row, final when it was sent or skipped before, else with the lease this caller now holds
     * @throws DeliveryInProgressException when another sender holds the lease
     */
    private Outbox.Claim claim(MessageRequest request) {
        ownTransaction.executeWithoutResult(status -> outbox.queue(request, clock.instant()));
        Outbox.Claim claim = ownTransaction.execute(status -> outbox.lease(request, clock.instant(), properties.sendLease()));
        OutboxRow row = claim.row();
        if (row.status().isFinal()) {
            log.info("Message {} for user {} already {}; not sending again", request.kind(), request.userId(),
                    row.status().slug());
            return claim;
        }
        if (!claim.leased()) {
            throw new DeliveryInProgressException("Message " + request.kind() + " for user " + request.userId()
                    + " is being sent by another sender; its outcome decides");
        }
        return claim;
    }

    /**
     * Whether the SMTP server answers now (a connection and greeting, no message): lets failed sends be
     * retried as soon as it is back instead of at their next backoff step.
     */
    public boolean mailServerReachable() {
        if (properties.recordOnly()) {
            return true;
        }
        try {
            mailSender.testConnection();
            return true;
        } catch (MessagingException unreachable) {
            return false;
        }
    }

    /**
     * Whether SMTP failed because the mail server did not answer, rather than answering the message with an error reply
     * (an SMTP exception with the server's reply code; one without a code, -1, is a connection that ended).
     */
    private static boolean mailServerAway(Exception failure) {
        if (!(failure instanceof MessagingException)) {
            return false;
        }
        for (Exception e = failure; e != null; e = e instanceof MessagingException chained ? chained.getNextException() : null) {
            if (replyCode(e) > 0) {
                return false;
            }
        }
        return true;
    }

    private static int replyCode(Exception e) {
        if (e instanceof SMTPSendFailedException sendFailed) {
            return sendFailed.getReturnCode();
        }
        if (e instanceof SMTPAddressFailedException addressFailed) {
            return addressFailed.getReturnCode();
        }
        return e instanceof SMTPSenderFailedException senderFailed ? senderFailed.getReturnCode() : 0;
    }

    /** The templates, with their message kind's policy. */
    List<TemplateInfo> templates() {
        return composer.templates().stream().map(template -> new TemplateInfo(template.kind(),
                properties.isMarketing(template.kind()), properties.holdoutShare(template.kind()), template.variesBy()))
                .toList();
    }

    /** Renders a message kind for a user as it would go out now, without sending or recording anything. */
    public Preview preview(String kind, String userId) {
        if (!composer.exists(kind)) {
            throw new NotFoundException("No template for message kind '" + kind + "'");
        }
        BehaviorProfile profile = profiles.find(userId)
                .orElseThrow(() -> new NotFoundException("No user '" + userId + "'"));
        ComposedMail mail = composer.compose(kind, model(profile));
        return new Preview(kind, userId, profile.email(), mail.subject(), mail.preheader(), mail.text(), mail.html(),
                skipReason(kind, profile));
    }

    /** How many messages of each kind ended how (sent, skipped for a reason, failed), over all users. */
    public List<MessageOutcome> outcomes() {
        return outbox.outcomes();
    }

    public List<SentMessage> messagesOf(String userId) {
        List<OutboxRow> rows = outbox.ofUser(userId);
        Map<Long, List<SentMessage.StatusChange>> histories = outbox.historiesOf(rows.stream().map(OutboxRow::id).toList());
        return rows.stream().map(row -> new SentMessage(row.kind(), row.status().slug(), row.updatedAt(),
                row.statusReason(), histories.getOrDefault(row.id(), List.of()))).toList();
    }

    /**
     * One address of one mailbox: a group ({@code "friends: a@x, b@y;"}) or a list passes the mail library's check of an
     * address, and the library would then mail everyone in it.
     */
    private static boolean isOneMailbox(String email) {
        try {
            InternetAddress[] addresses = InternetAddress.parse(email, true);
            if (addresses.length != 1 || addresses[0].isGroup()) {
                return false;
            }
            addresses[0].validate();
            return true;
        } catch (AddressException invalid) {
            return false;
        }
    }

    /** Why the message must not go out, or null. Holdouts do not count towards the frequency cap. */
    private String skipReason(String kind, BehaviorProfile profile) {
        if (profile == null || profile.email() == null) {
            return "no-email";
        }
        if (!isOneMailbox(profile.email())) {
            return "invalid-email";
        }
        if (!properties.isMarketing(kind)) {
            return null;
        }
        if (consent.hasOptedOut(profile)) {
            return "unsubscribed";
        }
        if (Holdout.isHeldOut(kind, profile.userId(), properties.holdoutShare(kind))) {
            return "holdout";
        }
        MessagingProperties.FrequencyCap cap = properties.frequencyCap();
        if (outbox.sentSince(profile.userId(), clock.instant().minus(cap.window()), properties.transactionalKinds()) >= cap.max()) {
            return "frequency-cap";
        }
        return null;
    }

    private Map<String, Object> model(BehaviorProfile profile) {
        Map<String, Object> model = new HashMap<>();
        String firstName = profile.trait("firstName");
        if (firstName == null || firstName.isBlank()) {
            String name = profile.trait("name");
            firstName = name == null ? null : name.strip().split("\\s+")[0];
        }
        model.put("firstName", greeting(firstName));
        model.put("product", properties.productName());
        model.put("baseUrl", properties.publicBaseUrl());
        model.put("unsubscribeUrl", consent.unsubscribeUrl(profile.userId()));
        model.put("activeDays7d", profile.activeDays7d());
        model.put("activeDays30d", profile.activeDays30d());
        model.put("purchases", profile.purchases());
        model.put("revenue", profile.revenue());
        model.put("intent", profile.lastIntentKind() == null ? "none" : profile.lastIntentKind().slug());
        model.put("segments", segments.membershipsOf(profile.userId()));
        model.put("daysSinceLastActivity", profile.lastActivityAt() == null ? null
                : Duration.between(profile.lastActivityAt(), clock.instant()).toDays());
        return model;
    }

    /**
     * The name on one line (line breaks and other control characters in a trait would break the text part's greeting
     * into lines of the user's making), and short enough for a subject line: a longer one is no first name.
     */
    private static String greeting(String firstName) {
        if (firstName == null) {
            return null;
        }
        String oneLine = LINE_BREAKS_AND_SPACES.matcher(firstName).replaceAll(" ").strip();
        return oneLine.isEmpty() || oneLine.codePointCount(0, oneLine.length()) > MAX_FIRST_NAME ? null : oneLine;
    }

    private MimeMessage mime(BehaviorProfile profile, ComposedMail mail, String smtpMessageId, boolean marketing)
            throws MessagingException {
        MimeMessage message = new FixedIdMimeMessage(mailSender.getSession(), smtpMessageId);
        MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_RELATED,
                StandardCharsets.UTF_8.name());
        helper.setFrom(properties.from());
        helper.setTo(profile.email());
        if (marketing) {
            // RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe that POSTs to the link (no mailto: nothing
            // here reads a mailbox, and an unsubscribe sent there would be lost); transactional mail has nothing to stop
            message.setHeader("List-Unsubscribe", "<" + consent.unsubscribeUrl(profile.userId()) + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        helper.setSubject(mail.subject());
        helper.setText(mail.text(), mail.html());
        message.setSentDate(Date.from(clock.instant()));
        return message;
    }
}
