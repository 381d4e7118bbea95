package io.lifecycleengine.profile;

/**
 * What folding one event into a profile changed: whether it was the user's first event, whether it
 * added a new distinct active day, and the behavior signals of the event.
 */
public record ProfileUpdate(String userId, boolean firstEvent, boolean newActiveDay, BehaviorSignals signals) {
}
