package io.lifecycleengine.profile;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The event taxonomy: which event names (case-insensitive) and page names/paths (substrings) mean
 * intent, purchase, content consumption, which events happen without the user doing anything, and which say the
 * person wants no more marketing email.
 * Keys of {@code intent} are intent kinds (pricing-page, cart, checkout, demo); keys of
 * {@code content} are content kinds (blog, video, email, lesson).
 */
@ConfigurationProperties("lifecycle.taxonomy")
record TaxonomyProperties(
        Map<String, Rule> intent,
        Rule purchase,
        Map<String, Rule> content,
        Rule passive,
        Rule optOut) {

    TaxonomyProperties {
        optOut = optOut == null ? new Rule(null, null) : optOut;
    }

    /** Matches track events by name and page/screen calls by name, path or URL. */
    record Rule(List<String> events, List<String> pages) {
        Rule {
            events = events == null ? List.of() : List.copyOf(events);
            pages = pages == null ? List.of() : List.copyOf(pages);
        }
    }
}
