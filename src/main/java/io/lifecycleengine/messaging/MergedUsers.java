package io.lifecycleengine.messaging;

/** Where an id merged away by alias lives on: the ingest's identity links, seen from messaging. */
public interface MergedUsers {

    /** The user the id was merged into, through every later merge; the id itself when it was not merged. */
    String survivorOf(String userId);
}
