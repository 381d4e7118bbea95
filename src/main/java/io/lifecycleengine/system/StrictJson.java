package io.lifecycleengine.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/** Strict JSON in: bounded nesting, and nothing after the document. The application's mapper is built so. */
public final class StrictJson {

    /** Deeper JSON than any Segment call needs is refused while parsing, before it costs stack or memory. */
    static final int MAX_NESTING = 64;

    private static final ObjectMapper BINDER = mapper().copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StrictJson() {
    }

    static void configure(Jackson2ObjectMapperBuilder builder) {
        builder.featuresToEnable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build()));
    }

    /**
     * Reads a request body into the given type refusing fields it does not have: a misspelled option of a
     * command ({@code "dryrun"}) must not be ignored. The errors name the field.
     *
     * @throws BadRequestException for an unknown field or a value of the wrong type
     */
    public static <T> T bind(JsonNode body, Class<T> type) {
        try {
            return BINDER.treeToValue(body, type);
        } catch (UnrecognizedPropertyException unknown) {
            throw new BadRequestException("Unknown field '" + unknown.getPropertyName() + "'; the fields are "
                    + unknown.getKnownPropertyIds());
        } catch (MismatchedInputException wrong) {
            throw new BadRequestException(mismatch(wrong));
        } catch (JsonProcessingException unreadable) {
            throw new BadRequestException("The request body does not fit: " + unreadable.getOriginalMessage());
        }
    }

    /** What a body of valid JSON in the wrong shape gets wrong, naming the field (the body itself when it is the root). */
    public static String mismatch(MismatchedInputException wrong) {
        String field = wrong.getPath().stream().map(reference -> reference.getFieldName() != null
                ? reference.getFieldName() : "[" + reference.getIndex() + "]").collect(Collectors.joining("."));
        if (field.isEmpty()) {
            Class<?> type = wrong.getTargetType();
            boolean object = type == null || type.isRecord() || !type.getName().startsWith("java.");
            return "The request body must be " + (object ? "a JSON object" : expectedValue(type));
        }
        return "'" + field + "' must be " + expectedValue(wrong.getTargetType());
    }

    private static String expectedValue(Class<?> type) {
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type != null && (Number.class.isAssignableFrom(type) || type.isPrimitive())) {
            return "a number";
        }
        if (type != null && Map.class.isAssignableFrom(type)) {
            return "an object of names to texts";
        }
        return type == String.class ? "a text" : "a " + (type == null ? "value of another type" : type.getSimpleName());
    }

    /** A mapper that reads as the application's does, for reading before the application has started. */
    public static ObjectMapper mapper() {
        Jackson2ObjectMapperBuilder builder = Jackson2ObjectMapperBuilder.json();
        configure(builder);
        return builder.build();
    }
}
