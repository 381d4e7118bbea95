package io.lifecycleengine.journey;

import io.lifecycleengine.messaging.SendWindow;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.segment.LifecycleStage;
import io.lifecycleengine.segment.SegmentService;
import io.lifecycleengine.segment.StageMembership;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAmount;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Timer definitions used by expressions in {@code user-lifecycle.bpmn}. Inactivity and churn fall due
 * a window after the user's last activity, so ordinary events never touch the engine: the inactivity timer is
 * computed again when it falls due ({@link RecomputedTimers}), and if the user was active meanwhile it waits on to
 * the window's end from the new last activity.
 */
@Component("journeyTimers")
public class JourneyTimers {

    private final JourneyProperties properties;
    private final ProfileService profiles;
    private final SegmentService segments;
    private final SendWindow sendWindow;
    private final Clock clock;

    JourneyTimers(JourneyProperties properties, ProfileService profiles, SegmentService segments, SendWindow sendWindow,
                  Clock clock) {
        this.properties = properties;
        this.profiles = profiles;
        this.segments = segments;
        this.sendWindow = sendWindow;
        this.clock = clock;
    }

    /**
     * The end of the onboarding window, counted from the journey's start: a NEW active day that does not
     * activate the user must not restart it when the journey waits again. Journeys started before the
     * start was recorded count from now.
     */
    public Date onboardingOver(DelegateExecution journey) {
        Object startedAt = journey.getVariable(JourneyProcess.Variables.STARTED_AT);
        Instant start = startedAt instanceof Date date ? date.toInstant() : clock.instant();
        return Date.from(wholeSecondsNotBeforeNow(start.plus(properties.onboardingWindow())));
    }

    public String highIntentWindow() {
        return properties.highIntentWindow().toString();
    }

    public String archiveAfter() {
        return properties.archiveAfter().toString();
    }

    public String sendRetryCycle() {
        return properties.sendRetryCycle();
    }

    public Date inactivityDue(String userId) {
        return dueAfterKnownLastActivity(userId, properties.inactiveAfter());
    }

    /**
     * A window after the user's last activity written in the model itself, e.g.
     * {@code ${journeyTimers.afterLastActivity(userId, "P21D")}}: a version that changes it recomputes
     * the timers of running journeys from their last activity when they migrate.
     *
     * @param window an ISO-8601 duration: days and times ({@code P21D}, {@code PT12H}), or weeks, months and years
     *        ({@code P3W}, {@code P1M}), which {@link Duration} does not read, on the UTC calendar
     */
    public Date afterLastActivity(String userId, String window) {
        return dueAfterKnownLastActivity(userId, window(window));
    }

    private static TemporalAmount window(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException notDaysAndTimes) {
            return Period.parse(text);
        }
    }

    public Date churnDue(String userId) {
        return dueAfterLastActivity(userId, properties.churnedAfter());
    }

    /**
     * The second re-engagement step's time: the reminder window after the user entered INACTIVE (so a timer computed
     * again when a journey migrates keeps its date), but never after the churn window ends.
     */
    public Date reEngagementReminderDue(String userId) {
        Instant entered = segments.stageOf(userId).filter(stage -> stage.stage() == LifecycleStage.INACTIVE)
                .map(StageMembership::since).orElse(clock.instant());
        Date reminder = Date.from(wholeSecondsNotBeforeNow(entered.plus(properties.reEngagementReminderAfter())));
        Date churn = churnDue(userId);
        return reminder.before(churn) ? reminder : churn;
    }

    public boolean churnWindowOver(String userId) {
        return !churnDue(userId).toInstant().isAfter(clock.instant());
    }

    /** False during the user's quiet hours for a marketing message. */
    public boolean sendWindowOpen(String messageKind, String userId) {
        return !sendWindow.nextSendTime(messageKind, userId).isAfter(clock.instant());
    }

    public Date sendWindowOpens(String messageKind, String userId) {
        return Date.from(wholeSecondsNotBeforeNow(sendWindow.nextSendTime(messageKind, userId)));
    }

    /**
     * True when the profile shows no activity for the whole inactivity window.
     *
     * @param lastActive when the user was last active, or first seen if never
     */
    boolean idleSince(Instant lastActive) {
        return !clock.instant().isBefore(lastActive.plus(properties.inactiveAfter()));
    }

    /** True when the user's profile shows activity within the inactivity window. */
    boolean activeNow(String userId) {
        return profiles.lastActivity(userId).map(last -> !idleSince(last)).orElse(true);
    }

    private Date dueAfterLastActivity(String userId, TemporalAmount window) {
        return dueAfter(profiles.lastActivity(userId).orElse(clock.instant()), window);
    }

    /**
     * For a timer computed again when it falls due ({@link RecomputedTimers}): a window from now, for want of a
     * profile, would move later at every look and never come, so the journey fails into an incident as its decision would.
     */
    private Date dueAfterKnownLastActivity(String userId, TemporalAmount window) {
        return dueAfter(profiles.lastActivity(userId)
                .orElseThrow(() -> new IllegalStateException("No behavior profile for user " + userId)), window);
    }

    private Date dueAfter(Instant last, TemporalAmount window) {
        return Date.from(wholeSecondsNotBeforeNow(last.atZone(ZoneOffset.UTC).plus(window).toInstant()));
    }

    // whole seconds: MySQL keeps DATETIME to the second, and a due date rounded down would fire early
    private Instant wholeSecondsNotBeforeNow(Instant due) {
        Instant dueInSeconds = due.truncatedTo(ChronoUnit.SECONDS).equals(due) ? due
                : due.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Instant now = clock.instant();
        return dueInSeconds.isBefore(now) ? now : dueInSeconds;
    }
}
