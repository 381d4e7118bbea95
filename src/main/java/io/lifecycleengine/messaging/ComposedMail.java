package io.lifecycleengine.messaging;

/** A rendered message: subject, the preview text inboxes show after it, and both bodies. */
public record ComposedMail(String subject, String preheader, String text, String html) {
}
