package io.lifecycleengine.messaging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic holdout assignment: a user is in the control group of a message kind when a hash of
 * kind and userId falls below the kind's share, so the same user is always in or out, on every node.
 */
final class Holdout {

    private Holdout() {
    }

    static boolean isHeldOut(String kind, String userId, double share) {
        if (share <= 0) {
            return false;
        }
        return position(kind, userId) < share;
    }

    /** A uniform position in [0, 1) of the user for the kind. */
    static double position(String kind, String userId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((kind + ":" + userId).getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(hash).getLong() >>> 11;
            return bits / (double) (1L << 53);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
