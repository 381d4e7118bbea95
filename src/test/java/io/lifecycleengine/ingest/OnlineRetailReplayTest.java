package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Replays real UCI Online Retail transactions (a sample of 60 customers, see test resources) as one
 * Order Completed per invoice and checks every customer's purchase segment against a recount from
 * the raw rows: high-value at 500 GBP or more, repeat from two invoices, else first-time.
 */
class OnlineRetailReplayTest extends IntegrationTest {

    @Autowired
    private EventImporter importer;

    @Test
    void purchaseSegmentsMatchARecountOfTheRawTransactions(@TempDir Path dir) throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Invoice> invoices = readInvoices(run);
        Path events = dir.resolve("orders.csv");
        List<String> lines = new ArrayList<>(List.of("userId,event,timestamp,messageId,revenue,invoice"));
        invoices.values().forEach(i -> lines.add(String.join(",", i.customer(), "Order Completed", i.timestamp(),
                "retail-" + run + "-" + i.number(), i.revenue().toPlainString(), i.number())));
        Files.write(events, lines, StandardCharsets.UTF_8);

        try {
            importer.importFile(events, (done, total, stored) -> { });

            Map<String, String> expected = recount(invoices);
            Map<String, Long> bySegment = new TreeMap<>();
            expected.forEach((customer, segment) -> {
                String actual = client.getJson("/api/users/" + customer).path("segments").path("purchase").asText();
                assertThat(actual).as(customer).isEqualTo(segment);
                bySegment.merge(segment, 1L, Long::sum);
            });
            assertThat(bySegment).containsOnlyKeys("first-time-buyer", "repeat-customer", "high-value-customer");
            assertThat(expected).hasSizeGreaterThan(50);
        } finally {
            forgetJourneysOf("retail-" + run + "-");
        }
    }

    /** Non-cancelled invoices of identified customers, with their revenue (quantity × unit price). */
    private static Map<String, Invoice> readInvoices(String run) throws IOException {
        Map<String, Invoice> invoices = new LinkedHashMap<>();
        try (InputStream in = OnlineRetailReplayTest.class.getResourceAsStream("/data/online-retail-sample.csv")) {
            List<String> rows = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
            for (String row : rows) {
                List<String> c = CsvLine.split(row);
                String number = c.get(0);
                String customerId = c.get(6);
                if (number.startsWith("C") || customerId.isEmpty()) {
                    continue;
                }
                BigDecimal amount = new BigDecimal(c.get(3)).multiply(new BigDecimal(c.get(5)));
                String customer = "retail-" + run + "-" + customerId.replace(".0", "");
                String timestamp = c.get(4).replace(' ', 'T') + "Z";
                invoices.merge(number, new Invoice(number, customer, timestamp, amount),
                        (a, b) -> new Invoice(a.number(), a.customer(), a.timestamp(), a.revenue().add(b.revenue())));
            }
        }
        return invoices;
    }

    private static Map<String, String> recount(Map<String, Invoice> invoices) {
        Map<String, Integer> count = new HashMap<>();
        Map<String, BigDecimal> revenue = new HashMap<>();
        invoices.values().forEach(i -> {
            count.merge(i.customer(), 1, Integer::sum);
            revenue.merge(i.customer(), i.revenue(), BigDecimal::add);
        });
        Map<String, String> segments = new TreeMap<>();
        count.forEach((customer, n) -> segments.put(customer,
                revenue.get(customer).compareTo(new BigDecimal("500")) >= 0 ? "high-value-customer"
                        : n >= 2 ? "repeat-customer" : "first-time-buyer"));
        return segments;
    }

    private record Invoice(String number, String customer, String timestamp, BigDecimal revenue) {
    }
}
