package io.lifecycleengine.system;

/** A request body passed its size limit while being read; answered 400. */
public class BodyTooLargeException extends UnreadableBodyException {

    public BodyTooLargeException(long limit) {
        super("body: larger than " + limit / 1024 + " KB");
    }
}
