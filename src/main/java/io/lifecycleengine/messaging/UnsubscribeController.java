package io.lifecycleengine.messaging;

import io.lifecycleengine.system.BadRequestException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The signed unsubscribe link of every marketing email. {@code POST} unsubscribes at once (RFC 8058
 * one-click, and the button of the page); {@code GET} only shows the page, since mail scanners open
 * links. No login: the signature is the authorisation, and a tampered link changes nothing.
 */
@Controller
class UnsubscribeController {

    private final Consent consent;

    UnsubscribeController(Consent consent) {
        this.consent = consent;
    }

    /** A person opens this link in a browser: a changed one gets the page saying so, not a JSON error. */
    @GetMapping(Consent.UNSUBSCRIBE_PATH)
    String confirm(@RequestParam(name = "u", required = false) String userId,
                   @RequestParam(name = "s", required = false) String signature, Model model, HttpServletResponse response) {
        if (!consent.isValidUnsubscribeLink(userId, signature)) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("invalid", true);
            return "unsubscribe";
        }
        model.addAttribute("userId", userId);
        model.addAttribute("signature", signature);
        model.addAttribute("unsubscribed", consent.isSuppressed(userId));
        return "unsubscribe";
    }

    @PostMapping(Consent.UNSUBSCRIBE_PATH)
    String unsubscribe(@RequestParam(name = "u", required = false) String userId,
                       @RequestParam(name = "s", required = false) String signature, Model model) {
        verified(userId, signature);
        consent.unsubscribe(userId);
        model.addAttribute("unsubscribed", true);
        return "unsubscribe";
    }

    private void verified(String userId, String signature) {
        if (!consent.isValidUnsubscribeLink(userId, signature)) {
            throw new BadRequestException("This unsubscribe link is not valid: it was changed or is incomplete. "
                    + "Use the link from the email as it is.");
        }
    }
}
