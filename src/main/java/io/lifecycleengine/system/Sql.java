package io.lifecycleengine.system;

import java.util.Collections;

/** Small helpers for SQL built with JdbcTemplate. */
public final class Sql {

    private Sql() {
    }

    /** {@code ?, ?, ?} for an {@code IN (…)} list or a VALUES row of the given length. */
    public static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /** {@code (?, ?), (?, ?)} for a row-value {@code IN (…)} list of {@code count} rows of {@code width} columns. */
    public static String placeholderRows(int count, int width) {
        return String.join(", ", Collections.nCopies(count, "(" + placeholders(width) + ")"));
    }
}
