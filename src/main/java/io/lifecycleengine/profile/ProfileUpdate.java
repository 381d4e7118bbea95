package io.lifecycleengine.profile;

/**
 * What folding one event into a profile changed: whether it was the user's first event, whether it
 * added a new distinct active day, and the behavior signals of the event.
 */
public record ProfileUpdate(String userId, boolean firstEvent, boolean newActiveDay, BehaviorSignals signals) {

    /** The intent this update showed, and nothing else: no activity, no new day, no purchase. */
    public ProfileUpdate intentOnly() {
        return new ProfileUpdate(userId, false, false, new BehaviorSignals(false, false, signals.intent(), null, false, null, false));
    }
}
