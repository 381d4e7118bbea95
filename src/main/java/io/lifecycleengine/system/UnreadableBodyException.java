package io.lifecycleengine.system;

import java.io.IOException;

/** A request body refused while it was being read (too large, not UTF-8); answered 400 with the message. */
public class UnreadableBodyException extends IOException {

    public UnreadableBodyException(String message) {
        super(message);
    }
}
