package io.lifecycleengine.profile;

import io.lifecycleengine.ingest.BehaviorEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Keeps one behavior profile per user, updated on every event. */
@Service
public class ProfileService {

    private static final WindowTotals[] NO_ACTIVITY = {WindowTotals.NONE, WindowTotals.NONE};

    private final Profiles profiles;
    private final EventTaxonomy taxonomy;
    private final Clock clock;

    ProfileService(Profiles profiles, EventTaxonomy taxonomy, Clock clock) {
        this.profiles = profiles;
        this.taxonomy = taxonomy;
        this.clock = clock;
    }

    /** Folds one user's events (in the given order) into their profile; runs inside the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<ProfileUpdate> applyAll(String userId, List<BehaviorEvent> events) {
        return fold(Map.of(userId, events)).updates().get(userId);
    }

    /**
     * Folds each user's events (in the given order) into their profile: the profiles are read and locked
     * with one query, written and their day buckets updated in batches; runs inside the caller's transaction.
     *
     * @return per user, what each event changed (in the same order), and the profiles as of now
     * @throws ConcurrencyFailureException when another transaction created one of the profiles first
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Applied applyBatch(Map<String, List<BehaviorEvent>> byUser) {
        Folded folded = fold(byUser);
        return new Applied(folded.updates(), asOfNow(folded.profiles()));
    }

    /** What {@link #applyBatch} did: per user, what each event changed, and the profile as of now. */
    public record Applied(Map<String, List<ProfileUpdate>> updates, Map<String, BehaviorProfile> profiles) {
    }

    private record Folded(Map<String, List<ProfileUpdate>> updates, List<ProfileState> profiles) {
    }

    private Folded fold(Map<String, List<BehaviorEvent>> byUser) {
        Map<String, ProfileState> existing = profiles.findAllForUpdate(byUser.keySet());
        Map<String, List<BehaviorSignals>> signals = new HashMap<>();
        List<ProfileState> created = new ArrayList<>();
        List<ProfileState> changed = new ArrayList<>();
        Map<String, Map<LocalDate, DayDelta>> days = new LinkedHashMap<>();
        byUser.forEach((userId, events) -> {
            List<BehaviorSignals> own = events.stream().map(taxonomy::classify).toList();
            signals.put(userId, own);
            ProfileState before = existing.get(userId);
            ProfileState after = fold(before != null ? before
                    : ProfileState.empty(userId, profiles.traits(null), events.get(0).eventTime()), events, own);
            (before == null ? created : changed).add(after);
            for (int i = 0; i < events.size(); i++) {
                if (own.get(i).activity()) {
                    days.computeIfAbsent(userId, u -> new LinkedHashMap<>())
                            .computeIfAbsent(utcDay(events.get(i).eventTime()), day -> new DayDelta()).add(own.get(i));
                }
            }
        });
        // in user order, as the existing ones are locked: two writers creating the same users collide on the first of
        // them, and one goes through (in different orders each held a row the other needed, and both failed)
        created.sort(Comparator.comparing(ProfileState::userId));
        try {
            profiles.insertAll(created);
        } catch (DuplicateKeyException createdConcurrently) {
            throw new ConcurrencyFailureException("Another call created one of these profiles first", createdConcurrently);
        }
        profiles.updateAll(changed);
        Map<String, Set<LocalDate>> known = profiles.existingDays(days);
        profiles.addToDays(days, known);
        Map<String, List<ProfileUpdate>> updates = new HashMap<>();
        byUser.forEach((userId, events) -> {
            Set<LocalDate> seen = new HashSet<>(known.getOrDefault(userId, Set.of()));
            List<ProfileUpdate> own = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                BehaviorSignals s = signals.get(userId).get(i);
                boolean newActiveDay = s.activity() && seen.add(utcDay(events.get(i).eventTime()));
                own.add(new ProfileUpdate(userId, !existing.containsKey(userId) && i == 0, newActiveDay, s));
            }
            updates.put(userId, own);
        });
        List<ProfileState> folded = new ArrayList<>(created);
        folded.addAll(changed);
        return new Folded(updates, folded);
    }

    private static ProfileState fold(ProfileState state, List<BehaviorEvent> events, List<BehaviorSignals> signals) {
        ProfileState folded = state;
        for (int i = 0; i < events.size(); i++) {
            folded = folded.fold(events.get(i), signals.get(i));
        }
        return folded;
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

    /** Every user with a profile, in user id order after {@code afterUserId} (null for the first page). */
    public List<String> userIdsAfter(String afterUserId, int limit) {
        return profiles.userIdsAfter(afterUserId == null ? "" : afterUserId, limit);
    }

    public long count() {
        return profiles.count();
    }

    /** The event names that count as purchases, lower case. */
    public Set<String> purchaseEventNames() {
        return taxonomy.purchaseEvents();
    }

    /** When the user was last active (or first seen, if never active): one indexed read, for timers. */
    public Optional<Instant> lastActivity(String userId) {
        return profiles.lastActivity(userId);
    }

    /** {@link RecentActivity} in one read, without the rest of the profile: for every timer of a journey. */
    public Optional<RecentActivity> recentActivity(String userId) {
        return profiles.recentActivity(userId, utcDay(clock.instant()));
    }

    /**
     * {@link #recentActivity} for a decision that acts on it: the profile stays locked until the caller's transaction
     * ends, so an event being folded in meanwhile is waited for, not missed (an inactivity timer would otherwise move a
     * user who has just come back to INACTIVE).
     */
    @Transactional
    public Optional<RecentActivity> recentActivityForDecision(String userId) {
        profiles.lockProfile(userId);
        return recentActivity(userId);
    }

    /** One trait of the user (text), read alone: for decisions that need no counters, e.g. the time zone. */
    public Optional<String> trait(String userId, String name) {
        return profiles.traitsOf(userId).map(traits -> BehaviorProfile.traitText(traits, name));
    }

    public Optional<BehaviorProfile> find(String userId) {
        return Optional.ofNullable(findAll(List.of(userId)).get(userId));
    }

    /** Profiles of the given users as of now, with two queries whatever their number. */
    public Map<String, BehaviorProfile> findAll(Collection<String> userIds) {
        return asOfNow(profiles.findAll(userIds));
    }

    /** The profiles with their 7- and 30-day windows, read with one query. */
    private Map<String, BehaviorProfile> asOfNow(List<ProfileState> states) {
        Map<String, WindowTotals[]> windows = profiles.windowTotals(states.stream().map(ProfileState::userId).toList(),
                utcDay(clock.instant()));
        Map<String, BehaviorProfile> found = new HashMap<>();
        for (ProfileState state : states) {
            WindowTotals[] totals = windows.getOrDefault(state.userId(), NO_ACTIVITY);
            found.put(state.userId(), asOfNow(state, totals[0], totals[1]));
        }
        return found;
    }

    private static BehaviorProfile asOfNow(ProfileState p, WindowTotals last7d, WindowTotals last30d) {
        return new BehaviorProfile(p.userId(), p.email(), p.traits(), p.firstSeenAt(), p.lastEventAt(),
                p.lastActivityAt(), p.events(), p.activities(), p.pageViews(), p.purchases(), p.revenue(),
                p.lastPurchaseAt(), p.intentSignals(), p.pricingPageViews(), p.cartAdds(), p.checkoutsStarted(),
                p.demoRequests(), p.lastIntentAt(), p.lastIntentKind(), p.lastCartAt(),
                BehaviorProfile.content(p.contentBlog(), p.contentVideo(), p.contentEmail(), p.contentLesson()),
                last7d, last30d);
    }

    private static LocalDate utcDay(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
