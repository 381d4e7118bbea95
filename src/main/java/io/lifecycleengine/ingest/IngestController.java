package io.lifecycleengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.system.BadRequestException;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Segment's HTTP Tracking API: {@code /v1/identify|track|page|screen|alias|group|batch}. */
@RestController
@RequestMapping(path = "/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class IngestController {

    static final int MAX_BATCH_ITEMS = 2500;
    private static final Map<String, Boolean> SUCCESS = Map.of("success", true);

    private final IngestService ingest;
    private final WriteKeys writeKeys;
    private final Clock clock;

    IngestController(IngestService ingest, WriteKeys writeKeys, Clock clock) {
        this.ingest = ingest;
        this.writeKeys = writeKeys;
        this.clock = clock;
    }

    @PostMapping({"/{call:identify|track|page|screen|alias|group}", "/{call:identify|track|page|screen|alias|group}/"})
    Map<String, Boolean> single(@Parameter(schema = @Schema(allowableValues = {"identify", "track", "page", "screen", "alias",
                                        "group"})) @PathVariable String call,
                                @RequestBody JsonNode body, HttpServletRequest request) {
        writeKeys.verify(request, body);
        EventType type = EventType.fromSpecName(call).orElseThrow();
        ingest.accept(List.of(SegmentPayloadParser.parse(body, type, clock.instant(), "body",
                SegmentPayloadParser.BatchDefaults.NONE)));
        return SUCCESS;
    }

    /** {@code /v1/import} is where Segment's server-side SDKs (analytics-java, …) send their batches. */
    @PostMapping({"/batch", "/batch/", "/import", "/import/"})
    Map<String, Boolean> batch(@RequestBody JsonNode body, HttpServletRequest request) {
        if (body == null || !body.isObject() || !body.path("batch").isArray()) {
            throw new BadRequestException("body: batch must be a JSON array of calls");
        }
        writeKeys.verify(request, body);
        JsonNode items = body.get("batch");
        if (items.size() > MAX_BATCH_ITEMS) {
            throw new BadRequestException("body: batch has " + items.size() + " items, at most " + MAX_BATCH_ITEMS);
        }
        Instant receivedAt = clock.instant();
        var defaults = new SegmentPayloadParser.BatchDefaults(body.get("context"), body.get("integrations"),
                SegmentPayloadParser.timestamp(body, "sentAt", "body"));
        List<BehaviorEvent> events = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String where = "batch[" + i + "]";
            String typeName = item.path("type").asText("");
            EventType type = EventType.fromSpecName(typeName).orElseThrow(() -> new BadRequestException(
                    where + ": type must be one of identify, track, page, screen, alias, group"));
            events.add(SegmentPayloadParser.parse(item, type, receivedAt, where, defaults));
        }
        ingest.accept(events);
        return SUCCESS;
    }
}
