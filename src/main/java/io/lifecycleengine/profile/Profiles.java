package io.lifecycleengine.profile;

import static io.lifecycleengine.system.Sql.placeholderRows;
import static io.lifecycleengine.system.Sql.placeholders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import io.lifecycleengine.system.Sql;
import org.springframework.stereotype.Repository;

/** Profile rows and the per-day activity buckets behind the active-day counts. */
@Repository
class Profiles {

    private static final List<String> PROFILE_COLUMNS = List.of("user_id", "email", "traits", "first_seen_at",
            "last_event_at", "last_activity_at", "event_count", "activity_count", "page_views", "purchases", "revenue",
            "last_purchase_at", "intent_signals", "pricing_page_views", "cart_adds", "checkouts_started", "demo_requests",
            "last_intent_at", "last_intent_kind", "content_blog", "content_video", "content_email", "content_lesson",
            "last_cart_at", "traits_at");

    private static final String COLUMNS = String.join(", ", PROFILE_COLUMNS);

    /** New profiles, each row's values in the order of {@link #PROFILE_COLUMNS}, as multi-row statements. */
    private static final String INSERT_PROFILES = "INSERT INTO behavior_profile (" + COLUMNS + ") VALUES";

    /** H2: writes back a profile, its values followed by its user id. */
    private static final String UPDATE_PROFILE = "UPDATE behavior_profile SET " + PROFILE_COLUMNS.stream()
            .map(column -> column + " = ?").collect(Collectors.joining(", ")) + " WHERE user_id = ?";

    /** MySQL: after {@link #INSERT_PROFILES}, writes back profiles that are there (see {@link #updateAll}). */
    private static final String UPSERT_PROFILES_TAIL = " ON DUPLICATE KEY UPDATE " + PROFILE_COLUMNS.stream()
            .filter(column -> !column.equals("user_id"))
            .map(column -> column + " = VALUES(" + column + ")").collect(Collectors.joining(", "));

    /** A bucket's counters, in the order of {@link DayDelta#columns()} followed by the events. */
    private static final List<String> DAY_COUNTERS = List.of("page_views", "intent_signals", "purchases", "revenue",
            "content_blog", "content_video", "content_email", "content_lesson", "pricing_page_views", "cart_adds",
            "checkouts_started", "demo_requests", "events");

    /** New buckets, each row its counters, then user and day, as multi-row statements. */
    private static final String INSERT_DAYS = "INSERT INTO profile_active_day (" + String.join(", ", DAY_COUNTERS)
            + ", user_id, activity_date) VALUES";

    /** H2: adds to an existing bucket; the same arguments as a row of {@link #INSERT_DAYS}. */
    private static final String ADD_TO_DAY = "UPDATE profile_active_day SET " + DAY_COUNTERS.stream()
            .map(column -> column + " = " + column + " + ?").collect(Collectors.joining(", "))
            + " WHERE user_id = ? AND activity_date = ?";

    /** MySQL: after {@link #INSERT_DAYS}, a new bucket, or added to the one that is there. */
    private static final String UPSERT_DAYS_TAIL = " ON DUPLICATE KEY UPDATE " + DAY_COUNTERS.stream()
            .map(column -> column + " = " + column + " + VALUES(" + column + ")").collect(Collectors.joining(", "));

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final boolean h2;

    Profiles(JdbcTemplate jdbc, ObjectMapper json, @Value("${spring.datasource.url}") String url) {
        this.jdbc = jdbc;
        this.json = json;
        this.h2 = DatabaseDriver.fromJdbcUrl(url) == DatabaseDriver.H2;
    }

    /** Reads and locks the profiles of many users, in user order so that concurrent calls lock alike. */
    Map<String, ProfileState> findAllForUpdate(Collection<String> userIds) {
        Map<String, ProfileState> found = new HashMap<>();
        if (!userIds.isEmpty()) {
            jdbc.query("SELECT " + COLUMNS + " FROM behavior_profile WHERE user_id IN (" + placeholders(userIds.size())
                    + ") ORDER BY user_id FOR UPDATE", rs -> {
                        ProfileState state = map(rs, 0);
                        found.put(state.userId(), state);
                    }, userIds.toArray());
        }
        return found;
    }

    /** @throws DuplicateKeyException when another transaction created one of the profiles first */
    void insertAll(List<ProfileState> created) {
        if (!created.isEmpty()) {
            Sql.insertRows(jdbc, INSERT_PROFILES, created.stream().map(Profiles::values).toList(), "");
        }
    }

    /**
     * Writes back profiles read with {@link #findAllForUpdate}. On MySQL as multi-row inserts that find the rows
     * there: Connector/J would turn a batch of updates into one long multi-statement text that it builds and
     * parses again for every batch.
     */
    void updateAll(List<ProfileState> changed) {
        if (changed.isEmpty()) {
            return;
        }
        if (!h2) {
            Sql.insertRows(jdbc, INSERT_PROFILES, changed.stream().map(Profiles::values).toList(), UPSERT_PROFILES_TAIL);
        } else {
            jdbc.batchUpdate(UPDATE_PROFILE, changed.stream().map(p -> concat(values(p), p.userId())).toList());
        }
    }

    /** The column values of a profile, in the order of {@link #PROFILE_COLUMNS}. */
    private static Object[] values(ProfileState p) {
        return new Object[] {p.userId(), p.email(), text(p.traits()), p.firstSeenAt(), p.lastEventAt(),
                p.lastActivityAt(), p.events(), p.activities(), p.pageViews(), p.purchases(), p.revenue(),
                p.lastPurchaseAt(), p.intentSignals(), p.pricingPageViews(), p.cartAdds(), p.checkoutsStarted(),
                p.demoRequests(), p.lastIntentAt(), name(p.lastIntentKind()), p.contentBlog(), p.contentVideo(),
                p.contentEmail(), p.contentLesson(), p.lastCartAt(), p.traitsAt()};
    }

    /**
     * Per user, the days among theirs that already have a bucket. Only called while the profiles are locked.
     * Asks for the (user, day) pairs themselves: with {@code user_id IN (…) AND activity_date IN (…)} H2 reads every
     * bucket of those users, as it uses an index for one IN list only.
     */
    Map<String, Set<LocalDate>> existingDays(Map<String, Map<LocalDate, DayDelta>> days) {
        Map<String, Set<LocalDate>> existing = new HashMap<>();
        List<Object> args = new ArrayList<>();
        days.forEach((userId, perDay) -> perDay.keySet().forEach(day -> {
            args.add(userId);
            args.add(Date.valueOf(day));
        }));
        if (args.isEmpty()) {
            return existing;
        }
        jdbc.query("SELECT user_id, activity_date FROM profile_active_day WHERE (user_id, activity_date) IN ("
                + placeholderRows(args.size() / 2, 2) + ")", rs -> {
                    existing.computeIfAbsent(rs.getString(1), u -> new HashSet<>()).add(rs.getDate(2).toLocalDate());
                }, args.toArray());
        return existing;
    }

    /**
     * Adds a call's per-user, per-day sums to the buckets. On MySQL as multi-row inserts that add to a bucket
     * found there (see {@link #updateAll}); on H2 as updates of the existing days and inserts of the new ones.
     */
    void addToDays(Map<String, Map<LocalDate, DayDelta>> days, Map<String, Set<LocalDate>> existing) {
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        days.forEach((userId, perDay) -> perDay.forEach((day, delta) ->
                (h2 && existing.getOrDefault(userId, Set.of()).contains(day) ? updates : inserts)
                        .add(concat(delta.columns(), delta.events(), userId, day))));
        if (!updates.isEmpty()) {
            jdbc.batchUpdate(ADD_TO_DAY, updates);
        }
        if (!inserts.isEmpty()) {
            Sql.insertRows(jdbc, INSERT_DAYS, inserts, h2 ? "" : UPSERT_DAYS_TAIL);
        }
    }

    /**
     * The 7- and 30-day sums (today included) of the given users' buckets, in one query.
     *
     * <p>The users' buckets in the window are found by one index range per user. MySQL does that for
     * {@code user_id IN (…) AND activity_date BETWEEN …}; H2 uses an index for the IN list alone and reads every
     * bucket of those users, so on H2 the users come as an array joined to the buckets.
     *
     * @return per user: index 0 the last 7 days, index 1 the last 30 days; users without buckets are absent
     */
    Map<String, WindowTotals[]> windowTotals(Collection<String> userIds, LocalDate today) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        LocalDate firstOf7 = firstDayOfLast(7, today);
        List<Object> args = new ArrayList<>();
        if (h2) {
            args.add(userIds.toArray(String[]::new));
        }
        args.add(Date.valueOf(firstDayOfLast(30, today)));
        args.add(Date.valueOf(today));
        if (!h2) {
            args.addAll(userIds);
        }
        // the buckets are added up here, not by 28 conditional aggregates, which took half of the query's time on H2
        Map<String, WindowSum[]> sums = new HashMap<>();
        jdbc.query("SELECT d.user_id, d.activity_date, " + DAY_COUNTERS.stream().map(column -> "d." + column)
                .collect(Collectors.joining(", ")) + " FROM " + (h2 ? """
                    UNNEST(CAST(? AS VARCHAR(255) ARRAY)) AS u(id)
                    JOIN profile_active_day d ON d.user_id = u.id AND d.activity_date BETWEEN ? AND ?"""
                : "profile_active_day d WHERE d.activity_date BETWEEN ? AND ? AND d.user_id IN ("
                        + placeholders(userIds.size()) + ")"),
                rs -> {
                    WindowSum[] user = sums.computeIfAbsent(rs.getString(1),
                            id -> new WindowSum[] {new WindowSum(), new WindowSum()});
                    user[1].add(rs, 3);
                    if (!rs.getObject(2, LocalDate.class).isBefore(firstOf7)) {
                        user[0].add(rs, 3);
                    }
                }, args.toArray());
        Map<String, WindowTotals[]> totals = new HashMap<>();
        sums.forEach((userId, sum) -> totals.put(userId, new WindowTotals[] {sum[0].totals(), sum[1].totals()}));
        return totals;
    }

    List<ProfileState> findAll(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM behavior_profile WHERE user_id IN (" + placeholders(userIds.size())
                + ")", this::map, userIds.toArray());
    }

    List<String> activeSince(Instant since, String afterUserId, int limit) {
        return jdbc.queryForList("""
                SELECT user_id FROM behavior_profile WHERE last_activity_at >= ? AND user_id > ?
                ORDER BY user_id LIMIT ?""", String.class, Timestamp.from(since), afterUserId, limit);
    }

    Optional<Instant> lastActivity(String userId) {
        return jdbc.query("SELECT COALESCE(last_activity_at, first_seen_at) FROM behavior_profile WHERE user_id = ?",
                (rs, n) -> rs.getTimestamp(1).toInstant(), userId).stream().findFirst();
    }

    /** Locks the user's profile row until the transaction ends, as folding events in does. */
    void lockProfile(String userId) {
        jdbc.query("SELECT user_id FROM behavior_profile WHERE user_id = ? FOR UPDATE", rs -> {
        }, userId);
    }

    Optional<RecentActivity> recentActivity(String userId, LocalDate today) {
        return jdbc.query("""
                SELECT COALESCE(p.last_activity_at, p.first_seen_at),
                  (SELECT COUNT(*) FROM profile_active_day d WHERE d.user_id = p.user_id AND d.activity_date BETWEEN ? AND ?)
                FROM behavior_profile p WHERE p.user_id = ?""",
                (rs, n) -> new RecentActivity(rs.getTimestamp(1).toInstant(), rs.getInt(2)),
                Date.valueOf(firstDayOfLast(7, today)), Date.valueOf(today), userId).stream().findFirst();
    }

    /** The first day of a window of the given days that ends with today. */
    private static LocalDate firstDayOfLast(int days, LocalDate today) {
        return today.minusDays(days - 1L);
    }

    /** The user's traits alone, without the counters. */
    Optional<ObjectNode> traitsOf(String userId) {
        return jdbc.query("SELECT traits FROM behavior_profile WHERE user_id = ?", (rs, n) -> traits(rs.getString(1)), userId)
                .stream().findFirst();
    }

    List<String> userIdsAfter(String afterUserId, int limit) {
        return jdbc.queryForList("SELECT user_id FROM behavior_profile WHERE user_id > ? ORDER BY user_id LIMIT ?",
                String.class, afterUserId, limit);
    }

    long count() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM behavior_profile", Long.class);
        return count == null ? 0 : count;
    }

    void delete(String userId) {
        jdbc.update("DELETE FROM profile_active_day WHERE user_id = ?", userId);
        jdbc.update("DELETE FROM behavior_profile WHERE user_id = ?", userId);
    }

    private static Object[] concat(Object[] head, Object... tail) {
        Object[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private ProfileState map(ResultSet rs, int row) throws SQLException {
        String kind = rs.getString("last_intent_kind");
        return new ProfileState(
                rs.getString("user_id"),
                rs.getString("email"),
                traits(rs.getString("traits")),
                instant(rs, "first_seen_at"),
                instant(rs, "last_event_at"),
                instant(rs, "last_activity_at"),
                rs.getLong("event_count"),
                rs.getLong("activity_count"),
                rs.getLong("page_views"),
                rs.getInt("purchases"),
                rs.getBigDecimal("revenue"),
                instant(rs, "last_purchase_at"),
                rs.getInt("intent_signals"),
                rs.getInt("pricing_page_views"),
                rs.getInt("cart_adds"),
                rs.getInt("checkouts_started"),
                rs.getInt("demo_requests"),
                instant(rs, "last_intent_at"),
                kind == null ? null : IntentKind.valueOf(kind),
                rs.getInt("content_blog"),
                rs.getInt("content_video"),
                rs.getInt("content_email"),
                rs.getInt("content_lesson"),
                instant(rs, "last_cart_at"),
                instant(rs, "traits_at"));
    }

    ObjectNode traits(String text) {
        if (text == null || text.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return (ObjectNode) json.readTree(text);
        } catch (JsonProcessingException | ClassCastException unreadable) {
            return json.createObjectNode();
        }
    }

    private static String text(ObjectNode traits) {
        return traits == null || traits.isEmpty() ? null : traits.toString();
    }


    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
