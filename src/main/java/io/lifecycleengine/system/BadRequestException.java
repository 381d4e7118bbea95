package io.lifecycleengine.system;

/** Input the caller can fix; answered 400 with the message as given. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}
