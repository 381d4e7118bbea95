package io.lifecycleengine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * SMTP down for minutes (issue 6), run by {@code docs/bench/smtp-outage.sh} against a running server on
 * MySQL/MariaDB with its job executor on: nothing listens on the SMTP port while {@code bench.users} users
 * sign up (an identify with an email each, spread over the first third of the outage), then a GreenMail
 * in this JVM starts. Watched every 10 s from the database: the welcomes by status, failed attempts, the
 * journeys' failed jobs and open incidents. Afterwards every user must have exactly one welcome in the
 * SMTP server's mailbox and one SENT in the outbox: nothing lost, nothing sent twice.
 */
class SmtpOutageRun {

    private final BenchTarget target = new BenchTarget();
    private final int users = Integer.getInteger("bench.users", 300);
    private final Duration outage = Duration.ofSeconds(Long.getLong("bench.outage-seconds", 180));
    private final Duration deliveryLimit = Duration.ofMinutes(Long.getLong("bench.delivery-minutes", 15));
    private final int smtpPort = Integer.getInteger("bench.smtp-port", 2528);
    private final String run = "smtp-" + Long.toString(System.currentTimeMillis(), 36);
    private final StringBuilder timeline = new StringBuilder("""
            | at (s) | SMTP | welcomes queued · failed · sent | failed attempts | journeys' jobs with an error | open incidents |
            |---|---|---|---|---|---|
            """);

    @Test
    void mailHeldBackByAnOutageIsDeliveredOnceAfterIt() throws Exception {
        assumeTrue(target.given(), "run through docs/bench/smtp-outage.sh");
        Instant start = Instant.now();
        long spacing = outage.toMillis() / 3 / users;
        try (Connection db = target.database()) {
            int signedUp = 0;
            long nextLook = 0;
            while (Duration.between(start, Instant.now()).compareTo(outage) < 0) {
                if (signedUp < users) {
                    String user = run + "-" + signedUp++;
                    assertThat(target.post("/v1/identify", "{\"userId\":\"" + user + "\",\"traits\":{\"email\":\"" + user
                            + "@example.com\"}}")).as("sign-up of %s accepted", user).isTrue();
                }
                long elapsed = Duration.between(start, Instant.now()).toMillis();
                if (elapsed >= nextLook) {
                    look(db, start, "down");
                    nextLook += 10_000;
                }
                Thread.sleep(signedUp < users ? spacing : 200);
            }
            look(db, start, "down");

            GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            Instant recovered = Instant.now();
            try {
                long lookEvery = 30_000;
                long nextRecoveredLook = lookEvery;
                while (sent(db) < users && Duration.between(recovered, Instant.now()).compareTo(deliveryLimit) < 0) {
                    Thread.sleep(2_000);
                    if (Duration.between(recovered, Instant.now()).toMillis() >= nextRecoveredLook) {
                        look(db, start, "up");
                        nextRecoveredLook += lookEvery;
                    }
                }
                Thread.sleep(30_000); // a second delivery of any message would show by now
                look(db, start, "up");
                summarize(db, smtp, start, recovered);
            } finally {
                smtp.stop();
            }
        }
    }

    private void summarize(Connection db, GreenMail smtp, Instant start, Instant recovered) throws Exception {
        Map<String, Integer> received = new TreeMap<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            received.merge(recipient(message), 1, Integer::sum);
        }
        long delivered = received.keySet().stream().filter(address -> address.startsWith(run + "-")).count();
        long twice = received.values().stream().filter(count -> count > 1).count();
        long lost = users - delivered;
        Instant lastSent = lastSent(db);
        String summary = String.format(Locale.ROOT, """
                | users signed up during the outage | SMTP down | failed attempts | delivered after recovery | sent twice | lost | recovery → last welcome accepted |
                |---|---|---|---|---|---|---|
                | %d | %d s | %d | %d | %d | %d | %s |

                %s""", users, Duration.between(start, recovered).toSeconds(), failedAttempts(db), delivered, twice, lost,
                lastSent == null ? "-" : Duration.between(recovered, lastSent).toSeconds() + " s", timeline);
        BenchTarget.report("smtp-outage", summary);
        assertThat(lost).as("welcomes never delivered").isZero();
        assertThat(twice).as("welcomes delivered twice").isZero();
    }

    private void look(Connection db, Instant start, String smtp) throws SQLException {
        Map<String, Long> byStatus = new TreeMap<>();
        try (PreparedStatement query = db.prepareStatement(
                "SELECT status, COUNT(*) FROM message_outbox WHERE user_id LIKE ? AND kind = 'welcome' GROUP BY status")) {
            query.setString(1, run + "-%");
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    byStatus.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        timeline.append(String.format(Locale.ROOT, "| %d | %s | %d · %d · %d | %d | %d | %d |%n",
                Duration.between(start, Instant.now()).toSeconds(), smtp, byStatus.getOrDefault("QUEUED", 0L),
                byStatus.getOrDefault("FAILED", 0L), byStatus.getOrDefault("SENT", 0L), failedAttempts(db),
                BenchTarget.count(db, "SELECT COUNT(*) FROM ACT_RU_JOB WHERE EXCEPTION_MSG_ IS NOT NULL"),
                BenchTarget.count(db, "SELECT COUNT(*) FROM ACT_RU_INCIDENT WHERE ID_ = ROOT_CAUSE_INCIDENT_ID_")));
    }

    private long sent(Connection db) throws SQLException {
        return countForRun(db, "SELECT COUNT(*) FROM message_outbox WHERE user_id LIKE ? AND kind = 'welcome' AND status = 'SENT'");
    }

    private long failedAttempts(Connection db) throws SQLException {
        return countForRun(db, """
                SELECT COUNT(*) FROM message_status_history h JOIN message_outbox o ON o.id = h.outbox_id
                WHERE o.user_id LIKE ? AND h.status = 'FAILED'""");
    }

    private Instant lastSent(Connection db) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("""
                SELECT MAX(h.at) FROM message_status_history h JOIN message_outbox o ON o.id = h.outbox_id
                WHERE o.user_id LIKE ? AND h.status = 'SENT'""")) {
            query.setString(1, run + "-%");
            try (ResultSet rs = query.executeQuery()) {
                Timestamp last = rs.next() ? rs.getTimestamp(1) : null;
                return last == null ? null : last.toInstant();
            }
        }
    }

    private long countForRun(Connection db, String sql) throws SQLException {
        return BenchTarget.count(db, sql, run + "-%");
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (MessagingException unreadable) {
            return "unreadable";
        }
    }
}
