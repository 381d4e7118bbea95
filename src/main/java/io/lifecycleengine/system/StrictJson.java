package io.lifecycleengine.system;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/** Strict JSON in: bounded nesting, and nothing after the document. The application's mapper is built so. */
public final class StrictJson {

    /** Deeper JSON than any Segment call needs is refused while parsing, before it costs stack or memory. */
    static final int MAX_NESTING = 64;

    private StrictJson() {
    }

    static void configure(Jackson2ObjectMapperBuilder builder) {
        builder.featuresToEnable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build()));
    }

    /** A mapper that reads as the application's does, for reading before the application has started. */
    public static ObjectMapper mapper() {
        Jackson2ObjectMapperBuilder builder = Jackson2ObjectMapperBuilder.json();
        configure(builder);
        return builder.build();
    }
}
