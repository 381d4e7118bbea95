package io.lifecycleengine.messaging;

import io.lifecycleengine.profile.ProfileService;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Quiet hours: when a message may go out to a user. Transactional messages go out at any hour; marketing
 * messages only inside the daily send window in the user's time zone.
 */
@Service
public class SendWindow {

    static final String TIMEZONE_TRAIT = "timezone";

    private final ProfileService profiles;
    private final MessagingProperties properties;
    private final Clock clock;

    SendWindow(ProfileService profiles, MessagingProperties properties, Clock clock) {
        this.profiles = profiles;
        this.properties = properties;
        this.clock = clock;
    }

    /** The earliest moment from now on that the message may go out: now when the window is open. */
    public Instant nextSendTime(String kind, String userId) {
        Instant now = clock.instant();
        MessagingProperties.QuietHours quiet = properties.quietHours();
        if (!properties.isMarketing(kind) || quiet.sendFrom().equals(quiet.sendUntil())) {
            return now;
        }
        return opening(now.atZone(zoneOf(userId)), quiet.sendFrom(), quiet.sendUntil()).toInstant();
    }

    /** {@code local} itself inside the window {@code from}–{@code until}, else the window's next start. */
    static ZonedDateTime opening(ZonedDateTime local, LocalTime from, LocalTime until) {
        LocalTime time = local.toLocalTime();
        boolean inside = from.isBefore(until)
                ? !time.isBefore(from) && time.isBefore(until)
                : !time.isBefore(from) || time.isBefore(until);
        if (inside) {
            return local;
        }
        ZonedDateTime today = local.with(from);
        return today.isAfter(local) ? today : local.plusDays(1).with(from);
    }

    private ZoneId zoneOf(String userId) {
        return profiles.trait(userId, TIMEZONE_TRAIT).flatMap(SendWindow::zone)
                .orElse(properties.quietHours().defaultZone());
    }

    private static Optional<ZoneId> zone(String name) {
        try {
            return Optional.of(ZoneId.of(name));
        } catch (DateTimeException unknownZone) {
            return Optional.empty();
        }
    }
}
