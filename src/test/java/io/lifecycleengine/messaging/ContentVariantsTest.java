package io.lifecycleengine.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The re-engagement mail has a variant for each content segment the content table can decide (README: "variant per content segment"). */
class ContentVariantsTest {

    private static final Pattern OUTPUT_VALUES = Pattern.compile("<outputValues[^>]*><text>([^<]*)</text>");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    private final MailComposer composer = new MailComposer();

    @Test
    void everyContentSegmentGetsItsOwnReEngagementText() throws IOException {
        List<String> segments = declaredSegments(Path.of("bpmn/segment-content.dmn"));
        assertThat(segments).contains("none", "lesson-learner");

        String fallback = composer.compose("re-engagement", model("none")).text();
        Set<String> texts = new HashSet<>();
        for (String segment : segments.stream().filter(segment -> !segment.equals("none")).toList()) {
            ComposedMail mail = composer.compose("re-engagement", model(segment));
            assertThat(mail.text()).as(segment + " (text)").isNotEqualTo(fallback);
            assertThat(mail.html()).as(segment + " (html)")
                    .isNotEqualTo(composer.compose("re-engagement", model("none")).html());
            assertThat(texts.add(mail.text())).as(segment + " reads as another segment's variant").isTrue();
        }
    }

    private static List<String> declaredSegments(Path table) throws IOException {
        Matcher values = OUTPUT_VALUES.matcher(Files.readString(table, StandardCharsets.UTF_8));
        assertThat(values.find()).as("the table's output values").isTrue();
        List<String> segments = new ArrayList<>();
        Matcher quoted = QUOTED.matcher(values.group(1).replace("&#34;", "\"").replace("&quot;", "\""));
        while (quoted.find()) {
            segments.add(quoted.group(1));
        }
        return segments;
    }

    private static Map<String, Object> model(String contentSegment) {
        Map<String, Object> model = new HashMap<>();
        model.put("firstName", "Ada");
        model.put("product", "Acme");
        model.put("baseUrl", "https://acme.example");
        model.put("unsubscribeUrl", "https://acme.example/unsubscribe");
        model.put("daysSinceLastActivity", 15L);
        model.put("segments", Map.of("content", contentSegment));
        return model;
    }
}
