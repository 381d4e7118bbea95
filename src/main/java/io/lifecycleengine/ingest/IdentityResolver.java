package io.lifecycleengine.ingest;

import io.lifecycleengine.journey.Journeys;
import io.lifecycleengine.profile.ProfileService;
import java.time.Clock;
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
     * Learns what the (stored, attributed) event says about identities; runs in the ingest transaction.
     *
     * @return the id of a user whose stored events were just merged into the event's user, or null
     */
    String learnFrom(BehaviorEvent event, Map<String, String> known) {
        if (event.userId() == null) {
            return null;
        }
        if (event.anonymousId() != null) {
            adopt(event.anonymousId(), event.userId(), known);
        }
        return event.type() == EventType.ALIAS ? adopt(event.previousId(), event.userId(), known) : null;
    }

    /** @return fromId when it was a user with stored events, now merged into the owner */
    private String adopt(String fromId, String owner, Map<String, String> known) {
        if (fromId.equals(owner) || known.containsKey(fromId)) {
            return null;
        }
        known.put(fromId, owner);
        if (!links.link(fromId, owner, clock.instant())) {
            return null;
        }
        List<BehaviorEvent> anonymous = events.unattributed(fromId);
        if (!anonymous.isEmpty()) {
            profiles.applyAll(owner, anonymous.stream().map(e -> e.attributedTo(owner)).toList());
            events.attribute(fromId, owner);
        }
        List<BehaviorEvent> history = events.ofUser(fromId);
        if (history.isEmpty()) {
            return null;
        }
        profiles.applyAll(owner, history.stream().map(e -> e.attributedTo(owner)).toList());
        events.reassign(fromId, owner);
        profiles.forget(fromId);
        journeys.merge(fromId, owner);
        return fromId;
    }
}
