package io.lifecycleengine.ingest;

import io.lifecycleengine.journey.Journeys;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.profile.ProfileUpdate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Segment's identity rules: a call with both ids ties the anonymousId to the user, and the visitor's
 * earlier anonymous events join the user's profile; {@code alias} does the same for its previousId,
 * and when that was a known user, merges that user's history in and ends their journey.
 */
@Component
class IdentityResolver {

    private final IdentityLinks links;
    private final EventStore events;
    private final ProfileService profiles;
    private final Journeys journeys;
    private final Clock clock;
    private final Duration intentWindow;

    IdentityResolver(IdentityLinks links, EventStore events, ProfileService profiles, Journeys journeys, Clock clock,
                     @Value("${lifecycle.journey.high-intent-window}") Duration intentWindow) {
        this.links = links;
        this.events = events;
        this.profiles = profiles;
        this.journeys = journeys;
        this.clock = clock;
        this.intentWindow = intentWindow;
    }

    /**
     * The links that concern a call's ids, read with one query; {@link #learnFrom} keeps it up to date
     * as the call links more ids.
     */
    Map<String, String> linksOf(List<BehaviorEvent> calls) {
        Set<String> ids = new HashSet<>();
        for (BehaviorEvent call : calls) {
            Stream.of(call.userId(), call.anonymousId(), call.previousId()).filter(Objects::nonNull).forEach(ids::add);
        }
        return links.ownersOf(ids);
    }

    /** The user an event belongs to, or null for a visitor nobody identified yet. */
    static String ownerOf(BehaviorEvent event, Map<String, String> known) {
        if (event.userId() != null) {
            return known.getOrDefault(event.userId(), event.userId());
        }
        return event.anonymousId() == null ? null : known.get(event.anonymousId());
    }

    /**
     * What an event taught about identities: the user merged away by it (or null), and the changes that folding
     * earlier events into the event's user made which no journey has heard of yet, for the journey to hear.
     */
    record Learned(String mergedAway, List<ProfileUpdate> unheard) {
        static final Learned NOTHING = new Learned(null, List.of());
    }

    /**
     * Learns what the (stored, attributed) event says about identities; runs in the ingest transaction.
     *
     * @param call the messageIds of the call the event came with: its events are news to every journey
     */
    Learned learnFrom(BehaviorEvent event, Map<String, String> known, Set<String> call) {
        if (event.userId() == null) {
            return Learned.NOTHING;
        }
        // an id the call merged away earlier stands for the user it was merged into
        String owner = known.getOrDefault(event.userId(), event.userId());
        List<ProfileUpdate> unheard = new ArrayList<>();
        if (event.anonymousId() != null) {
            adopt(event.anonymousId(), owner, known, call, unheard);
        }
        String merged = event.type() == EventType.ALIAS ? adopt(event.previousId(), owner, known, call, unheard) : null;
        return merged == null && unheard.isEmpty() ? Learned.NOTHING : new Learned(merged, unheard);
    }

    /**
     * @param unheard gets what folding fromId's events into the owner changed that no journey has heard
     * @return fromId when it was a user with stored events, now merged into the owner
     */
    private String adopt(String fromId, String owner, Map<String, String> known, Set<String> call, List<ProfileUpdate> unheard) {
        if (known.containsKey(fromId)) {
            return null;
        }
        if (fromId.equals(owner)) {
            // a visitor identified under their own anonymousId: a link to oneself would end at nobody else
            adoptAnonymous(fromId, owner, call, unheard);
            return null;
        }
        // ids the call found linked to fromId now end at the owner, as their links do in the database
        known.replaceAll((id, to) -> to.equals(fromId) ? owner : to);
        known.put(fromId, owner);
        if (!links.link(fromId, owner, clock.instant())) {
            return null;
        }
        adoptAnonymous(fromId, owner, call, unheard);
        List<BehaviorEvent> history = events.ofUser(fromId).stream().map(e -> e.attributedTo(owner)).toList();
        if (history.isEmpty()) {
            return null;
        }
        List<ProfileUpdate> folded = profiles.applyAll(owner, history);
        events.reassign(fromId, owner);
        profiles.forget(fromId);
        boolean carriedOn = journeys.merge(fromId, owner);
        // a journey that carries on heard the merged user's earlier events; the owner's own journey did not
        unheard.addAll(notHeard(history, folded, call, !carriedOn));
        return fromId;
    }

    /** Folds the visitor's events nobody was tied to yet into the owner's profile. */
    private void adoptAnonymous(String anonymousId, String owner, Set<String> call, List<ProfileUpdate> unheard) {
        List<BehaviorEvent> anonymous = events.unattributed(anonymousId);
        if (!anonymous.isEmpty()) {
            List<BehaviorEvent> adopted = anonymous.stream().map(e -> e.attributedTo(owner)).toList();
            unheard.addAll(notHeard(adopted, profiles.applyAll(owner, adopted), call, true));
            events.attribute(anonymousId, owner);
        }
    }

    /**
     * Of events just folded into another user's profile, what the journey is to hear: the call's own events in full
     * (nobody heard them), and of earlier ones, if asked for, only intent shown within the high-intent window, as
     * intent alone: an earlier page view is no activity now (no new active day, no return), an earlier order was
     * thanked by the journey that heard it, and older intent would have lapsed already.
     */
    private List<ProfileUpdate> notHeard(List<BehaviorEvent> folded, List<ProfileUpdate> updates, Set<String> call,
                                         boolean earlierToo) {
        Instant recent = clock.instant().minus(intentWindow);
        List<ProfileUpdate> unheard = new ArrayList<>();
        for (int i = 0; i < folded.size(); i++) {
            BehaviorEvent event = folded.get(i);
            ProfileUpdate update = updates.get(i);
            if (call.contains(event.messageId())) {
                unheard.add(update);
            } else if (earlierToo && update.signals().showsIntent() && !event.eventTime().isBefore(recent)) {
                unheard.add(update.intentOnly());
            }
        }
        return unheard;
    }
}
