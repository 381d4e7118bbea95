package io.lifecycleengine.ingest;

import io.lifecycleengine.journey.Journeys;
import io.lifecycleengine.profile.ProfileService;
import java.time.Clock;
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

    /** The user an event belongs to, or null for a visitor nobody identified yet. */
    String ownerOf(BehaviorEvent event) {
        if (event.userId() != null) {
            return links.ownerOf(event.userId()).orElse(event.userId());
        }
        return event.anonymousId() == null ? null : links.ownerOf(event.anonymousId()).orElse(null);
    }

    /** Learns what the (stored, attributed) event says about identities; runs in the ingest transaction. */
    void learnFrom(BehaviorEvent event) {
        if (event.userId() == null) {
            return;
        }
        if (event.anonymousId() != null) {
            adopt(event.anonymousId(), event.userId());
        }
        if (event.type() == EventType.ALIAS) {
            adopt(event.previousId(), event.userId());
        }
    }

    private void adopt(String fromId, String owner) {
        if (fromId.equals(owner) || !links.link(fromId, owner, clock.instant())) {
            return;
        }
        for (BehaviorEvent anonymous : events.unattributed(fromId)) {
            profiles.apply(anonymous.attributedTo(owner));
        }
        events.attribute(fromId, owner);
        if (profiles.find(fromId).isPresent()) {
            for (BehaviorEvent known : events.ofUser(fromId)) {
                profiles.apply(known.attributedTo(owner));
            }
            events.reassign(fromId, owner);
            profiles.forget(fromId);
            journeys.merge(fromId, owner);
        }
    }
}
