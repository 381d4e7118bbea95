package io.lifecycleengine.ingest;

import io.lifecycleengine.journey.Journeys;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.profile.ProfileUpdate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
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

    IdentityResolver(IdentityLinks links, EventStore events, ProfileService profiles, Journeys journeys, Clock clock) {
        this.links = links;
        this.events = events;
        this.profiles = profiles;
        this.journeys = journeys;
        this.clock = clock;
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

    /** Learns what the (stored, attributed) event says about identities; runs in the ingest transaction. */
    Learned learnFrom(BehaviorEvent event, Map<String, String> known) {
        if (event.userId() == null) {
            return Learned.NOTHING;
        }
        List<ProfileUpdate> unheard = new ArrayList<>();
        if (event.anonymousId() != null) {
            adopt(event.anonymousId(), event.userId(), known, unheard);
        }
        String merged = event.type() == EventType.ALIAS ? adopt(event.previousId(), event.userId(), known, unheard) : null;
        return merged == null && unheard.isEmpty() ? Learned.NOTHING : new Learned(merged, unheard);
    }

    /**
     * @param unheard gets what folding fromId's events into the owner changed, where no journey heard those
     *        events: a visitor's (anonymous) events, and a merged user's when the owner keeps a journey of their own
     * @return fromId when it was a user with stored events, now merged into the owner
     */
    private String adopt(String fromId, String owner, Map<String, String> known, List<ProfileUpdate> unheard) {
        if (fromId.equals(owner) || known.containsKey(fromId)) {
            return null;
        }
        known.put(fromId, owner);
        if (!links.link(fromId, owner, clock.instant())) {
            return null;
        }
        List<BehaviorEvent> anonymous = events.unattributed(fromId);
        if (!anonymous.isEmpty()) {
            unheard.addAll(profiles.applyAll(owner, anonymous.stream().map(e -> e.attributedTo(owner)).toList()));
            events.attribute(fromId, owner);
        }
        List<BehaviorEvent> history = events.ofUser(fromId);
        if (history.isEmpty()) {
            return null;
        }
        List<ProfileUpdate> merged = profiles.applyAll(owner, history.stream().map(e -> e.attributedTo(owner)).toList());
        events.reassign(fromId, owner);
        profiles.forget(fromId);
        if (!journeys.merge(fromId, owner)) {
            // the owner's journey goes on and has heard none of the merged user's behavior
            unheard.addAll(merged);
        }
        return fromId;
    }
}
