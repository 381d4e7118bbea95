package io.lifecycleengine.messaging;

import io.lifecycleengine.system.Hashes;
import java.nio.ByteBuffer;

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
        long bits = ByteBuffer.wrap(Hashes.sha256(kind + ":" + userId)).getLong() >>> 11;
        return bits / (double) (1L << 53);
    }
}
