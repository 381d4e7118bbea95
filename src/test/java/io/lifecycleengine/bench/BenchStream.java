package io.lifecycleengine.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's event stream, built from the two real datasets in {@code ../shared/data}: every OULAD
 * VLE click row (a lesson, resource or forum view by a student on a course day) and every Online Retail
 * invoice (an order, or a refund for a cancellation) as Segment events, merged in event-time order with
 * both datasets shifted to end now. Each pass uses fresh user ids, so a later pass is new behavior;
 * every user's first event is preceded by an {@code identify} with an email address.
 */
final class BenchStream {

    /** One event as JSON, with the columns the raw-insert ceiling writes. */
    record Event(String messageId, String type, String userId, String name, Instant at, String json) {
    }

    private static final LocalDate OULAD_2013J = LocalDate.of(2013, 10, 5);
    private static final LocalDate OULAD_2014J = LocalDate.of(2014, 10, 4);
    private static final DateTimeFormatter RETAIL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ObjectMapper json = new ObjectMapper();
    private final List<Event> pass = new ArrayList<>();
    private final Instant now;

    BenchStream(Path data, Instant now) throws IOException {
        this.now = now;
        List<Raw> raw = new ArrayList<>();
        raw.addAll(shiftedToNow(oulad(data.resolve("oulad"))));
        raw.addAll(shiftedToNow(retail(data.resolve("online-retail/transactions.csv"))));
        raw.sort(Comparator.comparing(Raw::at));
        Set<String> known = new HashSet<>();
        int row = 0;
        for (Raw event : raw) {
            if (known.add(event.user())) {
                pass.add(toEvent("identify", event.user(), null, event.at().minusSeconds(1), "id-" + row, null));
            }
            pass.add(toEvent(event.type(), event.user(), event.name(), event.at(), "ev-" + row, event.properties()));
            row++;
        }
    }

    int eventsPerPass() {
        return pass.size();
    }

    /** The events of the given pass (0, 1, ...), its user and message ids prefixed with the pass. */
    List<Event> pass(int number) {
        List<Event> events = new ArrayList<>(pass.size());
        String prefix = "p" + number + "-";
        for (Event event : pass) {
            String jsonText = event.json().replace("\"u:", "\"" + prefix).replace("\"m:", "\"" + prefix);
            events.add(new Event(prefix + event.messageId(), event.type(), prefix + event.userId(), event.name(),
                    event.at(), jsonText));
        }
        return events;
    }

    private Event toEvent(String type, String user, String name, Instant at, String messageId, Map<String, Object> properties) {
        ObjectNode node = json.createObjectNode();
        node.put("type", type);
        node.put("messageId", "m:" + messageId);
        node.put("userId", "u:" + user);
        node.put("timestamp", at.toString());
        if (type.equals("identify")) {
            node.putObject("traits").put("email", "u:" + user + "@bench.example").put("firstName", "Student");
        } else {
            node.put(type.equals("page") ? "name" : "event", name);
            node.set("properties", json.valueToTree(properties));
        }
        return new Event(messageId, type, user, name, at, node.toString());
    }

    private List<Raw> shiftedToNow(List<Raw> events) {
        Instant last = events.stream().map(Raw::at).max(Comparator.naturalOrder()).orElseThrow();
        Duration shift = Duration.between(last, now);
        return events.stream().map(event -> event.at(event.at().plus(shift))).toList();
    }

    private static List<Raw> oulad(Path dir) throws IOException {
        Map<String, String> activityOfSite = new HashMap<>();
        try (BufferedReader lines = Files.newBufferedReader(dir.resolve("vle.csv"))) {
            lines.readLine();
            for (String line; (line = lines.readLine()) != null; ) {
                String[] cell = line.split(",");
                activityOfSite.put(cell[0], cell[3]);
            }
        }
        List<Raw> events = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(dir.resolve("studentVle.csv"))) {
            lines.readLine();
            int row = 0;
            for (String line; (line = lines.readLine()) != null; row++) {
                String[] cell = line.split(",");
                LocalDate start = cell[1].equals("2013J") ? OULAD_2013J : OULAD_2014J;
                Instant at = start.plusDays(Integer.parseInt(cell[4])).atTime(8, 0).toInstant(ZoneOffset.UTC)
                        .plusSeconds((row * 7919L) % 43_200);
                String activity = activityOfSite.getOrDefault(cell[3], "resource");
                Map<String, Object> properties = Map.of("site", cell[3], "clicks", Integer.parseInt(cell[5]),
                        "activityType", activity, "course", cell[0] + "-" + cell[1]);
                String user = "oulad-" + cell[2];
                switch (activity) {
                    case "homepage", "subpage" -> events.add(new Raw("page", user, "Course Home", at,
                            Map.of("path", "/course/" + cell[0], "site", cell[3])));
                    case "oucontent" -> events.add(new Raw("track", user, "Lesson Started", at, properties));
                    case "quiz" -> events.add(new Raw("track", user, "Quiz Completed", at, properties));
                    case "forumng", "oucollaborate" -> events.add(new Raw("track", user, "Forum Viewed", at, properties));
                    default -> events.add(new Raw("track", user, "Resource Viewed", at, properties));
                }
            }
        }
        return events;
    }

    /** One event per invoice: its lines as products, the revenue their sum. */
    private static List<Raw> retail(Path file) throws IOException {
        Map<String, List<String[]>> invoices = new LinkedHashMap<>();
        try (BufferedReader lines = Files.newBufferedReader(file)) {
            lines.readLine();
            for (String line; (line = lines.readLine()) != null; ) {
                String[] cell = csv(line);
                if (!cell[6].isBlank()) {
                    invoices.computeIfAbsent(cell[0], invoice -> new ArrayList<>()).add(cell);
                }
            }
        }
        List<Raw> events = new ArrayList<>();
        invoices.forEach((invoice, rows) -> {
            String[] first = rows.get(0);
            double revenue = 0;
            List<Map<String, Object>> products = new ArrayList<>();
            for (String[] cell : rows) {
                int quantity = Integer.parseInt(cell[3]);
                double price = Double.parseDouble(cell[5]);
                revenue += quantity * price;
                products.add(Map.of("sku", cell[1], "name", cell[2], "quantity", quantity, "price", price));
            }
            boolean refund = invoice.startsWith("C");
            Instant at = LocalDateTime.parse(first[4], RETAIL_TIME).toInstant(ZoneOffset.UTC);
            String user = "retail-" + first[6].replace(".0", "");
            events.add(new Raw("track", user, refund ? "Order Refunded" : "Order Completed", at,
                    Map.of("order_id", invoice, "revenue", Math.abs(Math.round(revenue * 100) / 100.0),
                            "currency", "GBP", "products", products)));
        });
        return events;
    }

    /** Splits a CSV line whose fields are quoted only where needed. */
    private static String[] csv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells.toArray(String[]::new);
    }

    private record Raw(String type, String user, String name, Instant at, Map<String, Object> properties) {
        Raw at(Instant shifted) {
            return new Raw(type, user, name, shifted, properties);
        }
    }
}
