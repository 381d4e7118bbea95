package io.lifecycleengine.profile;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The event taxonomy: which event names (case-insensitive) and page names/paths (substrings) mean
 * intent, purchase, content consumption, and which events happen without the user doing anything.
 * Keys of {@code intent} are intent kinds (pricing-page, cart, checkout, demo); keys of
 * {@code content} are content kinds (blog, video, email, lesson).
 */
@ConfigurationProperties("lifecycle.taxonomy")
record TaxonomyProperties(
        Map<String, Rule> intent,
        Rule purchase,
        Map<String, Rule> content,
        Rule passive) {

    /** Matches track events by name and page/screen calls by name, path or URL. */
    record Rule(List<String> events, List<String> pages) {
        Rule {
            events = events == null ? List.of() : List.copyOf(events);
            pages = pages == null ? List.of() : List.copyOf(pages);
        }
    }
}
