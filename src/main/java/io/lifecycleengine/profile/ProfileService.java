package io.lifecycleengine.profile;

import io.lifecycleengine.ingest.BehaviorEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Keeps one behavior profile per user, updated on every event. */
@Service
public class ProfileService {

    private final Profiles profiles;
    private final EventTaxonomy taxonomy;
    private final Clock clock;

    ProfileService(Profiles profiles, EventTaxonomy taxonomy, Clock clock) {
        this.profiles = profiles;
        this.taxonomy = taxonomy;
        this.clock = clock;
    }

    /** Folds one event into its user's profile; runs inside the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public ProfileUpdate apply(BehaviorEvent event) {
        BehaviorSignals signals = taxonomy.classify(event);
        Optional<ProfileState> existing = profiles.findForUpdate(event.userId());
        boolean firstEvent = existing.isEmpty();
        if (firstEvent) {
            ProfileState created = ProfileState.empty(event.userId(), profiles.traits(null), event.eventTime())
                    .fold(event, signals);
            try {
                profiles.insert(created);
            } catch (DuplicateKeyException createdConcurrently) {
                firstEvent = false;
                profiles.update(profiles.findForUpdate(event.userId()).orElseThrow().fold(event, signals));
            }
        } else {
            profiles.update(existing.get().fold(event, signals));
        }
        boolean newActiveDay = signals.activity() && profiles.countDay(event.userId(), utcDay(event.eventTime()), signals);
        return new ProfileUpdate(event.userId(), firstEvent, newActiveDay, signals);
    }

    /** Deletes the user's profile (after its events were folded into another user's). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void forget(String userId) {
        profiles.delete(userId);
    }

    /** Users active since the given time, in user id order after {@code afterUserId} (null for the first page). */
    public List<String> activeSince(Instant since, String afterUserId, int limit) {
        return profiles.activeSince(since, afterUserId == null ? "" : afterUserId, limit);
    }

    public Optional<BehaviorProfile> find(String userId) {
        return profiles.find(userId).map(this::asOfNow);
    }

    private BehaviorProfile asOfNow(ProfileState p) {
        LocalDate today = utcDay(clock.instant());
        return new BehaviorProfile(p.userId(), p.email(), p.traits(), p.firstSeenAt(), p.lastEventAt(),
                p.lastActivityAt(), p.events(), p.activities(), p.pageViews(), p.purchases(), p.revenue(),
                p.lastPurchaseAt(), p.intentSignals(), p.pricingPageViews(), p.cartAdds(), p.checkoutsStarted(),
                p.demoRequests(), p.lastIntentAt(), p.lastIntentKind(), p.lastCartAt(),
                BehaviorProfile.content(p.contentBlog(), p.contentVideo(), p.contentEmail(), p.contentLesson()),
                profiles.totals(p.userId(), today.minusDays(6), today),
                profiles.totals(p.userId(), today.minusDays(29), today));
    }

    private static LocalDate utcDay(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
