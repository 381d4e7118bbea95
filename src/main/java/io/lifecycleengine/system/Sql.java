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
}
