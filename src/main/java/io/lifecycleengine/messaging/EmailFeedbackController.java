package io.lifecycleengine.messaging;

import io.lifecycleengine.system.BadRequestException;
import java.net.URI;
import java.util.Base64;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The open pixel and click redirect in sent messages. No login: the signature is the authorisation. */
@RestController
class EmailFeedbackController {

    private static final byte[] TRANSPARENT_GIF = Base64.getDecoder()
            .decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final MessageFeedback feedback;

    EmailFeedbackController(MessageFeedback feedback) {
        this.feedback = feedback;
    }

    @GetMapping(TrackedLinks.OPEN_PATH)
    ResponseEntity<byte[]> open(@RequestParam(name = "m", required = false) String emailId,
                                @RequestParam(name = "s", required = false) String signature) {
        feedback.opened(id(emailId), signature);
        return ResponseEntity.ok().contentType(MediaType.IMAGE_GIF).cacheControl(CacheControl.noStore())
                .body(TRANSPARENT_GIF);
    }

    @GetMapping(TrackedLinks.CLICK_PATH)
    ResponseEntity<Void> click(@RequestParam(name = "m", required = false) String emailId,
                               @RequestParam(name = "u", required = false) String url,
                               @RequestParam(name = "s", required = false) String signature) {
        String destination = feedback.clicked(id(emailId), url, signature);
        return ResponseEntity.status(HttpStatus.FOUND).location(uri(destination))
                .cacheControl(CacheControl.noStore()).build();
    }

    private static URI uri(String destination) {
        try {
            return URI.create(destination);
        } catch (IllegalArgumentException notAUri) {
            throw new BadRequestException("The link's destination is not a valid URL");
        }
    }

    private static long id(String emailId) {
        try {
            return Long.parseLong(emailId);
        } catch (NumberFormatException notANumber) {
            throw new BadRequestException("Parameter 'm' must be the email's number");
        }
    }
}
