package io.lifecycleengine.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of text, for stable ids, deterministic assignments and random tokens (never for passwords). */
public final class Hashes {

    private Hashes() {
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The first {@code bytes} bytes of the SHA-256 of the text, in hex. */
    public static String sha256Hex(String text, int bytes) {
        return HexFormat.of().formatHex(sha256(text), 0, bytes);
    }
}
