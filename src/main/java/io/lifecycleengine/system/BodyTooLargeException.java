package io.lifecycleengine.system;

import java.io.IOException;

/** A request body passed its size limit while being read; answered 400. */
public class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super("body: larger than " + limit / 1024 + " KB");
    }
}
