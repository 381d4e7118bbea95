package io.lifecycleengine.messaging;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/** Signs what a link in a message may do for whom (HMAC-SHA256), so that links work without a login. */
@Component
class LinkSigner {

    private static final int SIGNATURE_BYTES = 16;

    private final SecretKeySpec key;

    LinkSigner(MessagingProperties properties) {
        this.key = new SecretKeySpec(properties.linkSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    String sign(String purpose, String subject) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(purpose, subject));
    }

    boolean verify(String purpose, String subject, String signature) {
        if (subject == null || signature == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(mac(purpose, subject), given);
    }

    private byte[] mac(String purpose, String subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] full = mac.doFinal((purpose + "\n" + subject).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(full, SIGNATURE_BYTES);
        } catch (NoSuchAlgorithmException | InvalidKeyException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
