package io.lifecycleengine.system;

/** Missing or wrong credentials; answered 401 with a Basic challenge for the realm. */
public class UnauthorizedException extends RuntimeException {

    private final String realm;

    public UnauthorizedException(String realm, String message) {
        super(message);
        this.realm = realm;
    }

    public String realm() {
        return realm;
    }
}
