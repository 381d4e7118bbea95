package io.lifecycleengine.system;

/** A request that cannot be done while something else is under way; answered 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
