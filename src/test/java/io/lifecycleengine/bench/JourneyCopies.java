package io.lifecycleengine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Multiplies journeys seeded through the real path, in SQL: every row of a seeded user (profile, days,
 * segments, transitions, events, outbox) and of the user's journey (Camunda's runtime rows and activity
 * history, with its finished send processes) is copied once per copy, under new ids. Seeding 100,000
 * users through ingest takes about an hour and a half on this machine; copies of 2,000 take minutes and
 * leave the database as those users would have: the same rows per journey, each journey waiting on its
 * own timer.
 *
 * <p>Camunda's ids here are time-based UUIDs of one node, all ending in the same eight hex digits; a
 * copy's ids end in {@code 8} and the copy's number instead, so they stay as long and unique. A copy's
 * users are the seeded ones with {@code -c} and the copy's number appended; numeric ids move up by the
 * copy's number times {@link #ID_STEP}.
 */
final class JourneyCopies {

    private static final long ID_STEP = 100_000_000L;
    /** Rows of these tables belong to no journey: job definitions, meters, authorizations, the operation log. */
    private static final Set<String> SHARED = Set.of("ACT_RU_JOBDEF", "ACT_RU_METER_LOG", "ACT_RU_AUTHORIZATION",
            "ACT_HI_OP_LOG");

    private final Connection db;
    private final Map<String, Copy> tables = new LinkedHashMap<>();

    private record Copy(String where, Map<String, String> columns) {
    }

    JourneyCopies(Connection db) {
        this.db = db;
        camunda("ACT_RU_EXECUTION", "", Map.of("BUSINESS_KEY_", user("BUSINESS_KEY_")),
                "ID_", "ROOT_PROC_INST_ID_", "PROC_INST_ID_", "PARENT_ID_", "SUPER_EXEC_", "ACT_INST_ID_");
        camunda("ACT_RU_EVENT_SUBSCR", "", Map.of(), "ID_", "EXECUTION_ID_", "PROC_INST_ID_");
        camunda("ACT_RU_JOB", "PROCESS_INSTANCE_ID_ IS NOT NULL", Map.of(),
                "ID_", "EXECUTION_ID_", "ROOT_PROC_INST_ID_", "PROCESS_INSTANCE_ID_");
        camunda("ACT_RU_VARIABLE", "", Map.of(
                        "TEXT_", "CASE NAME_ WHEN 'userId' THEN " + user("TEXT_") + " WHEN 'journeyId' THEN "
                                + id("TEXT_") + " ELSE TEXT_ END",
                        "LONG_", "CASE NAME_ WHEN 'lastTransitionId' THEN LONG_ + {step} ELSE LONG_ END"),
                "ID_", "EXECUTION_ID_", "PROC_INST_ID_", "VAR_SCOPE_");
        camunda("ACT_HI_PROCINST", "", Map.of("BUSINESS_KEY_", user("BUSINESS_KEY_")),
                "ID_", "PROC_INST_ID_", "SUPER_PROCESS_INSTANCE_ID_", "ROOT_PROC_INST_ID_");
        camunda("ACT_HI_ACTINST", "", Map.of(),
                "ID_", "PARENT_ACT_INST_ID_", "ROOT_PROC_INST_ID_", "PROC_INST_ID_", "EXECUTION_ID_", "CALL_PROC_INST_ID_");
        tables.put("behavior_event", new Copy("", Map.of("id", "NULL", "message_id", "CONCAT(message_id, '-c{copy}')",
                "user_id", user("user_id"),
                "payload", "REPLACE(payload, CONCAT('\"', user_id, '\"'), CONCAT('\"', " + user("user_id") + ", '\"'))")));
        for (String table : List.of("behavior_profile", "profile_active_day", "segment_membership")) {
            tables.put(table, new Copy("", Map.of("user_id", user("user_id"))));
        }
        tables.put("segment_transition", new Copy("", Map.of("id", "id + {step}", "user_id", user("user_id"),
                "journey_id", id("journey_id"))));
        tables.put("journey", new Copy("", Map.of("user_id", user("user_id"),
                "process_instance_id", id("process_instance_id"))));
        // the key is journey:transition:kind
        tables.put("message_outbox", new Copy("", Map.of("id", "id + {step}", "user_id", user("user_id"),
                "journey_id", id("journey_id"), "idempotency_key", "CONCAT(" + id("journey_id")
                        + ", ':', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(idempotency_key, ':', 2), ':', -1) AS UNSIGNED) + {step},"
                        + " ':', SUBSTRING_INDEX(idempotency_key, ':', -1))")));
        tables.put("message_status_history", new Copy("", Map.of("id", "id + {step}", "outbox_id", "outbox_id + {step}")));
    }

    /**
     * Copies the seeded journeys until there are {@code total}.
     *
     * @return the number of journeys now
     */
    long multiplyTo(long total) throws SQLException {
        long seeded = BenchTarget.count(db, "SELECT COUNT(*) FROM journey");
        assertThat(total % seeded).as("%d journeys as copies of %d seeded ones", total, seeded).isZero();
        checkCopyable();
        try (Statement statement = db.createStatement()) {
            for (Map.Entry<String, Copy> table : tables.entrySet()) {
                String where = table.getValue().where();
                statement.execute("DROP TABLE IF EXISTS " + seedOf(table.getKey()));
                statement.execute("CREATE TABLE " + seedOf(table.getKey()) + " AS SELECT * FROM " + table.getKey()
                        + (where.isEmpty() ? "" : " WHERE " + where));
            }
            statement.execute("SET SESSION foreign_key_checks = 0");
            for (long copy = 1; copy < total / seeded; copy++) {
                for (Map.Entry<String, Copy> table : tables.entrySet()) {
                    statement.executeUpdate(insert(table.getKey(), table.getValue(), copy));
                }
                if (copy % 10 == 0) {
                    System.out.printf(Locale.ROOT, "copies: %d journeys%n", seeded * (copy + 1));
                }
            }
            statement.execute("SET SESSION foreign_key_checks = 1");
            for (String table : tables.keySet()) {
                statement.execute("DROP TABLE " + seedOf(table));
            }
        }
        return BenchTarget.count(db, "SELECT COUNT(*) FROM journey");
    }

    private void camunda(String table, String where, Map<String, String> more, String... idColumns) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String column : idColumns) {
            columns.put(column, id(column));
        }
        columns.putAll(more);
        tables.put(table, new Copy(where, columns));
    }

    private static String user(String column) {
        return "CONCAT(" + column + ", '-c{copy}')";
    }

    private static String id(String column) {
        return "CONCAT(LEFT(" + column + ", LENGTH(" + column + ") - 8), '{node}')";
    }

    private String insert(String table, Copy copy, long number) throws SQLException {
        List<String> columns = columnsOf(table);
        List<String> values = new ArrayList<>();
        for (String column : columns) {
            values.add(copy.columns().getOrDefault(column, column)
                    .replace("{copy}", Long.toString(number))
                    .replace("{step}", Long.toString(number * ID_STEP))
                    .replace("{node}", String.format(Locale.ROOT, "8%07x", number)));
        }
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") SELECT " + String.join(", ", values)
                + " FROM " + seedOf(table);
    }

    private static String seedOf(String table) {
        return "bench_seed_" + table;
    }

    private List<String> columnsOf(String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_schema"
                     + " = DATABASE() AND table_name = '" + table + "' ORDER BY ordinal_position")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        assertThat(columns).as("columns of %s", table).isNotEmpty();
        return columns;
    }

    /** Fails on any row a copy would miss or get wrong: rows of tables not copied, ids of another kind. */
    private void checkCopyable() throws SQLException {
        try (Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                     + " WHERE table_schema = DATABASE() AND (table_name LIKE 'ACT\\_RU\\_%' OR table_name LIKE 'ACT\\_HI\\_%'"
                     + " OR table_name IN ('journey_signal', 'identity_link', 'message_suppression'))")) {
            List<String> uncopied = new ArrayList<>();
            while (rs.next()) {
                uncopied.add(rs.getString(1));
            }
            for (String table : uncopied) {
                if (!tables.containsKey(table) && !SHARED.contains(table)) {
                    assertThat(BenchTarget.count(db, "SELECT COUNT(*) FROM " + table)).as("rows in %s, which is not copied", table)
                            .isZero();
                }
            }
        }
        assertThat(BenchTarget.count(db, "SELECT COUNT(*) FROM ACT_RU_VARIABLE WHERE BYTEARRAY_ID_ IS NOT NULL"
                + " OR NAME_ NOT IN ('activated', 'activeDays7d', 'idle', 'journeyStartedAt', 'lastTransitionId',"
                + " 'profileStage', 'returning', 'userId', 'journeyId', 'messageKind')"))
                .as("variables with values the copy does not know how to move").isZero();
        assertThat(BenchTarget.count(db, "SELECT COUNT(*) FROM ACT_RU_JOB WHERE EXCEPTION_STACK_ID_ IS NOT NULL"))
                .as("failed jobs").isZero();
        assertThat(BenchTarget.count(db, "SELECT GREATEST(COALESCE(MAX(id), 0), (SELECT COALESCE(MAX(id), 0) FROM message_outbox))"
                + " FROM segment_transition")).as("numeric ids below the copies' step").isLessThan(ID_STEP);
    }

    /** The copies' ids end in 8 and their number: the seeded ones must all end in other digits, the same. */
    private void checkIdsOfOneNode() throws SQLException {
        assertThat(BenchTarget.count(db, "SELECT COUNT(DISTINCT RIGHT(ID_, 8)) FROM ACT_HI_ACTINST")).as("node digits of the ids")
                .isEqualTo(1);
        assertThat(BenchTarget.count(db, "SELECT COUNT(*) FROM ACT_HI_ACTINST WHERE RIGHT(ID_, 8) LIKE '8%'"))
                .as("seeded ids ending like a copy's").isZero();
    }
}
