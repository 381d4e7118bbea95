package io.lifecycleengine.analytics;

import io.lifecycleengine.system.BadRequestException;
import java.util.List;

/**
 * Whom a metric counts: everyone, or the current members of one segment ({@code segment=usage:power-user},
 * {@code segment=lifecycle:ACTIVE}).
 */
record Population(String dimension, String segment) {

    static final Population EVERYONE = new Population(null, null);

    static Population of(String filter) {
        if (filter == null || filter.isBlank()) {
            return EVERYONE;
        }
        int colon = filter.indexOf(':');
        if (colon <= 0 || colon == filter.length() - 1) {
            throw new BadRequestException("Parameter 'segment' must be dimension:segment, e.g. usage:power-user");
        }
        return new Population(filter.substring(0, colon), filter.substring(colon + 1));
    }

    /** "everyone" or "dimension:segment", as reports name it. */
    String name() {
        return dimension == null ? "everyone" : dimension + ":" + segment;
    }

    /** An SQL condition on the given user id column, with {@link #arguments()}; TRUE for everyone. */
    String condition(String userIdColumn) {
        return dimension == null ? "1 = 1"
                : userIdColumn + " IN (SELECT user_id FROM segment_membership WHERE dimension = ? AND segment = ?)";
    }

    List<Object> arguments() {
        return dimension == null ? List.of() : List.of(dimension, segment);
    }
}
