package io.lifecycleengine.ingest;

import java.util.Locale;
import java.util.Optional;

/** The call types of the Segment spec. */
public enum EventType {
    IDENTIFY, TRACK, PAGE, SCREEN, ALIAS, GROUP;

    static Optional<EventType> fromSpecName(String name) {
        for (EventType type : values()) {
            if (type.name().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
