package io.lifecycleengine.messaging;

/** A message rendered for a user as it would be sent now, and whether it would be sent. */
public record Preview(String kind, String userId, String to, String subject, String preheader, String text, String html,
                      String wouldSkip) {
}
