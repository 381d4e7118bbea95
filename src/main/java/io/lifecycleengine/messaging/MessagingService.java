package io.lifecycleengine.messaging;

import io.lifecycleengine.profile.BehaviorProfile;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.segment.SegmentService;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers journey messages through the outbox: each request is recorded under its idempotency key
 * in its own transaction before and after the SMTP hand-off, so a retried job finds the message sent
 * and does not mail again.
 */
@Service
public class MessagingService {

    private static final Logger log = LoggerFactory.getLogger(MessagingService.class);

    private final Outbox outbox;
    private final ProfileService profiles;
    private final SegmentService segments;
    private final MailComposer composer;
    private final JavaMailSenderImpl mailSender;
    private final MessagingProperties properties;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    MessagingService(Outbox outbox, ProfileService profiles, SegmentService segments, MailComposer composer,
                     JavaMailSenderImpl mailSender, MessagingProperties properties,
                     PlatformTransactionManager transactionManager, Clock clock) {
        this.outbox = outbox;
        this.profiles = profiles;
        this.segments = segments;
        this.composer = composer;
        this.mailSender = mailSender;
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
        OutboxRow row = ownTransaction.execute(status -> outbox.claim(request, clock.instant()));
        if (row.status().isFinal()) {
            log.info("Message {} for user {} already {}; not sending again", request.kind(), request.userId(),
                    row.status().slug());
            return row.status();
        }
        BehaviorProfile profile = profiles.find(request.userId()).orElse(null);
        String skipReason = skipReason(profile);
        if (skipReason != null) {
            ownTransaction.executeWithoutResult(status -> outbox.markSkipped(row.id(), skipReason, clock.instant()));
            log.info("Message {} for user {} skipped: {}", request.kind(), request.userId(), skipReason);
            return MessageStatus.SKIPPED;
        }
        String smtpMessageId = "<" + digest(request.idempotencyKey()) + "@lifecycle-engine>";
        ComposedMail mail;
        try {
            mail = composer.compose(request.kind(), model(profile));
            mailSender.send(mime(profile.email(), mail, smtpMessageId));
        } catch (RuntimeException | MessagingException e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            ownTransaction.executeWithoutResult(status -> outbox.markFailed(row.id(), error, clock.instant()));
            log.warn("Message {} for user {} failed: {}", request.kind(), request.userId(), error);
            throw new DeliveryFailedException("Could not deliver " + request.kind() + " to user " + request.userId()
                    + ": " + error, e);
        }
        ownTransaction.executeWithoutResult(status ->
                outbox.markSent(row.id(), profile.email(), mail.subject(), smtpMessageId, clock.instant()));
        log.info("Message {} sent to user {}", request.kind(), request.userId());
        return MessageStatus.SENT;
    }

    public List<SentMessage> messagesOf(String userId) {
        return outbox.ofUser(userId).stream()
                .map(row -> new SentMessage(row.kind(), row.status().slug(), row.updatedAt(), row.statusReason()))
                .toList();
    }

    private static String skipReason(BehaviorProfile profile) {
        if (profile == null || profile.email() == null) {
            return "no-email";
        }
        try {
            new InternetAddress(profile.email(), true).validate();
            return null;
        } catch (AddressException invalid) {
            return "invalid-email";
        }
    }

    private Map<String, Object> model(BehaviorProfile profile) {
        Map<String, Object> model = new HashMap<>();
        String firstName = profile.trait("firstName");
        if (firstName == null) {
            String name = profile.trait("name");
            firstName = name == null ? null : name.split("\\s+")[0];
        }
        model.put("firstName", firstName == null || firstName.isBlank() ? "there" : firstName);
        model.put("product", properties.productName());
        model.put("baseUrl", properties.publicBaseUrl());
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

    private MimeMessage mime(String recipient, ComposedMail mail, String smtpMessageId) throws MessagingException {
        MimeMessage message = new FixedIdMimeMessage(mailSender.getSession(), smtpMessageId);
        MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_RELATED,
                StandardCharsets.UTF_8.name());
        helper.setFrom(properties.from());
        helper.setTo(recipient);
        helper.setSubject(mail.subject());
        helper.setText(mail.text(), mail.html());
        return message;
    }

    private static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
