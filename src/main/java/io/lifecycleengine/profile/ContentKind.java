package io.lifecycleengine.profile;

import java.util.Locale;

/** What kind of content an event consumes. */
public enum ContentKind {
    BLOG, VIDEO, EMAIL, LESSON;

    public String slug() {
        return name().toLowerCase(Locale.ROOT);
    }
}
