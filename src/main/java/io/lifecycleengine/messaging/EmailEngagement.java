package io.lifecycleengine.messaging;

import java.time.Instant;

/**
 * A recipient opened a message or followed one of its links, published for the behavior profile.
 *
 * @param event the Segment Email spec event name: {@code Email Opened} or {@code Email Link Clicked}
 * @param dedupeKey the same for repeats of the same open or click, so that they count once
 * @param linkUrl the link followed, or null for an open
 */
public record EmailEngagement(String userId, String event, String dedupeKey, long emailId, String messageKind,
                              String linkUrl, Instant at) {

    public static final String OPENED = "Email Opened";
    public static final String LINK_CLICKED = "Email Link Clicked";
}
