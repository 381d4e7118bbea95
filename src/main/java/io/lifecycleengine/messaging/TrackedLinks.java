package io.lifecycleengine.messaging;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * Open pixel and click redirects for a sent message's HTML part. Every tracking URL is signed over the
 * message id (and, for a click, the destination), so the redirect only leads to links our templates put
 * into that message: never an open redirect. Unsubscribe links stay as they are.
 */
@Component
class TrackedLinks {

    static final String OPEN_PATH = "/email/open";
    static final String CLICK_PATH = "/email/click";
    private static final String OPEN = "open";
    private static final String CLICK = "click";
    private static final Pattern HREF = Pattern.compile("href=\"(https?://[^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final String BODY_END = "</body>";

    private final LinkSigner signer;
    private final MessagingProperties properties;

    TrackedLinks(LinkSigner signer, MessagingProperties properties) {
        this.signer = signer;
        this.properties = properties;
    }

    ComposedMail track(long emailId, ComposedMail mail) {
        Matcher href = HREF.matcher(mail.html());
        StringBuilder html = new StringBuilder();
        while (href.find()) {
            String url = HtmlUtils.htmlUnescape(href.group(1));
            String tracked = isUnsubscribe(url) ? href.group(0) : "href=\"" + HtmlUtils.htmlEscape(clickUrl(emailId, url)) + "\"";
            href.appendReplacement(html, Matcher.quoteReplacement(tracked));
        }
        href.appendTail(html);
        String pixel = "<img src=\"" + HtmlUtils.htmlEscape(openUrl(emailId))
                + "\" width=\"1\" height=\"1\" alt=\"\" style=\"display: block; border: 0;\">";
        int bodyEnd = html.lastIndexOf(BODY_END);
        if (bodyEnd < 0) {
            html.append(pixel);
        } else {
            html.insert(bodyEnd, pixel);
        }
        return new ComposedMail(mail.subject(), mail.preheader(), mail.text(), html.toString());
    }

    boolean isValidOpen(long emailId, String signature) {
        return signer.verify(OPEN, Long.toString(emailId), signature);
    }

    boolean isValidClick(long emailId, String url, String signature) {
        return url != null && signer.verify(CLICK, emailId + "\n" + url, signature);
    }

    private String openUrl(long emailId) {
        return properties.publicBaseUrl() + OPEN_PATH + "?m=" + emailId + "&s=" + signer.sign(OPEN, Long.toString(emailId));
    }

    private String clickUrl(long emailId, String url) {
        return properties.publicBaseUrl() + CLICK_PATH + "?m=" + emailId + "&u=" + URLEncoder.encode(url, StandardCharsets.UTF_8)
                + "&s=" + signer.sign(CLICK, emailId + "\n" + url);
    }

    private boolean isUnsubscribe(String url) {
        return url.startsWith(properties.publicBaseUrl() + Consent.UNSUBSCRIBE_PATH);
    }
}
