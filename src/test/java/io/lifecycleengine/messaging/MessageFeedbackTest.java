package io.lifecycleengine.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifecycleengine.system.BadRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.AbstractDataSource;

/** A signed click leads where the link says even when the click cannot be recorded: the signature, not the database, vouches for it. */
class MessageFeedbackTest {

    private static final Pattern CLICK = Pattern.compile("href=\"[^\"]*/email/click\\?m=(\\d+)&amp;u=([^&]+)&amp;s=([^\"]+)\"");

    private final MessagingProperties properties = SmtpFixtures.properties(null);
    private final TrackedLinks links = new TrackedLinks(new LinkSigner(properties), properties);
    private final MessageFeedback feedback = new MessageFeedback(new Outbox(new JdbcTemplate(new DatabaseAway())), links,
            event -> { }, Clock.systemUTC());

    @Test
    void aSignedClickLeadsToItsDestinationWhileTheDatabaseIsAway() {
        Matcher click = CLICK.matcher(links.track(42, new ComposedMail("Hi", "", "text",
                "<html><body><a href=\"https://example.com/pricing?plan=pro\">Upgrade</a></body></html>")).html());
        assertThat(click.find()).isTrue();
        String url = URLDecoder.decode(click.group(2), StandardCharsets.UTF_8);

        assertThat(feedback.clicked(42, url, click.group(3))).isEqualTo("https://example.com/pricing?plan=pro");
        assertThatThrownBy(() -> feedback.clicked(42, "https://evil.example", click.group(3)))
                .as("a changed destination is still refused").isInstanceOf(BadRequestException.class);
    }

    private static final class DatabaseAway extends AbstractDataSource {
        @Override
        public java.sql.Connection getConnection() throws SQLException {
            throw new SQLException("Connection refused", "08001");
        }

        @Override
        public java.sql.Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }
    }
}
