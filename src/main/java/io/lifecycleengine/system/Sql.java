package io.lifecycleengine.system;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** Small helpers for SQL built with JdbcTemplate. */
public final class Sql {

    /** Rows per multi-row statement at most; statement sizes are powers of two, so that few texts recur. */
    static final int MAX_ROWS_PER_STATEMENT = 256;

    /**
     * Text of the bound values per multi-row statement at most: even escaped twice over, well below the smallest
     * default {@code max_allowed_packet} (4 MB on MySQL 5.7; 16 MB on MariaDB, 64 MB on MySQL 8).
     */
    static final long MAX_VALUE_TEXT_PER_STATEMENT = 1 << 20;

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

    /**
     * Inserts rows with multi-row statements: {@code head} ends with {@code VALUES}, each row's values fill a
     * {@code (?, …)}, {@code tail} follows (e.g. {@code ON DUPLICATE KEY UPDATE …}, or empty). Connector/J encodes
     * every value of a rewritten JDBC batch twice, the first time only to learn the statement's length; here
     * each value is encoded once. Times go in as {@link Instant}s (see {@link #bind}). Fails as a batch would
     * (e.g. {@code DuplicateKeyException}).
     */
    public static void insertRows(JdbcTemplate jdbc, String head, List<Object[]> rows, String tail) {
        for (List<Object[]> statement : statements(rows)) {
            jdbc.update(valuesStatement(head, statement, tail), (PreparedStatementSetter) insert -> bind(insert, statement));
        }
    }

    /** {@link #insertRows} into a table with a generated key; returns the rows' keys in row order. */
    public static List<Long> insertRowsReturningKeys(JdbcTemplate jdbc, String head, List<Object[]> rows) {
        List<Long> keys = new ArrayList<>(rows.size());
        for (List<Object[]> statement : statements(rows)) {
            String sql = valuesStatement(head, statement, "");
            GeneratedKeyHolder generated = new GeneratedKeyHolder();
            jdbc.update(connection -> {
                PreparedStatement insert = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
                bind(insert, statement);
                return insert;
            }, generated);
            for (Map<String, Object> key : generated.getKeyList()) {
                keys.add(((Number) key.values().iterator().next()).longValue());
            }
        }
        if (keys.size() != rows.size()) {
            throw new IllegalStateException("Inserted " + rows.size() + " rows but got " + keys.size() + " keys");
        }
        return keys;
    }

    /** Consecutive slices of the rows, each the largest power of two that fits the limits (one row always fits). */
    static List<List<Object[]>> statements(List<Object[]> rows) {
        List<List<Object[]>> statements = new ArrayList<>();
        for (int from = 0; from < rows.size(); ) {
            int count = Integer.highestOneBit(Math.min(MAX_ROWS_PER_STATEMENT, rows.size() - from));
            while (count > 1 && valueText(rows.subList(from, from + count)) > MAX_VALUE_TEXT_PER_STATEMENT) {
                count /= 2;
            }
            statements.add(rows.subList(from, from + count));
            from += count;
        }
        return statements;
    }

    private static long valueText(List<Object[]> rows) {
        long length = 0;
        for (Object[] row : rows) {
            for (Object value : row) {
                length += value instanceof CharSequence text ? text.length() : 32;
            }
        }
        return length;
    }

    private static String valuesStatement(String head, List<Object[]> rows, String tail) {
        return head + " " + placeholderRows(rows.size(), rows.get(0).length) + tail;
    }

    /**
     * Binds plainly (Spring's setter checks every value against its own interfaces, twice, which costs here). An
     * {@link Instant} is bound as its wall-clock time in the JVM's zone: what H2 and Connector/J (with its default
     * {@code connectionTimeZone=LOCAL}) store for a {@code Timestamp}, and how they read one back; but Connector/J
     * formats a {@code Timestamp} or {@code Instant} through a new {@code SimpleDateFormat} each time, and a
     * {@code LocalDateTime} with one shared formatter.
     */
    private static void bind(PreparedStatement insert, List<Object[]> rows) throws SQLException {
        ZoneId zone = ZoneId.systemDefault();
        int index = 1;
        for (Object[] row : rows) {
            for (Object value : row) {
                if (value == null) {
                    insert.setNull(index++, Types.NULL);
                } else if (value instanceof String text) {
                    insert.setString(index++, text);
                } else if (value instanceof Instant instant) {
                    insert.setObject(index++, LocalDateTime.ofInstant(instant, zone));
                } else {
                    insert.setObject(index++, value);
                }
            }
        }
    }
}
